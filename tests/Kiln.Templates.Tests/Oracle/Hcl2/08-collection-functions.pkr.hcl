locals {
  concat   = concat(["a"], ["b", "c"])
  flatten  = flatten([["a", ["b"]], "c"])
  merged   = merge({ a = 1, b = 2 }, { b = 3 })
  lookup   = lookup({ a = "x" }, "b", "default")
  keys     = keys({ z = 1, a = 2 })
  values   = values({ z = 1, a = 2 })
  zipmap   = zipmap(["k1", "k2"], ["v1", "v2"])
  distinct = distinct(["a", "b", "a"])
  sorted   = sort(["c", "a", "b"])
  sliced   = slice(["a", "b", "c", "d"], 1, 3)
  length   = length([1, 2, 3])
  element  = element(["a", "b"], 3)
  contains = contains(["a"], "a")
  range    = range(2, 8, 2)
  reverse  = reverse([1, 2, 3])
  compact  = compact(["a", "", "b"])
  coalesce = coalesce("", "second")
  maxmin   = [max(1, 7, 3), min(4, 2)]
  chunks   = chunklist([1, 2, 3, 4, 5], 2)
}
source "amazon-ebs" "base" {
  region        = "ap-northeast-1"
  instance_type = "t2.nano"
  source_ami    = "ami-12345678"
  ssh_username  = "ec2-user"
  ami_name      = "app-20180301-0907"
  tags          = local.zipmap
}
build {
  sources = ["source.amazon-ebs.base"]
}
