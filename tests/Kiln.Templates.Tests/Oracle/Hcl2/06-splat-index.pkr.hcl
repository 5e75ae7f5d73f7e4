variable "disks" {
  type = list(object({ device = string, size = number }))
  default = [{ device = "/dev/xvda", size = 20 }, { device = "/dev/xvdb", size = 30 }]
}
locals {
  devices = var.disks[*].device
  sizes   = var.disks.*.size
  first   = var.disks[0].device
  legacy  = var.disks.1.size
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
  ami_block_device_mappings {
    device_name = local.first
    volume_size = local.sizes[0]
    volume_type = "gp2"
    delete_on_termination = true
  }
}
build {
  sources = ["source.amazon-ebs.base"]
}
