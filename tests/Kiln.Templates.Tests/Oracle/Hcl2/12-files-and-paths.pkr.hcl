locals {
  script   = file("${path.root}/files/motd.txt")
  root     = path.root
  exists   = fileexists("${path.root}/files/motd.txt")
  base     = basename("/etc/app/config.yml")
  dir      = dirname("/etc/app/config.yml")
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
    inline = [local.script, "${path.root}/files/motd.txt"]
  }
}
