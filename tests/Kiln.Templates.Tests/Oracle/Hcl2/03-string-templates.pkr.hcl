variable "items" {
  type    = list(string)
  default = ["x", "y", "z"]
}
variable "debug" {
  type    = bool
  default = false
}
locals {
  joined  = "%{ for i in var.items }${i};%{ endfor }"
  trimmed = "[ %{~ for i in var.items ~} ${i} %{~ endfor ~} ]"
  mode    = "%{ if var.debug }debug%{ else }quiet%{ endif }"
  escaped = "$${not} %%{this}"
  unicode = "caf\u00e9 \"quoted\" tab\there"
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-${local.mode}-20180301-0907"
}
build {
  sources = ["source.amazon-ebs.base"]
  provisioner "shell" {
    inline = [local.joined, local.trimmed, local.escaped]
  }
}
