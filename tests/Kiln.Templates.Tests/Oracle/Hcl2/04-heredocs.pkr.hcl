variable "name" {
  type    = string
  default = "web"
}
locals {
  plain = <<EOT
line one ${var.name}
  line two
EOT
  flush = <<-EOT
    indented ${upper(var.name)}
      more
    EOT
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
  user_data     = local.flush
}
build {
  sources = ["source.amazon-ebs.base"]
  provisioner "shell" {
    inline = [local.plain]
  }
}
