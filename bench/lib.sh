# Shared by every benchmark entry: paths, fresh data directories, timing, samples and result rows.
# Sourced, not run. Samples go to $BENCH_DATA/<benchmark>/<case> (one number per line); rows are markdown.
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$BENCH_ROOT/.." && pwd)
KILN=${KILN:-$REPO_ROOT/kiln}
REPS=${BENCH_REPS:-3}
BENCH_DATA=${BENCH_DATA:-$(mktemp -d /tmp/kiln-bench-data-XXXX)}
export BENCH_DATA
# Ansible prints colour codes only to a terminal; keep every run's output the same.
export ANSIBLE_NOCOLOR=1

# The article's playbook tree (examples/hoge_playbooks), copied once per suite run (Kiln and the floor read the
# same files; nothing writes into the repository's copy).
fixture_dir() {
  local copy="$BENCH_DATA/hoge_playbooks"
  if [ ! -d "$copy" ]; then
    cp -r "$REPO_ROOT/examples/hoge_playbooks" "$copy"
  fi
  echo "$copy"
}

now() { echo "$EPOCHREALTIME"; }
# cpu_of CMD...: the CPU seconds (user + system) CMD and its children used; on a busy machine this moves far
# less than the wall clock, which waits for the other processes.
cpu_of() {
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{r.ru_utime + r.ru_stime:.3f}")' "$@"
}
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }

# record BENCH CASE VALUE: one sample.
record() { mkdir -p "$BENCH_DATA/$1"; echo "$3" >>"$BENCH_DATA/$1/$2"; }

# row BENCH CASE LABEL [stats.py options]: one markdown row of the case's samples.
row() { local bench=$1 case=$2 label=$3; shift 3; python3 "$BENCH_ROOT/stats.py" row "$BENCH_DATA/$bench" "$case" "$label" "$@"; }
median() { python3 "$BENCH_ROOT/stats.py" median "$BENCH_DATA/$1" "$2"; }
table_header() {
  echo "| case | n | median | min – max | ratio | goal | verdict |"
  echo "|---|---|---|---|---|---|---|"
}

log() { echo "bench: $*" >&2; }

# A new KILN_HOME with the local cloud initialised (the base image is shared by the machine: only tagged here).
fresh_home() {
  local home
  home=$(mktemp -d /tmp/kiln-bench-home-XXXX)
  KILN_HOME=$home "$KILN" local-cloud init >"$home/init.log" 2>&1 || { cat "$home/init.log" >&2; return 1; }
  echo "$home"
}

# Removes a home and the podman objects it made (its containers carry its label, its images its repository).
drop_home() {
  local home=$1 hash
  [ -d "$home" ] || return 0
  hash=$(printf %s "$home" | sha256sum | cut -c1-12)
  podman ps -aq --filter "label=kiln.home=$hash" | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
  # Only this home's names, untagged without -f: podman lists every name of a matched image (the shared base
  # image carries each home's tag), and `rmi -f` would delete the base image for every home on the machine.
  podman images --format '{{.Repository}}:{{.Tag}}' --filter "reference=localhost/kiln-ami-$hash" \
    | grep "^localhost/kiln-ami-$hash:" | xargs -r podman rmi >/dev/null 2>&1 || true
  rm -rf "$home"
}

# peak_rss_of PID: the process's peak resident set (VmHWM, kB), read until it exits. VmHWM only grows, so the
# last reading is the peak up to 100 ms before exit; ./kiln execs the binary, so the pid is Kiln's own.
peak_rss_of() {
  local pid=$1 hwm=0 v
  while kill -0 "$pid" 2>/dev/null; do
    v=$(awk '/^VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$v" ] && hwm=$v
    sleep 0.1
  done
  echo "$hwm"
}

# kiln_bake HOME OUT_JSON ARGS...: one `kiln bake … --json` in HOME; prints "wall_s provision_s peak_rss_mb".
# The run's log goes to OUT_JSON.log. Fails when the bake fails.
kiln_bake() {
  local home=$1 out=$2; shift 2
  local t0 t1 pid rss status=0
  t0=$(now)
  KILN_HOME=$home "$KILN" bake "$@" --json >"$out" 2>"$out.log" &
  pid=$!
  rss=$(peak_rss_of "$pid")
  wait "$pid" || status=$?
  t1=$(now)
  if [ "$status" != 0 ]; then log "kiln bake failed ($status): $(tail -5 "$out.log")"; return 1; fi
  python3 - "$out" "$(elapsed "$t0" "$t1")" "$rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
provision = sum(s["seconds"] for s in r["steps"] if s["name"] == "provision")
print(f"{sys.argv[2]} {provision:.3f} {int(sys.argv[3]) / 1024:.0f}")
PY
}

# The machine, for results.md.
machine_description() {
  echo "- cores: $(nproc); memory: $(free -g | awk '/^Mem:/ {print $2}') GB; kernel: $(uname -r)"
  echo "- $(. /etc/os-release && echo "$PRETTY_NAME"); $(podman --version); runc $(runc --version | head -1 | awk '{print $3}')"
  echo "- $(ansible-playbook --version 2>/dev/null | sed -n 1p | tr -d '[]'); ansible-mitogen $(dpkg-query -W -f '${Version}' ansible-mitogen 2>/dev/null || echo missing); $(packer version 2>/dev/null | head -1 || echo 'packer missing')"
  echo "- .NET $(dotnet --list-runtimes | awk '/NETCore.App/ {v=$2} END {print v}'); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
}
