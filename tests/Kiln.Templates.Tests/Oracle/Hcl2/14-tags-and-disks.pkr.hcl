variable "team" {
  type    = string
  default = "web"
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
  ami_description = "built for ${var.team}"
  tags = {
    Name    = "app"
    Team    = var.team
    "Base"  = "{{ .SourceAMIName }}"
  }
  run_tags = { Purpose = "bake-${var.team}" }
  snapshot_tags = { Team = upper(var.team) }
  ami_block_device_mappings {
    device_name           = "/dev/xvda"
    volume_size           = 40
    volume_type           = "gp2"
    delete_on_termination = true
  }
  temporary_security_group_source_cidrs = ["10.0.0.0/8"]
}
build {
  sources = ["source.amazon-ebs.base"]
}
