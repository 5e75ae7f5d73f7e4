variable "count" {
  type    = number
  default = 3
}
variable "enabled" {
  type    = bool
  default = true
}
variable "zones" {
  type    = list(string)
  default = ["a", "c"]
}
variable "tags" {
  type    = map(string)
  default = { team = "web", tier = "1" }
}
variable "spec" {
  type = object({ size = number, kind = string, flags = list(bool) })
  default = { size = "50", kind = "gp2", flags = [true, false] }
}
variable "untyped" {
  default = "plain"
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
}
build {
  sources = ["source.amazon-ebs.base"]
  provisioner "shell" {
    inline = ["echo ${var.count} ${var.enabled} ${join(",", var.zones)} ${var.spec.size}"]
  }
}
