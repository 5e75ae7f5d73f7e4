variable "from_default" {
  type    = string
  default = "default"
}
variable "from_file" {
  type    = string
  default = "default"
}
variable "from_flag" {
  type    = string
  default = "default"
}
variable "list_from_flag" {
  type    = list(string)
  default = []
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-${var.from_file}-${var.from_flag}-20180301-0907"
}
build {
  sources = ["source.amazon-ebs.base"]
}
