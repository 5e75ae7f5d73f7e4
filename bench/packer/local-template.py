#!/usr/bin/env python3
"""The article's packer.json as Packer 1.6.6 needs it to run against the local cloud on this machine.

Every change, and why (the article's template is otherwise untouched; `kiln build` runs the original):
- builders[0].custom_endpoint_ec2: the local cloud's endpoint (Packer's documented option for EC2-compatible clouds).
- provisioners[0].user = ec2-user: Packer's inventory names the user running Packer (root here); ansible-core 2.14
  expands `~` for that user, so its temporary directory would be /root/.ansible/tmp, which ec2-user cannot write.
- provisioners[0].ansible_env_vars: Packer 1.6.6's SSH proxy offers only an ssh-rsa (SHA-1) host key and accepts
  only ssh-rsa signatures, which OpenSSH 9 refuses by default (HostKeyAlgorithms/PubkeyAcceptedAlgorithms +ssh-rsa,
  with Ansible's default -C/ControlMaster/ControlPersist kept); OpenSSH 9's scp speaks SFTP, which the proxy does not
  serve here, so scp is told to use the old protocol (-O).
usage: local-template.py ARTICLE_PACKER_JSON OUT_JSON
"""
import json, sys

template = json.load(open(sys.argv[1]))
template.setdefault("variables", {})["endpoint"] = ""
template["builders"][0]["custom_endpoint_ec2"] = "{{user `endpoint`}}"
ansible = template["provisioners"][0]
ansible["user"] = "ec2-user"
ansible["ansible_env_vars"] = [
    "ANSIBLE_SSH_ARGS=-C -o ControlMaster=auto -o ControlPersist=60s -o HostKeyAlgorithms=+ssh-rsa -o PubkeyAcceptedAlgorithms=+ssh-rsa",
    "ANSIBLE_SCP_EXTRA_ARGS=-O",
]
json.dump(template, open(sys.argv[2], "w"), indent=2)
