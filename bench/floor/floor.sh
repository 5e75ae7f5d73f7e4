#!/usr/bin/env bash
# The floor: the least a bake of the fixture can do on this machine, by hand, with no Kiln at all.
#   podman run of the base image with sshd → wait for ssh → ansible-playbook → podman stop + commit → podman rm
# Ansible runs with exactly Kiln's settings (src/Kiln.Baking/Provisioners/AnsibleEnvironment.cs and the inventory
# of AnsibleInventory.cs): same environment, same inventory shape, same arguments as `kiln bake hoge dev api`.
#
# floor.sh PLAYBOOK_DIR STRATEGY(plain|pipelining|mitogen) PHASES_FILE
# Writes "phase seconds" lines to PHASES_FILE (boot, ansible, image, total), replacing what it held: callers reuse a
# file name from an earlier run of a bench in the same BENCH_DATA. The committed image is removed after
# the clock stops (a bake keeps its image; its removal is not part of the work).
set -euo pipefail
dir=$1 strategy=$2 phases=$3
image=localhost/kiln-base:debian-12
work=$(mktemp -d /tmp/kiln-bench-floor-XXXX)
name=bench-floor-${work##*-}
committed=localhost/bench-floor:${work##*-}
# An address no local cloud hands out (they use 127.x.y.z from their own pool; 127.254/16 is left to this script).
address=127.254.$((RANDOM % 250 + 1)).$((RANDOM % 250 + 2))
cleanup() {
  podman rm -f -t 0 "$name" >/dev/null 2>&1 || true
  podman rmi -f "$committed" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
t() { echo "$EPOCHREALTIME"; }
phase() { python3 -c "import sys; print(f'{sys.argv[1]} {float(sys.argv[3]) - float(sys.argv[2]):.3f}')" "$@" >>"$phases"; }

# The machine's base image is shared; if its tag went missing, `kiln local-cloud init` restores it (or rebuilds it),
# before the clock starts.
if ! podman image exists "$image"; then
  KILN_HOME="$work/home" "${KILN:-$(dirname "$0")/../../kiln}" local-cloud init >"$work/init.log" 2>&1 \
    || { cat "$work/init.log" >&2; exit 1; }
fi

: >"$phases"
start=$(t)
ssh-keygen -q -t ed25519 -N '' -C '' -f "$work/key"
key=$(cat "$work/key.pub")
# What the local cloud's boot script does, minus what a floor can skip: the key for ec2-user, one host key, sshd.
podman run -d --name "$name" --runtime runc --init --ulimit nofile=20000:20000 --ulimit nproc=4096:4096 \
  -p "$address:22:22" -e "KEY=$key" "$image" /bin/sh -c '
    install -d -m 700 -o ec2-user -g ec2-user /home/ec2-user/.ssh
    printf "%s\n" "$KEY" > /home/ec2-user/.ssh/authorized_keys
    chown ec2-user:ec2-user /home/ec2-user/.ssh/authorized_keys; chmod 600 /home/ec2-user/.ssh/authorized_keys
    ssh-keygen -q -t ed25519 -N "" -f /etc/ssh/ssh_host_ed25519_key
    mkdir -p /run/sshd
    exec /usr/sbin/sshd -D -e -h /etc/ssh/ssh_host_ed25519_key' >/dev/null
until ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR \
    -o IdentitiesOnly=yes -o ConnectTimeout=2 -i "$work/key" "ec2-user@$address" true 2>/dev/null; do
  sleep 0.05
done
booted=$(t)

cat >"$work/inventory.yml" <<INV
all:
  hosts:
    default:
      ansible_host: $address
      ansible_port: 22
      ansible_user: ec2-user
      ansible_ssh_private_key_file: $work/key
  children:
    dev-api:
      hosts:
        default: {}
  vars:
    # What Kiln's first login finds on this base image (src/Kiln.Baking/Ssh/PythonDiscovery.cs).
    ansible_python_interpreter: /usr/bin/python3
INV
mkdir -m 700 "$work/cp"
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_RETRY_FILES_ENABLED=False PYTHONUNBUFFERED=1
export ANSIBLE_SSH_ARGS="-o ControlMaster=auto -o ControlPersist=60s -o IdentitiesOnly=yes -o UserKnownHostsFile=/dev/null -o ServerAliveInterval=15"
export ANSIBLE_SSH_CONTROL_PATH_DIR="$work/cp"
case $strategy in
  plain) ;;
  pipelining) export ANSIBLE_PIPELINING=True ;;
  mitogen)
    export ANSIBLE_PIPELINING=True ANSIBLE_STRATEGY=mitogen_linear
    ANSIBLE_STRATEGY_PLUGINS=$(dpkg -L ansible-mitogen | grep '/ansible_mitogen/plugins/strategy$')
    export ANSIBLE_STRATEGY_PLUGINS ;;
  *) echo "floor.sh: unknown strategy $strategy" >&2; exit 2 ;;
esac
ansible-playbook -i "$work/inventory.yml" "$dir/playbooks/dev.yml" --tags dev-api --extra-vars group=dev-api \
  --extra-vars category=api --vault-password-file "$dir/vault.txt" >"$work/ansible.log" 2>&1 \
  || { tail -20 "$work/ansible.log" >&2; exit 1; }
provisioned=$(t)
for socket in "$work"/cp/*; do [ -S "$socket" ] && ssh -o ControlPath="$socket" -O exit x >/dev/null 2>&1 || true; done

podman stop -t 1 "$name" >/dev/null
podman commit -q "$name" "$committed" >/dev/null
podman rm -f -t 0 "$name" >/dev/null
done_at=$(t)
phase boot "$start" "$booted"
phase ansible "$booted" "$provisioned"
phase image "$provisioned" "$done_at"
phase total "$start" "$done_at"
