variable "env" {
  type    = string
  default = "dev"
}
locals {
  prefix = "${var.env}-${local.category}"
  category = "api"
  family = "hoge-${local.prefix}-base"
}
locals {
  numbers = [1, 2, 3]
  total   = local.numbers[0] + local.numbers[2]
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "${local.family}-20180301-0907"
}
build {
  sources = ["source.amazon-ebs.base"]
}
