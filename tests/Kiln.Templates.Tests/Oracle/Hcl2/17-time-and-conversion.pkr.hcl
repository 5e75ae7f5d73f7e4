locals {
  date    = formatdate("YYYYMMDD-hhmm", "2018-03-01T09:07:05Z")
  long    = formatdate("EEEE, DD MMMM YYYY hh:mm:ss ZZZ", "2018-03-01T09:07:05Z")
  later   = timeadd("2018-03-01T09:07:05Z", "90m")
  numbers = [for s in ["1", "2.5"] : s + 0]
  strings = "${42}-${true}"
  can     = [can(jsondecode("{")), can(jsondecode("5"))]
  try     = try(jsondecode("{"), "fallback")
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-${local.date}"
}
build {
  sources = ["source.amazon-ebs.base"]
}
