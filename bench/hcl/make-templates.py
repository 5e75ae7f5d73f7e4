#!/usr/bin/env python3
"""Writes a 500-line HCL2 template (variables, locals with functions and for expressions, two sources, a build of
shell provisioners), the Packer JSON template that asks for the same builds, and a minimal HCL2 template, for
bench/hcl.
usage: make-templates.py DIR"""
import json, os, sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n_vars, n_prov = 40, 24
hcl, variables, provisioners = [], {}, []
for i in range(n_vars):
    hcl += [f'variable "v{i}" {{', '  type    = string', f'  default = "value-{i}"', '}']
    variables[f"v{i}"] = f"value-{i}"
hcl += ['locals {']
for i in range(n_vars):
    hcl.append(f'  l{i} = upper(replace("${{var.v{i}}}-x", "-", "_"))')
hcl += ['  all   = [for k, v in { a = 1, b = 2, c = 3 } : "${k}=${v * 2}" if v > 1]',
        '  names = join(",", [for i in range(10) : format("n%02d", i)])', '}']
for s in ("one", "two"):
    hcl += [f'source "amazon-ebs" "{s}" {{', '  region        = "ap-northeast-1"', '  instance_type = "t2.nano"',
            '  source_ami    = "ami-12345678"', '  ssh_username  = "ec2-user"', f'  ami_name      = "bench-{s}-${{var.v0}}"',
            '  tags = {', '    Team = var.v1', '    Role = local.l2', '  }', '  ami_block_device_mappings {',
            '    device_name = "/dev/xvda"', '    volume_size = 50', '    volume_type = "gp2"', '  }', '}']
hcl += ['build {', '  sources = ["source.amazon-ebs.one", "source.amazon-ebs.two"]']
for i in range(n_prov):
    v = i % n_vars
    hcl += ['  provisioner "shell" {', f'    inline           = ["echo ${{var.v{v}}} ${{local.l{v}}}", "echo {i}"]',
            f'    environment_vars = ["V{i}=${{var.v{v}}}"]', '    max_retries      = 1', '  }']
    provisioners.append({"type": "shell", "inline": [f"echo {{{{user `v{v}`}}}} {{{{user `v{v}`}}}}", f"echo {i}"],
                         "environment_vars": [f"V{i}={{{{user `v{v}`}}}}"], "max_retries": 1})
hcl.append('}')
while len(hcl) < 500:
    hcl.append('# padding to 500 lines, as a team\'s template carries comments')
builders = [{"type": "amazon-ebs", "name": f"{s}", "region": "ap-northeast-1", "instance_type": "t2.nano",
             "source_ami": "ami-12345678", "ssh_username": "ec2-user", "ami_name": f"bench-{s}-{{{{user `v0`}}}}",
             "tags": {"Team": "{{user `v1`}}", "Role": "{{user `v2`}}"},
             "ami_block_device_mappings": [{"device_name": "/dev/xvda", "volume_size": 50, "volume_type": "gp2"}]}
            for s in ("one", "two")]
open(os.path.join(out, "big.pkr.hcl"), "w").write("\n".join(hcl) + "\n")
json.dump({"variables": variables, "builders": builders, "provisioners": provisioners}, open(os.path.join(out, "big.json"), "w"), indent=2)
# The smallest template `kiln validate` accepts: its time is the command's own start-up (runtime, assemblies, the
# reader's first use), which the goal leaves out.
open(os.path.join(out, "minimal.pkr.hcl"), "w").write(
    'source "amazon-ebs" "m" {\n  region = "ap-northeast-1"\n  instance_type = "t2.nano"\n  source_ami = "ami-12345678"\n'
    '  ssh_username = "ec2-user"\n  ami_name = "bench-minimal"\n}\nbuild { sources = ["source.amazon-ebs.m"] }\n')
