locals {
  json    = jsonencode({ b = [1, true, null], a = "x<y" })
  decoded = jsondecode("{\"k\": [1, 2.5, \"s\"]}")
  b64     = base64encode("hello")
  plain   = base64decode("aGVsbG8=")
  url     = urlencode("a b&c=d")
  yaml    = yamldecode("a: 1\nb:\n  - x\n  - y\n")
  csv     = csvdecode("name,size\nweb,2\ndb,3\n")
  hash    = sha256("kiln")
  md5     = md5("kiln")
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
  tags          = { hash = local.md5, json = local.json }
}
build {
  sources = ["source.amazon-ebs.base"]
}
