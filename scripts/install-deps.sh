#!/usr/bin/env bash
# Installs what Kiln needs on Debian 12, once: a second call returns at once.
# Measured needs are in the README (podman needs runc and ulimits set on this kind of machine).
set -euo pipefail
need=()
for pair in podman:podman runc:runc debootstrap:debootstrap ansible-playbook:ansible-core jq:jq \
            ssh:openssh-client ssh-keygen:openssh-client sqlite3:sqlite3 git:git curl:curl; do
  cmd=${pair%%:*}; pkg=${pair#*:}
  command -v "$cmd" >/dev/null 2>&1 || need+=("$pkg")
done
dpkg -s ansible-mitogen >/dev/null 2>&1 || need+=(ansible-mitogen)
# catatonit: the init podman runs as PID 1 with --init (local cloud instances stop at once on SIGTERM).
dpkg -s catatonit >/dev/null 2>&1 || need+=(catatonit)
# python3-aiosmtpd: the SMTP server the tests of email notifications send to (one per test, on loopback).
dpkg -s python3-aiosmtpd >/dev/null 2>&1 || need+=(python3-aiosmtpd)
# packer 1.6.6: the local cloud is tested against its amazon-ebs builder, unmodified.
command -v packer >/dev/null 2>&1 || need+=(packer)
# the AWS CLI: the local cloud is tested with it too (--endpoint-url).
command -v aws >/dev/null 2>&1 || need+=(awscli)
for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  echo "kiln: installing ${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
conf=/etc/containers/containers.conf
if ! grep -q 'kiln-settings' "$conf" 2>/dev/null; then
  mkdir -p /etc/containers
  cat >>"$conf" <<'CONF'
# kiln-settings: crun fails here (cgroups in hybrid mode); raising RLIMIT_NOFILE is not permitted.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF
fi
