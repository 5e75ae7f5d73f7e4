#!/usr/bin/env python3
"""Watches one `kiln bake` and measures how soon it notices that sshd accepts.

ssh-watch.py BAKE_LOG OUT: follows the bake's console log (written line by line as Kiln logs). Once Kiln names the
instance's address ("… is running at ADDR"), probes ADDR:22 every 5 ms for sshd's identification string, the moment
sshd accepts (RFC 4253 §4.2: the server sends it first). Then notes when Kiln logs "sshd answered" (its own probe
saw the banner) and "Connected to … over SSH" (its login succeeded: ready for Ansible). Each time is taken when the
line appears in the log (checked every 5 ms). Writes "banner_ms connected_ms" after sshd accepted to OUT.
"""
import re, socket, sys, time

log_path, out_path = sys.argv[1], sys.argv[2]
deadline = time.time() + 900

def lines():
    with open(log_path, errors="replace") as f:
        buffer = ""
        while time.time() < deadline:
            chunk = f.readline()
            if not chunk:
                time.sleep(0.005)
                continue
            buffer += chunk
            if buffer.endswith("\n"):
                yield buffer, time.time()
                buffer = ""

def banner(address):
    try:
        with socket.create_connection((address, 22), timeout=0.2) as s:
            s.settimeout(0.5)
            return s.recv(64).startswith(b"SSH-2.0")
    except OSError:
        return False

follow = lines()
for line, _ in follow:
    m = re.search(r"is running at (\S+)", line)
    if m:
        address = m.group(1)
        break
else:
    sys.exit(0)
while not banner(address):
    if time.time() > deadline:
        sys.exit(0)
    time.sleep(0.005)
accepted = time.time()
noticed = connected = None
for line, at in follow:
    if noticed is None and "sshd answered" in line:
        noticed = at
    if "over SSH after" in line:
        connected = at
        break
if noticed and connected:
    with open(out_path, "w") as out:
        out.write(f"{max(0, noticed - accepted) * 1000:.0f} {max(0, connected - accepted) * 1000:.0f}\n")
