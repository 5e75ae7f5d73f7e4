#!/usr/bin/env python3
"""The CPU of the conmon processes of one KILN_HOME's containers.

conmon-watch.py HOME OUT: podman moves each container's conmon into its own cgroup (/libpod_parent/conmon with
cgroupfs), out of the bake's, and detaches it, so neither the bake's cgroup nor getrusage sees it. This polls every
20 ms for conmon processes whose container (`-n kiln-ID`) has its boot directory under HOME, keeps each one's last
utime + stime (/proc/PID/stat, clock ticks), and on SIGTERM writes their sum in seconds to OUT. What a conmon spends
in its last 20 ms before exit is missed (it is idle then: it waits for its container).
"""
import os, signal, sys, time

home, out = sys.argv[1], sys.argv[2]
tick = os.sysconf("SC_CLK_TCK")
mine, last = {}, {}

def owner(pid):
    try:
        args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
    except OSError:
        return None
    if b"-n" not in args:
        return None
    name = args[args.index(b"-n") + 1].decode()
    return name.startswith("kiln-") and os.path.isdir(os.path.join(home, "local-cloud", "instances", name[5:]))

def finish(*_):
    with open(out, "w") as f:
        f.write(f"{sum(last.values()) / tick:.3f}\n")
    sys.exit(0)

signal.signal(signal.SIGTERM, finish)
while True:
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            stat = open(f"/proc/{pid}/stat").read()
        except OSError:
            continue
        if not stat[stat.index("(") + 1:].startswith("conmon)"):
            continue
        if pid not in mine:
            mine[pid] = owner(pid)
        if mine[pid]:
            fields = stat[stat.rindex(")") + 2:].split()
            last[pid] = int(fields[11]) + int(fields[12])
    time.sleep(0.02)
