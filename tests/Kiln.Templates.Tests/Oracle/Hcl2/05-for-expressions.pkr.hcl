variable "users" {
  type = list(object({ name = string, admin = bool, group = string }))
  default = [
    { name = "ann", admin = true, group = "ops" },
    { name = "bob", admin = false, group = "dev" },
    { name = "cid", admin = false, group = "ops" },
  ]
}
locals {
  names    = [for u in var.users : upper(u.name)]
  admins   = [for u in var.users : u.name if u.admin]
  by_name  = { for u in var.users : u.name => u.group }
  by_group = { for u in var.users : u.group => u.name... }
  indexed  = [for i, u in var.users : "${i}:${u.name}"]
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
  tags          = local.by_name
}
build {
  sources = ["source.amazon-ebs.base"]
}
