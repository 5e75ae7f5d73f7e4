variable "env" {
  type    = string
  default = "dev"
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
  provisioner "file" {
    source      = "${path.root}/files/motd.txt"
    destination = "/tmp/motd.txt"
  }
  provisioner "shell" {
    environment_vars = ["ENV=${var.env}", "GREETING=hello world"]
    inline           = ["echo $ENV"]
    pause_before     = "1s"
    max_retries      = 2
    timeout          = "5m"
  }
  provisioner "ansible" {
    playbook_file   = "${path.root}/files/play.yml"
    extra_arguments = ["--extra-vars", "env=${var.env}", "--tags", "${var.env}-web"]
    groups          = ["${var.env}-web"]
    user            = "ec2-user"
  }
}
