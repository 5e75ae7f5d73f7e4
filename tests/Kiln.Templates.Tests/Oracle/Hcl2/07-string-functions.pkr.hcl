locals {
  a = upper("mixed Case")
  b = replace("a-b-c", "-", "_")
  c = regex_replace("ami-0123", "[0-9]+", "N")
  d = format("%s-%03d-%.2f-%t", "img", 7, 3.14159, true)
  e = join("/", split(",", "x,y,z"))
  f = trimspace("  padded  ")
  g = substr("hello world", 6, 5)
  h = title("hello there")
  i = chomp("line\n")
  j = formatlist("%s=%s", ["a", "b"], ["1", "2"])
  k = indent(2, "x\ny")
  l = lower("ABC")
  m = strrev("abc")
  n = trimsuffix("file.yml", ".yml")
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-${local.l}-20180301-0907"
}
build {
  sources = ["source.amazon-ebs.base"]
}
