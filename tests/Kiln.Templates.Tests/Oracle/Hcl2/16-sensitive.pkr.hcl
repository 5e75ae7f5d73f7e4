variable "token" {
  type      = string
  default   = "s3cr3t-token-value"
  sensitive = true
}
variable "public" {
  type    = string
  default = "visible"
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-${var.public}-20180301-0907"
}
build {
  sources = ["source.amazon-ebs.base"]
  provisioner "shell" {
    environment_vars = ["TOKEN=${var.token}"]
    inline           = ["echo ok"]
  }
}
