variable "size" {
  type    = number
  default = 50
}
variable "env" {
  type    = string
  default = "prd"
}
locals {
  doubled   = var.size * 2
  mixed     = 1 + 2 * 3 - 4 / 2
  modulo    = 17 % 5
  compare   = [var.size > 10, var.size <= 50, var.size == 50, var.env != "dev"]
  logic     = !(true && false) || false
  type      = var.env == "prd" ? "m5.large" : "t2.nano"
  nested    = var.size > 100 ? "big" : var.size > 40 ? "medium" : "small"
  fraction  = 0.1 + 0.2
  negative  = -var.size
  as_string = "${var.size}" == "50"
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = local.type
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-${local.nested}-20180301-0907"
  ami_block_device_mappings {
    device_name = "/dev/xvda"
    volume_size = local.doubled
    volume_type = "gp2"
  }
}
build {
  sources = ["source.amazon-ebs.base"]
}
