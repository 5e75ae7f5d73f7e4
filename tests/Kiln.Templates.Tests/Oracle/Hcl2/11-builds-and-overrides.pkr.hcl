source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
}
source "amazon-ebs" "other" {
  region        = "ap-northeast-1"
  instance_type = "t2.micro"
  source_ami    = "ami-87654321"
  ssh_username  = "admin"
  ami_name      = "other-20180301-0907"
}
build {
  name        = "first"
  description = "two sources, one provisioner each"
  sources     = ["source.amazon-ebs.base", "source.amazon-ebs.other"]
  provisioner "shell" {
    only   = ["amazon-ebs.base"]
    inline = ["echo base"]
  }
  provisioner "shell" {
    except = ["amazon-ebs.base"]
    inline = ["echo other"]
  }
}
build {
  sources = ["source.amazon-ebs.other"]
  provisioner "shell" {
    inline = ["echo ${source.name} ${source.type}"]
  }
}
