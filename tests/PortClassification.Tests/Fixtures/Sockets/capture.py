#!/usr/bin/env python3
"""Captures the socket-table fixtures: run as root with `unshare -n python3 capture.py <outdir>`.

Builds, in a fresh network namespace, one socket in (nearly) every state, freezing transitions with iptables
drops, then saves the raw sock_diag dump replies (sequence 7, every state bit incl. 13 = TCP_BOUND_INACTIVE)
and /proc/net/{tcp,tcp6,udp,udp6}. The sockets are listed in README.md beside the files.
"""
import os, socket, struct, subprocess, sys, time

out = sys.argv[1]
def sh(cmd): subprocess.run(cmd, shell=True, check=True)
sh("ip link set lo up")
sh("ip addr add 10.1.1.1/32 dev lo")

keep = []
def listener(port, family=socket.AF_INET, addr="127.0.0.1", backlog=16):
    s = socket.socket(family, socket.SOCK_STREAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(backlog); keep.append(s); return s
def client(port, sport, addr="127.0.0.1"):
    c = socket.socket(); c.bind((addr, sport)); c.connect((addr, port)); keep.append(c); return c

l = listener(5000)
# ESTABLISHED pair 6000 <-> 5000
client(5000, 6000); keep.append(l.accept()[0])
# TIME_WAIT: client 6001 closes first
c = client(5000, 6001); a = l.accept()[0]; c.close(); time.sleep(0.05); a.close(); time.sleep(0.05)
# FIN_WAIT2 / CLOSE_WAIT: client 6002 shuts down writing, server keeps the socket open
c = client(5000, 6002); a = l.accept()[0]; keep.append(a); c.shutdown(socket.SHUT_WR); time.sleep(0.05)
# LAST_ACK: client 6004 shuts down; its ACKs to the server are dropped; the server closes
c = client(5000, 6004); a = l.accept()[0]
sh("iptables -A OUTPUT -p tcp --sport 6004 --dport 5000 --tcp-flags ACK,FIN ACK -j DROP")
c.shutdown(socket.SHUT_WR); time.sleep(0.05); a.close(); time.sleep(0.05)
# FIN_WAIT1: client 6005 shuts down, server -> client traffic dropped
c = client(5000, 6005); a = l.accept()[0]; keep.append(a)
sh("iptables -A OUTPUT -p tcp --sport 5000 --dport 6005 -j DROP")
c.shutdown(socket.SHUT_WR); time.sleep(0.05)
# SYN_SENT: SYN to 10.1.1.1:9 dropped
sh("iptables -A OUTPUT -p tcp -d 10.1.1.1 --dport 9 --tcp-flags SYN,ACK SYN -j DROP")
s = socket.socket(); s.bind(("10.1.1.1", 6006)); s.setblocking(False); keep.append(s)
try: s.connect(("10.1.1.1", 9))
except BlockingIOError: pass
# SYN_RECV: listener 5010 whose SYN-ACKs are dropped
l2 = listener(5010)
sh("iptables -A OUTPUT -p tcp --sport 5010 --tcp-flags SYN,ACK SYN,ACK -j DROP")
s = socket.socket(); s.bind(("127.0.0.1", 6007)); s.setblocking(False); keep.append(s)
try: s.connect(("127.0.0.1", 5010))
except BlockingIOError: pass
time.sleep(0.1)
# bound-only TCP: 127.0.0.1:5001 and [::]:5002
for fam, addr, port in ((socket.AF_INET, "127.0.0.1", 5001), (socket.AF_INET6, "::", 5002)):
    b = socket.socket(fam, socket.SOCK_STREAM); b.bind((addr, port)); keep.append(b)
# IPv6: listener [::1]:5003 with an established pair from [::1]:6008; an IPv4 client of a dual-stack listener [::]:5004
l6 = listener(5003, socket.AF_INET6, "::1")
c6 = socket.socket(socket.AF_INET6); c6.bind(("::1", 6008)); c6.connect(("::1", 5003)); keep += [c6, l6.accept()[0]]
ld = listener(5004, socket.AF_INET6, "::")
client(5004, 6009); keep.append(ld.accept()[0])
# UDP: unconnected 127.0.0.1:5353, connected 127.0.0.1:5354 -> :5353, [::]:5355 unconnected
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 5353)); keep.append(u)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("127.0.0.1", 5354)); u.connect(("127.0.0.1", 5353)); keep.append(u)
u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::", 5355)); keep.append(u)

def dump(family, proto, states):
    n = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 4)
    req = struct.pack("=LHHLL", 72, 20, 0x301, 7, 0) + struct.pack("=BBBBL", family, proto, 0, 0, states) + bytes(48)
    n.send(req)
    data = b""
    while True:
        d = n.recv(65536)
        data += d
        off = 0; done = False
        while off < len(d):
            ln, typ = struct.unpack_from("=LH", d, off)
            if typ in (2, 3): done = True
            off += (ln + 3) & ~3
        if done: break
    n.close(); return data

all_states = 0x3FFE  # bits 1..13
for name, fam, proto in (("tcp4", 2, 6), ("tcp6", 10, 6), ("udp4", 2, 17), ("udp6", 10, 17)):
    open(os.path.join(out, f"sockdiag-{name}-all.bin"), "wb").write(dump(fam, proto, all_states))
for f in ("tcp", "tcp6", "udp", "udp6"):
    open(os.path.join(out, f"proc-net-{f}-all.txt"), "wb").write(open(f"/proc/net/{f}", "rb").read())
subprocess.run("ss -tuan > " + os.path.join(out, "ss-tuan.txt"), shell=True)
