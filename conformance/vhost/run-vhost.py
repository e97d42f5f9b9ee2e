#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""run-vhost.py - the vhost-user tier's scenarios, each printing one KTAP
document (docs/conventions.md section 3) on stdout.

    run-vhost.py dpdk-fe --packed 1 --in-order 1 --mrg 1 [--queues N]
        dpdk-testpmd with net_virtio_user (the front-end under test)
        against pvvhost-backend, frames looped back through the device.
    run-vhost.py dpdk-be --packed 1 [--engine reference|checker]
        pvvhost-frontend (the reference driver, or the device checker as
        the driver) against dpdk-testpmd with net_vhost (the back-end
        under test).
    run-vhost.py qemu-guest --packed on --vectors 0
        Linux guest drivers in QEMU TCG, virtio-net-pci on -netdev
        vhost-user connected to pvvhost-backend; the guest pings the device.
    run-vhost.py self --packed 1 [--engine reference|checker]
        pvvhost-frontend against pvvhost-backend: the reference driver and
        device, each judged by the other side's checks.
    run-vhost.py qemu-blk --packed on
        Linux virtio_blk in QEMU TCG on vhost-user-blk-pci connected to
        pvvhost-backend --device blk; the guest reads a known pattern and
        writes and reads back 64 KiB.
    run-vhost.py bench [--runs 3] [--seconds 4]
        frames per second through each pair (DPDK <-> DPDK as the peer
        baseline, DPDK <-> pvvhost with the checker on and off, pvvhost
        <-> pvvhost); a table on stdout, no KTAP.
    run-vhost.py qemu-own
        QEMU's own virtio-net-pci and virtio-blk-pci with packed=on and the
        Linux drivers: is VIRTIO_F_RING_PACKED (bit 34) negotiated?

The back-end's tests come from its own KTAP (pvvhost-backend --ktap);
this script adds the run-level tests (the peer ran, what it negotiated,
crashes as FINDINGs) and numbers everything in one plan.  Peers never run
at the same time as a TCG guest (they compete for the two cores).

Environment: PVC_BUILD (default build), PVC_TARGET (target name for the
header), KERNEL (default: newest /boot/vmlinuz-*), QEMU, TESTPMD.
"""

import argparse
import glob
import gzip
import hashlib
import io
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("PVC_BUILD", "build")
if not os.path.isabs(BUILD):
    BUILD = os.path.join(ROOT, BUILD)
BACKEND = os.path.join(BUILD, "conformance", "pvvhost-backend")
FRONTEND = os.path.join(BUILD, "conformance", "pvvhost-frontend")
QEMU = os.environ.get("QEMU", "qemu-system-x86_64")
TESTPMD = os.environ.get("TESTPMD", "dpdk-testpmd")
RESULT = re.compile(r"^(not ok|ok)\s+(\d+)\s*(.*)$")
MARK_BEGIN = "@@PVVHOST-BEGIN@@"
MARK_END = "@@PVVHOST-END@@"

# Tests this runner judges itself (declared for conformance/lib/extract_tests.py):
# PVC_TEST(net_device_start, "FEAT-DEV-021", "peer:qemu")
# PVC_TEST(blk_device_start, "FEAT-DEV-021", "peer:qemu")
# PVC_TEST(guest_features, "FEAT-DRV-023", "peer:linux")
# PVC_TEST(guest_ping, "VQP-DRV-008 VQP-DRV-009 VQS-DRV-012", "peer:linux")
# PVC_TEST(guest_blk_read, "VQP-DRV-008 VQP-DRV-009 VQS-DRV-012", "peer:linux")
# PVC_TEST(guest_blk_write_readback, "VQP-DRV-008 VQP-DRV-009 VQS-DRV-012", "peer:linux")


def log(msg):
    print("run-vhost: " + msg, file=sys.stderr, flush=True)


class Ktap:
    """Run-level tests first, then the back-end's, in one plan."""

    def __init__(self, target, peer):
        self.target, self.peer = target, peer
        self.items = []      # (status, ids, name, reason, diag lines)
        self.header = []

    def add(self, status, ids, name, reason="", diag=()):
        self.items.append((status, ids, name, reason, list(diag)))

    def merge(self, text):
        """Take the result lines (and their diagnostics) of another KTAP."""
        diag = []
        for line in text.splitlines():
            m = RESULT.match(line)
            if m:
                self.items.append(("raw", m.group(1), m.group(3), "", diag))
                diag = []
            elif line.startswith("# stat ") or line.startswith("# pvspec "):
                if line.startswith("# stat "):
                    self.header.append(line)
            elif line.startswith("#"):
                diag.append(line)
            elif line.startswith("KTAP") or re.match(r"^1\.\.\d+", line):
                continue
        if diag and self.items:
            self.items[-1][4].extend(diag)

    def emit(self):
        out = ["KTAP version 1",
               '# pvspec tier=vhost target=%s peer="%s"' % (self.target, self.peer)]
        out += self.header
        out.append("1..%d" % len(self.items))
        for n, (status, ids, name, reason, diag) in enumerate(self.items, 1):
            for d in diag:
                out.append(d if d.startswith("#") else "# " + d)
            if status == "raw":
                out.append("%s %d %s" % (ids, n, name))
                continue
            desc = (",".join(ids.split()) + " " if ids else "") + name
            if status == "PASS":
                out.append("ok %d %s" % (n, desc))
            elif status == "FAIL":
                out.append("not ok %d %s" % (n, desc))
            elif status == "SKIP":
                out.append("ok %d %s # SKIP %s" % (n, desc, reason))
            else:
                out.append("not ok %d %s # ERROR %s" % (n, desc, reason))
        sys.stdout.write("\n".join(out) + "\n")
        sys.stdout.flush()


def one_error(target, peer, name, reason):
    k = Ktap(target, peer)
    k.add("ERROR", "", name, reason)
    k.emit()
    return 0


def wait_file(path, proc, seconds):
    end = time.time() + seconds
    while time.time() < end:
        if os.path.exists(path):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def stop(proc, sig=signal.SIGTERM, grace=10):
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.send_signal(sig)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def dpdk_version():
    try:
        return subprocess.run(["pkg-config", "--modversion", "libdpdk"], capture_output=True,
                              text=True, timeout=10).stdout.strip() or "22.11"
    except (OSError, subprocess.SubprocessError):
        return "22.11"


def qemu_version():
    try:
        out = subprocess.run([QEMU, "--version"], capture_output=True, text=True,
                             timeout=10).stdout
        m = re.search(r"version (\d+\.\d+(?:\.\d+)?)", out)
        return m.group(1) if m else "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


def start_backend(work, target, peer, extra):
    sock = os.path.join(work, "vhost.sock")
    ready = os.path.join(work, "ready")
    ktap = os.path.join(work, "backend.ktap")
    errf = open(os.path.join(work, "backend.log"), "w")
    cmd = [BACKEND, "--socket", sock, "--ready", ready, "--ktap", ktap, "--target", target,
           "--peer", peer] + extra
    log("backend: " + " ".join(cmd))
    p = subprocess.Popen(cmd, stdout=errf, stderr=errf)
    if not wait_file(ready, p, 10):
        stop(p)
        return None, sock, ktap
    return p, sock, ktap


def wait_backend(p, ktap_path, work, wait=15):
    """Let the back-end end (it does once the front-end leaves); its KTAP
    text, or None."""
    try:
        p.wait(wait)
    except subprocess.TimeoutExpired:
        stop(p)
    with open(os.path.join(work, "backend.log")) as fh:
        for line in fh.read().splitlines()[-15:]:
            log("backend| " + line)
    if not os.path.exists(ktap_path):
        return None
    with open(ktap_path) as fh:
        return fh.read()


def merge_backend(p, text, k):
    if p.returncode and p.returncode < 0:
        k.add("ERROR", "", "backend_run", "pvvhost-backend died by signal %d" % -p.returncode)
    if text is None:
        k.add("ERROR", "", "backend_results", "pvvhost-backend wrote no results")
        return
    k.merge(text)


def finish_backend(p, ktap_path, k, work, wait=15):
    text = wait_backend(p, ktap_path, work, wait)
    merge_backend(p, text, k)
    return text


# --- DPDK virtio-user (front-end under test) -> pvvhost-backend -----------

def scenario_dpdk_fe(a):
    target = os.environ.get("PVC_TARGET", "dpdk-virtio-user")
    peer = "DPDK %s" % dpdk_version()
    if not shutil.which(TESTPMD):
        return one_error(target, peer, "dpdk_testpmd_run", "%s not installed" % TESTPMD)
    if not os.access(BACKEND, os.X_OK):
        return one_error(target, peer, "backend_run", "%s not built (make vhost)" % BACKEND)
    k = Ktap(target, peer)
    work = tempfile.mkdtemp(prefix="pvvhost-dpdk-")
    try:
        be, sock, ktap = start_backend(work, target, peer,
                                       ["--duration", str(a.seconds + 40), "--until-disconnect",
                                        "--loopback", "--expect-rx", "--quiet",
                                        "--pairs", str(a.queues)])
        if be is None:
            return one_error(target, peer, "backend_run", "pvvhost-backend did not start")
        vdev = "net_virtio_user0,path=%s,queues=%d,packed_vq=%d,in_order=%d,mrg_rxbuf=%d" % (
            sock, a.queues, a.packed, a.in_order, a.mrg)
        cmd = ["timeout", "-s", "INT", "-k", "10", str(a.seconds), TESTPMD, "-l", "0,1",
               "--no-huge", "-m", "512", "--no-pci", "--file-prefix=pvvhost-fe-%d" % os.getpid(),
               "--vdev", vdev, "--", "--forward-mode=macswap", "--tx-first", "--nb-cores=1",
               "--rxq=%d" % a.queues, "--txq=%d" % a.queues,
               "--stats-period", "1", "--total-num-mbufs=16384", "--txd=256", "--rxd=256"]
        log("peer: " + " ".join(cmd))
        t0 = time.time()
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           stdin=subprocess.DEVNULL)
        out = r.stdout
        rx = re.findall(r"RX-packets:\s+(\d+)", out)
        tx = re.findall(r"TX-packets:\s+(\d+)", out)
        diag = ["# testpmd %s, exit %d after %.1f s" % (vdev, r.returncode, time.time() - t0)]
        if rx and tx:
            diag.append("# testpmd forwarded: RX-packets %s TX-packets %s" % (rx[-1], tx[-1]))
        crashed = r.returncode not in (0, 124)
        finish_backend(be, ktap, k, work)
        if crashed or not rx:
            for line in out.splitlines()[-12:]:
                diag.append("# testpmd| " + line)
            k.items.insert(0, ("ERROR", "", "dpdk_testpmd_run",
                               "testpmd exited with %d%s" % (r.returncode,
                                                              "" if rx else ", no statistics"),
                               diag))
        else:
            k.items.insert(0, ("PASS", "", "dpdk_testpmd_run", "", diag))
        k.emit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


# --- pvvhost-frontend (reference driver) -> DPDK net_vhost ------------------

def scenario_dpdk_be(a):
    target = os.environ.get("PVC_TARGET", "dpdk-vhost")
    peer = "DPDK %s" % dpdk_version()
    if not shutil.which(TESTPMD):
        return one_error(target, peer, "dpdk_testpmd_run", "%s not installed" % TESTPMD)
    if not os.access(FRONTEND, os.X_OK):
        return one_error(target, peer, "frontend_run", "%s not built (make vhost)" % FRONTEND)
    k = Ktap(target, peer)
    work = tempfile.mkdtemp(prefix="pvvhost-dpdkbe-")
    pmd = None
    try:
        sock = os.path.join(work, "vhost.sock")
        pmd_out = open(os.path.join(work, "testpmd.log"), "w")
        cmd = [TESTPMD, "-l", "0,1", "--no-huge", "-m", "512", "--no-pci",
               "--file-prefix=pvvhost-be-%d" % os.getpid(),
               "--vdev", "net_vhost0,iface=%s,queues=1,client=0" % sock, "--",
               "--forward-mode=macswap", "--nb-cores=1", "--stats-period", "1",
               "--total-num-mbufs=16384"]
        log("peer: " + " ".join(cmd))
        pmd = subprocess.Popen(cmd, stdout=pmd_out, stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL)
        end = time.time() + 30
        while time.time() < end and not os.path.exists(sock) and pmd.poll() is None:
            time.sleep(0.1)
        if not os.path.exists(sock):
            stop(pmd, signal.SIGINT)
            return one_error(target, peer, "dpdk_testpmd_run",
                             "testpmd did not create %s (exit %s)" % (sock, pmd.poll()))
        fcmd = [FRONTEND, "--socket", sock, "--seconds", str(a.seconds), "--target", target,
                "--peer", peer, "--engine", a.engine] + ([] if a.packed else ["--no-packed"])
        log("frontend: " + " ".join(fcmd))
        try:
            r = subprocess.run(fcmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               timeout=a.seconds + 60)
            text, rc, err = r.stdout, r.returncode, r.stderr
        except subprocess.TimeoutExpired:
            text, rc, err = "", None, ""
        for line in err.splitlines()[-15:]:
            log("frontend| " + line)
        stop(pmd, signal.SIGINT, 20)
        pmd_out.close()
        with open(os.path.join(work, "testpmd.log")) as fh:
            pout = fh.read()
        alive = pmd.returncode == 0
        diag = ["# testpmd net_vhost exit %s" % pmd.returncode]
        rx = re.findall(r"RX-packets:\s+(\d+)", pout)
        if rx:
            diag.append("# testpmd RX-packets %s" % rx[-1])
        if not alive:
            for line in pout.splitlines()[-12:]:
                diag.append("# testpmd| " + line)
        k.add("PASS" if alive else "ERROR", "", "dpdk_testpmd_run",
              "" if alive else "testpmd net_vhost ended with %s" % pmd.returncode, diag)
        if rc is None:
            k.add("ERROR", "", "frontend_run", "pvvhost-frontend timed out")
        elif rc < 0:
            k.add("ERROR", "", "frontend_run", "pvvhost-frontend died by signal %d" % -rc)
        k.merge(text)
        k.emit()
    finally:
        stop(pmd, signal.SIGINT)
        shutil.rmtree(work, ignore_errors=True)
    return 0


# --- pvvhost-frontend -> pvvhost-backend: the reference on both sides ------

def scenario_self(a):
    target = os.environ.get("PVC_TARGET", "vhost-reference")
    peer = "pvspec reference 0.1"
    for b in (BACKEND, FRONTEND):
        if not os.access(b, os.X_OK):
            return one_error(target, peer, "self_run", "%s not built (make vhost)" % b)
    k = Ktap(target, peer)
    work = tempfile.mkdtemp(prefix="pvvhost-self-")
    try:
        be, sock, ktap = start_backend(work, target, peer,
                                       ["--duration", str(a.seconds + 30), "--until-disconnect",
                                        "--loopback", "--expect-rx", "--quiet"] +
                                       ([] if a.packed else ["--no-packed"]))
        if be is None:
            return one_error(target, peer, "backend_run", "pvvhost-backend did not start")
        fcmd = [FRONTEND, "--socket", sock, "--seconds", str(a.seconds), "--target", target,
                "--peer", peer, "--engine", a.engine]
        log("frontend: " + " ".join(fcmd))
        try:
            r = subprocess.run(fcmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               timeout=a.seconds + 60)
            text, rc = r.stdout, r.returncode
            for line in r.stderr.splitlines()[-10:]:
                log("frontend| " + line)
        except subprocess.TimeoutExpired:
            text, rc = "", None
        if rc is None or rc < 0:
            k.add("ERROR", "", "frontend_run", "pvvhost-frontend %s" % (
                "timed out" if rc is None else "died by signal %d" % -rc))
        k.merge(text)
        finish_backend(be, ktap, k, work)
        k.emit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


# --- Linux guests in QEMU ----------------------------------------------------

def find_kernel():
    k = os.environ.get("KERNEL")
    if k:
        return k
    ks = sorted(glob.glob("/boot/vmlinuz-*"))
    return ks[-1] if ks else None


def find_module(moddir, name):
    for ext in (".ko", ".ko.xz", ".ko.zst", ".ko.gz"):
        hits = glob.glob(os.path.join(moddir, "kernel", "**", name + ext), recursive=True)
        if hits:
            return hits[0]
    return None


def cpio_newc(entries):
    """entries: (path, mode, data bytes or None for a directory)."""
    out = io.BytesIO()
    ino = 1
    for path, mode, data in entries + [("TRAILER!!!", 0, b"")]:
        data = data or b""
        name = path.encode() + b"\0"
        hdr = "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X" % (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name), 0)
        out.write(hdr.encode() + name)
        out.write(b"\0" * ((4 - (110 + len(name)) % 4) % 4))
        out.write(data)
        out.write(b"\0" * ((4 - len(data) % 4) % 4))
        ino += 1
    return out.getvalue()


def build_initramfs(work, kernel, modules, script):
    ver = os.path.basename(kernel).replace("vmlinuz-", "")
    moddir = "/lib/modules/" + ver
    busybox = shutil.which("busybox")
    if not busybox:
        raise RuntimeError("busybox not installed (scripts/deps.sh qemu)")
    entries = [("bin", 0o40755, None), ("dev", 0o40755, None), ("proc", 0o40755, None),
               ("sys", 0o40755, None), ("lib", 0o40755, None), ("tmp", 0o40755, None)]
    with open(busybox, "rb") as fh:
        entries.append(("bin/busybox", 0o100755, fh.read()))
    for m in modules:
        src = find_module(moddir, m)
        if not src:
            raise RuntimeError("module %s not found under %s" % (m, moddir))
        if src.endswith(".xz"):
            import lzma
            data = lzma.open(src).read()
        elif src.endswith(".gz"):
            data = gzip.open(src).read()
        elif src.endswith(".zst"):
            data = subprocess.run(["zstd", "-qdc", src], capture_output=True, check=True).stdout
        else:
            with open(src, "rb") as fh:
                data = fh.read()
        entries.append(("lib/%s.ko" % m, 0o100644, data))
    entries.append(("init", 0o100755, script.encode()))
    path = os.path.join(work, "initramfs.gz")
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(cpio_newc(entries))
    return path


NET_MODULES = ["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
               "virtio_pci", "failover", "net_failover", "virtio_net"]

INIT_HEAD = """#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in %(modules)s; do insmod /lib/$m.ko || echo "insmod $m failed"; done
echo %(begin)s
for d in /sys/bus/virtio/devices/*; do
	[ -e $d/features ] && echo "features $(basename $d) device=$(cat $d/device) $(cat $d/features)"
done
"""

INIT_PING = """
ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0
echo "link $(cat /sys/class/net/eth0/operstate)"
ping -c %(pings)d -i 0.2 -W 3 10.0.2.2 > /tmp/ping1 2>&1; echo "ping-small rc=$?"
ping -c %(big)d -i 0.2 -W 3 -s 1400 10.0.2.2 > /tmp/ping2 2>&1; echo "ping-big rc=$?"
tail -2 /tmp/ping1; tail -2 /tmp/ping2
grep -i virtio /proc/interrupts | head -8
"""

INIT_BLK = """
if [ -b /dev/vda ]; then
	dd if=/dev/vda of=/tmp/blk bs=4096 count=256 2>/dev/null; echo "blk-read rc=$?"
	echo "blk-sum $(md5sum /tmp/blk | cut -d' ' -f1)"
fi
"""

INIT_BLK_RW = """
if [ -b /dev/vda ]; then
	dd if=/dev/vda of=/tmp/blk bs=4096 count=256 2>/dev/null; echo "blk-read rc=$?"
	echo "blk-sum $(md5sum /tmp/blk | cut -d' ' -f1)"
	dd if=/dev/urandom of=/tmp/w bs=4096 count=16 2>/dev/null
	dd if=/tmp/w of=/dev/vda bs=4096 seek=512 count=16 conv=fsync 2>/dev/null; echo "blk-write rc=$?"
	echo 3 > /proc/sys/vm/drop_caches
	dd if=/dev/vda of=/tmp/r bs=4096 skip=512 count=16 2>/dev/null
	cmp /tmp/w /tmp/r && echo "blk-readback ok" || echo "blk-readback differs"
fi
"""

INIT_TAIL = """
echo %(end)s
poweroff -f
"""


def run_qemu(work, kernel, initrd, extra, limit):
    serial = os.path.join(work, "serial.log")
    cmd = [QEMU, "-accel", "tcg", "-cpu", "max", "-m", "512", "-smp", "1", "-nographic",
           "-no-reboot", "-net", "none", "-monitor", "none", "-serial", "file:" + serial,
           "-kernel", kernel, "-initrd", initrd,
           "-append", "console=ttyS0 quiet loglevel=3 panic=-1"] + extra
    log("qemu: " + " ".join(cmd))
    t0 = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
    try:
        out, _ = p.communicate(timeout=limit)
        timed_out = False
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        timed_out = True
    text = ""
    if os.path.exists(serial):
        with open(serial, errors="replace") as fh:
            text = fh.read().replace("\r", "")
    return p.returncode, timed_out, out.decode(errors="replace"), text, time.time() - t0


def guest_section(text):
    if MARK_BEGIN not in text:
        return None
    body = text.split(MARK_BEGIN, 1)[1]
    return body.split(MARK_END, 1)[0] if MARK_END in body else body


def features_of(section):
    """{device id: feature string} from the guest's sysfs dump."""
    out = {}
    for m in re.finditer(r"features (virtio\d+) device=(0x[0-9a-f]+) ([01]+)", section or ""):
        out.setdefault(int(m.group(2), 16), m.group(3))
    return out


def bit(fs, n):
    return len(fs) > n and fs[n] == "1"


def qemu_preflight(target, peer, kernel, need_backend):
    """The KTAP error result when QEMU, the kernel or the back-end is
    missing, else None."""
    if not shutil.which(QEMU):
        return one_error(target, peer, "qemu_guest_boot", "%s not installed" % QEMU)
    if not kernel or not os.access(kernel, os.R_OK):
        return one_error(target, peer, "qemu_guest_boot", "no readable /boot/vmlinuz-*")
    if need_backend and not os.access(BACKEND, os.X_OK):
        return one_error(target, peer, "backend_run", "%s not built (make vhost)" % BACKEND)
    return None


def device_start(k, name, qv, evidence, section, rc, timed_out, diag):
    """FEAT-DEV-021: QEMU kept running while the Linux driver started the
    device.  evidence: why QEMU counts as crashed, or None."""
    if evidence:
        diag.append('# FINDING FEAT-DEV-021 peer="QEMU %s" %s' % (qv, evidence))
        k.add("FAIL", "FEAT-DEV-021", name, evidence, diag)
    elif section is None:
        k.add("ERROR", "FEAT-DEV-021", name,
              "the guest never reached its test script (qemu exit %s%s)" % (
                  rc, ", timed out" if timed_out else ""), diag)
    else:
        k.add("PASS", "FEAT-DEV-021", name, "", diag)


def scenario_qemu_guest(a):
    target = os.environ.get("PVC_TARGET", "qemu-vhost-user-net")
    qv = qemu_version()
    peer = "Linux %s virtio-net (QEMU %s)" % (os.uname().release.split("-")[0], qv)
    kernel = find_kernel()
    if kernel:
        peer = "Linux %s virtio-net (QEMU %s)" % (
            os.path.basename(kernel).replace("vmlinuz-", "").split("-")[0], qv)
    err = qemu_preflight(target, peer, kernel, True)
    if err is not None:
        return err
    k = Ktap(target, peer)
    work = tempfile.mkdtemp(prefix="pvvhost-qemu-")
    try:
        script = (INIT_HEAD % {"modules": " ".join(NET_MODULES), "begin": MARK_BEGIN} +
                  INIT_PING % {"pings": a.pings, "big": max(2, a.pings // 4)} +
                  INIT_TAIL % {"end": MARK_END})
        try:
            initrd = build_initramfs(work, kernel, NET_MODULES, script)
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            return one_error(target, peer, "qemu_guest_boot", "initramfs: %s" % e)
        be, sock, ktap = start_backend(work, target, peer,
                                       ["--duration", str(a.limit + 30), "--until-disconnect",
                                        "--expect-rx"])
        if be is None:
            return one_error(target, peer, "backend_run", "pvvhost-backend did not start")
        dev = "virtio-net-pci,netdev=n1,packed=%s,romfile=,mac=52:54:00:12:34:56" % a.packed
        if a.vectors != "default":
            dev += ",vectors=%s" % a.vectors
        extra = ["-object", "memory-backend-memfd,id=mem,size=512M,share=on",
                 "-numa", "node,memdev=mem",
                 "-chardev", "socket,id=c1,path=" + sock,
                 "-netdev", "vhost-user,id=n1,chardev=c1", "-device", dev]
        rc, timed_out, qout, serial, took = run_qemu(work, kernel, initrd, extra, a.limit)
        betext = wait_backend(be, ktap, work, 10)
        section = guest_section(serial)
        m = re.search(r"last_requests=(\S+)", betext or "")
        diag = ["# qemu exit %s after %.1f s%s, device %s" % (
            rc, took, " (timed out)" if timed_out else "", dev)]
        for line in qout.splitlines()[-6:]:
            diag.append("# qemu| " + line)
        crashed = rc is not None and rc < 0 and -rc in (signal.SIGSEGV, signal.SIGABRT,
                                                         signal.SIGBUS)
        if crashed:
            evidence = ("QEMU %s died by signal %d (%s) while the Linux driver started the "
                        "vhost-user net device (%s); the last vhost-user requests it sent "
                        "were %s%s" % (
                            qv, -rc, signal.Signals(-rc).name, dev, m.group(1) if m else "?",
                            "; no ring was started: it died before starting the vhost device"
                            if re.search(r"\brings=0\b", betext or "") else ""))
        else:
            evidence = None
        device_start(k, "net_device_start", qv, evidence, section, rc, timed_out, diag)
        feats = features_of(section)
        fs = feats.get(1)
        if fs is None:
            k.add("SKIP", "", "guest_features", "no virtio-net device seen by the guest")
        else:
            want = a.packed == "on"
            got = bit(fs, 34)
            k.add("PASS" if got == want else "FAIL", "FEAT-DRV-023", "guest_features",
                  diag=["# guest virtio-net features %s (bit 34 packed=%d, bit 35 in_order=%d)" % (
                      fs, got, bit(fs, 35))])
        k.add("SKIP", "", "guest_in_order",
              "QEMU 7.2 virtio-net-pci has no in_order property (and Linux 6.1 does not "
              "negotiate VIRTIO_F_IN_ORDER)")
        m1 = re.search(r"ping-small rc=(\d+)", section or "")
        m2 = re.search(r"ping-big rc=(\d+)", section or "")
        ids = "VQP-DRV-008 VQP-DRV-009" if a.packed == "on" else "VQS-DRV-012"
        pdiag = ["# guest| " + l for l in (section or "").splitlines()
                 if "ping" in l or "packets" in l or "round-trip" in l or "link" in l]
        if not m1:
            k.add("ERROR" if not crashed else "SKIP", ids, "guest_ping",
                  "the guest did not run ping" if not crashed else "QEMU crashed first",
                  pdiag)
        else:
            ok = m1.group(1) == "0" and (m2 is not None and m2.group(1) == "0")
            k.add("PASS" if ok else "FAIL", ids, "guest_ping", "", pdiag + (
                [] if ok else ["# FAIL %s: ping through the vhost-user device failed" %
                               ids.split()[0]]))
        merge_backend(be, betext, k)
        k.emit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def scenario_qemu_blk(a):
    target = os.environ.get("PVC_TARGET", "qemu-vhost-user-blk")
    qv = qemu_version()
    kernel = find_kernel()
    kver = os.path.basename(kernel or "vmlinuz-?").replace("vmlinuz-", "").split("-")[0]
    peer = "Linux %s virtio-blk (QEMU %s)" % (kver, qv)
    err = qemu_preflight(target, peer, kernel, True)
    if err is not None:
        return err
    k = Ktap(target, peer)
    work = tempfile.mkdtemp(prefix="pvvhost-blk-")
    try:
        mods = ["virtio_ring", "virtio", "virtio_pci_modern_dev", "virtio_pci_legacy_dev",
                "virtio_pci", "virtio_blk"]
        script = (INIT_HEAD % {"modules": " ".join(mods), "begin": MARK_BEGIN} + INIT_BLK_RW +
                  INIT_TAIL % {"end": MARK_END})
        try:
            initrd = build_initramfs(work, kernel, mods, script)
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            return one_error(target, peer, "qemu_guest_boot", "initramfs: %s" % e)
        be, sock, ktap = start_backend(work, target, peer,
                                       ["--device", "blk", "--disk-mb", "16",
                                        "--duration", str(a.limit + 30), "--until-disconnect"])
        if be is None:
            return one_error(target, peer, "backend_run", "pvvhost-backend did not start")
        dev = "vhost-user-blk-pci,chardev=c1,num-queues=1,packed=%s" % a.packed
        if a.vectors != "default":
            dev += ",vectors=%s" % a.vectors
        extra = ["-object", "memory-backend-memfd,id=mem,size=512M,share=on",
                 "-numa", "node,memdev=mem", "-chardev", "socket,id=c1,path=" + sock,
                 "-device", dev]
        rc, timed_out, qout, serial, took = run_qemu(work, kernel, initrd, extra, a.limit)
        betext = wait_backend(be, ktap, work, 10)
        section = guest_section(serial)
        diag = ["# qemu exit %s after %.1f s%s, device %s" % (
            rc, took, " (timed out)" if timed_out else "", dev)]
        for line in qout.splitlines()[-6:]:
            diag.append("# qemu| " + line)
        crashed = rc is not None and rc < 0
        if crashed:
            m = re.search(r"last_requests=(\S+)", betext or "")
            evidence = ("QEMU %s died by signal %d while the Linux driver started the "
                        "vhost-user blk device (%s); the last vhost-user requests were %s" % (
                            qv, -rc, dev, m.group(1) if m else "?"))
        else:
            evidence = None
        device_start(k, "blk_device_start", qv, evidence, section, rc, timed_out, diag)
        fs = features_of(section).get(2)
        if fs is None:
            k.add("SKIP" if crashed else "FAIL", "FEAT-DRV-023", "guest_features",
                  "QEMU crashed first" if crashed else "",
                  [] if crashed else ["# FAIL FEAT-DRV-023: the guest found no virtio-blk device"])
        else:
            got = bit(fs, 34)
            k.add("PASS" if got == (a.packed == "on") else "FAIL", "FEAT-DRV-023",
                  "guest_features", "",
                  ["# guest virtio-blk features %s (bit 34 packed=%d)" % (fs, got)])
        ids = "VQP-DRV-008 VQP-DRV-009" if a.packed == "on" else "VQS-DRV-012"
        want = hashlib.md5(bytes((i * 7 + 3) & 0xff for i in range(4096 * 256))).hexdigest()
        m = re.search(r"blk-sum ([0-9a-f]{32})", section or "")
        if crashed or section is None:
            k.add("SKIP", ids, "guest_blk_read", "the guest did not run its script")
            k.add("SKIP", ids, "guest_blk_write_readback", "the guest did not run its script")
        else:
            k.add("PASS" if m and m.group(1) == want else "FAIL", ids, "guest_blk_read", "",
                  ["# the guest read 1 MiB: md5 %s, the disk holds %s" % (
                      m.group(1) if m else "none", want)])
            ok = "blk-readback ok" in section
            k.add("PASS" if ok else "FAIL", ids, "guest_blk_write_readback", "",
                  ["# 64 KiB written, caches dropped, read back: %s" % (
                      "identical" if ok else "different or not run")])
        merge_backend(be, betext, k)
        k.emit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def scenario_qemu_own(a):
    target = os.environ.get("PVC_TARGET", "qemu-virtio-packed-smoke")
    qv = qemu_version()
    kernel = find_kernel()
    kver = os.path.basename(kernel or "vmlinuz-?").replace("vmlinuz-", "").split("-")[0]
    peer = "QEMU %s" % qv
    err = qemu_preflight(target, peer, kernel, False)
    if err is not None:
        return err
    k = Ktap(target, peer)
    work = tempfile.mkdtemp(prefix="pvvhost-own-")
    try:
        mods = NET_MODULES + ["virtio_blk"]
        script = (INIT_HEAD % {"modules": " ".join(mods), "begin": MARK_BEGIN} + INIT_BLK +
                  INIT_TAIL % {"end": MARK_END})
        try:
            initrd = build_initramfs(work, kernel, mods, script)
        except (RuntimeError, OSError, subprocess.SubprocessError) as e:
            return one_error(target, peer, "qemu_guest_boot", "initramfs: %s" % e)
        disk = os.path.join(work, "disk.img")
        pattern = bytes((i * 7 + 3) & 0xff for i in range(4096)) * 256
        with open(disk, "wb") as fh:
            fh.write(pattern)
        extra = ["-netdev", "user,id=n0", "-device",
                 "virtio-net-pci,netdev=n0,packed=on,romfile=",
                 "-drive", "file=%s,if=none,id=d0,format=raw" % disk,
                 "-device", "virtio-blk-pci,drive=d0,packed=on"]
        rc, timed_out, qout, serial, took = run_qemu(work, kernel, initrd, extra, a.limit)
        section = guest_section(serial)
        diag = ["# qemu exit %s after %.1f s%s" % (rc, took, " (timed out)" if timed_out else "")]
        if section is None:
            for line in (qout + serial).splitlines()[-8:]:
                diag.append("# qemu| " + line)
            k.add("ERROR", "", "qemu_guest_boot", "the guest never reached its script", diag)
            k.emit()
            return 0
        k.add("PASS", "", "qemu_guest_boot", "", diag)
        feats = features_of(section)
        for devid, name in ((1, "virtio-net-pci"), (2, "virtio-blk-pci")):
            fs = feats.get(devid)
            tname = "qemu_%s_packed_negotiated" % name.split("-")[1]
            if fs is None:
                k.add("FAIL", "", tname, "", ["# FAIL: the Linux %s guest found no %s" % (kver, name)])
                continue
            k.add("PASS" if bit(fs, 34) else "FAIL", "", tname, "",
                  ["# Linux %s %s features %s: bit 34 (RING_PACKED) %s" % (
                      kver, name, fs, "set" if bit(fs, 34) else "clear")])
        want = hashlib.md5(pattern[:4096 * 256]).hexdigest()
        m = re.search(r"blk-sum ([0-9a-f]{32})", section)
        k.add("PASS" if m and m.group(1) == want else "FAIL", "", "qemu_blk_packed_read", "",
              ["# read 1 MiB through the packed virtio-blk queue: md5 %s, expected %s" % (
                  m.group(1) if m else "none", want)])
        k.emit()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


# --- benchmark ---------------------------------------------------------------

def pmd_rate(out, key):
    """Median of testpmd's per-second rate samples once traffic flows (the
    first non-zero sample, a partial second, dropped)."""
    vals = [int(v) for v in re.findall(key + r":\s+(\d+)", out)]
    vals = [v for v in vals if v][1:] or [v for v in vals if v]
    if not vals:
        return 0
    vals.sort()
    return vals[len(vals) // 2]


def testpmd(args, vdev, prefix, mode, seconds, first=False):
    cmd = ["timeout", "-s", "INT", "-k", "10", str(seconds), TESTPMD] + args + [
        "--no-huge", "-m", "512", "--no-pci", "--file-prefix=%s-%d" % (prefix, os.getpid()),
        "--vdev", vdev, "--", "--forward-mode=" + mode, "--nb-cores=1", "--stats-period", "1",
        "--total-num-mbufs=16384"] + (["--tx-first"] if first else [])
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          stdin=subprocess.DEVNULL).stdout


def bench_dpdk_pair(work, packed, seconds):
    sock = os.path.join(work, "pair.sock")
    be = subprocess.Popen(
        ["timeout", "-s", "INT", "-k", "10", str(seconds + 12), TESTPMD, "-l", "0,1",
         "--main-lcore", "0", "--no-huge", "-m", "512", "--no-pci",
         "--file-prefix=pvb-vh-%d" % os.getpid(), "--vdev", "net_vhost0,iface=%s,queues=1" % sock,
         "--", "--forward-mode=rxonly", "--nb-cores=1", "--stats-period", "1",
         "--total-num-mbufs=16384"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        stdin=subprocess.DEVNULL)
    end = time.time() + 20
    while not os.path.exists(sock) and time.time() < end and be.poll() is None:
        time.sleep(0.1)
    out = testpmd(["-l", "0,1", "--main-lcore", "1"],
                  "net_virtio_user0,path=%s,queues=1,packed_vq=%d" % (sock, packed),
                  "pvb-vu", "txonly", seconds + 3)
    stop(be, signal.SIGINT, 15)
    return pmd_rate(out, "Tx-pps")


def bench_dpdk_to_backend(work, packed, seconds, checker):
    target = "bench"
    be, sock, ktap = start_backend(work, target, "bench",
                                   ["--duration", str(seconds + 30), "--until-disconnect",
                                    "--quiet"] + ([] if checker else ["--no-checker"]))
    if be is None:
        return 0
    out = testpmd(["-l", "0,1"], "net_virtio_user0,path=%s,queues=1,packed_vq=%d" % (sock, packed),
                  "pvb-vu", "txonly", seconds + 3)
    wait_backend(be, ktap, work, 15)
    return pmd_rate(out, "Tx-pps")


def frontend_rate(sock, packed, seconds, engine):
    r = subprocess.run([FRONTEND, "--socket", sock, "--seconds", str(seconds), "--engine", engine,
                        "--no-mrg-rxbuf"] + ([] if packed else ["--no-packed"]),
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                       timeout=seconds + 60)
    m = re.search(r"tx_done=(\d+)", r.stdout)
    return int(m.group(1)) / seconds if m else 0


def bench_frontend_to_dpdk(work, packed, seconds, engine):
    sock = os.path.join(work, "fe.sock")
    pmd = subprocess.Popen(
        [TESTPMD, "-l", "0,1", "--no-huge", "-m", "512", "--no-pci",
         "--file-prefix=pvb-be-%d" % os.getpid(), "--vdev", "net_vhost0,iface=%s,queues=1" % sock,
         "--", "--forward-mode=macswap", "--nb-cores=1", "--total-num-mbufs=16384",
         "--stats-period", "1"],   # without it testpmd exits on stdin's EOF
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        end = time.time() + 20
        while not os.path.exists(sock) and time.time() < end and pmd.poll() is None:
            time.sleep(0.1)
        return frontend_rate(sock, packed, seconds, engine)
    finally:
        stop(pmd, signal.SIGINT, 15)


def bench_self(work, packed, seconds, engine, checker):
    be, sock, ktap = start_backend(work, "bench", "bench",
                                   ["--duration", str(seconds + 30), "--until-disconnect",
                                    "--loopback", "--quiet"] + ([] if checker else ["--no-checker"]))
    if be is None:
        return 0
    rate = frontend_rate(sock, packed, seconds, engine)
    wait_backend(be, ktap, work, 15)
    return rate


def scenario_bench(a):
    """Frames per second through one vhost-user pair, median of a.runs runs.
    DPDK rows are testpmd txonly rates (64-byte frames, one direction);
    pvvhost-frontend rows count transmitted frames that came back
    (60..1500-byte frames, both directions)."""
    rows = []
    have_pmd = shutil.which(TESTPMD) is not None
    for b in (BACKEND, FRONTEND):
        if not os.access(b, os.X_OK):
            print("bench: %s not built (make vhost)" % b)
            return 1
    cases = []
    for packed in (1, 0):
        lay = "packed" if packed else "split"
        if have_pmd:
            cases += [
                ("DPDK virtio-user -> DPDK net_vhost (peer baseline)", lay,
                 lambda w, p=packed: bench_dpdk_pair(w, p, a.seconds)),
                ("DPDK virtio-user -> pvvhost-backend, driver checker on", lay,
                 lambda w, p=packed: bench_dpdk_to_backend(w, p, a.seconds, True)),
                ("DPDK virtio-user -> pvvhost-backend, checker off", lay,
                 lambda w, p=packed: bench_dpdk_to_backend(w, p, a.seconds, False)),
                ("pvvhost-frontend (reference driver) -> DPDK net_vhost", lay,
                 lambda w, p=packed: bench_frontend_to_dpdk(w, p, a.seconds, "reference")),
            ]
        cases += [
            ("pvvhost-frontend (reference driver) -> pvvhost-backend, checker off", lay,
             lambda w, p=packed: bench_self(w, p, a.seconds, "reference", False)),
            ("pvvhost-frontend (reference driver) -> pvvhost-backend, checker on", lay,
             lambda w, p=packed: bench_self(w, p, a.seconds, "reference", True)),
        ]
    for name, lay, fn in cases:
        vals = []
        for _ in range(a.runs):
            work = tempfile.mkdtemp(prefix="pvvhost-bench-")
            try:
                vals.append(fn(work))
            finally:
                shutil.rmtree(work, ignore_errors=True)
        vals.sort()
        rows.append((name, lay, vals[len(vals) // 2], vals))
        log("bench: %s %s: %s" % (name, lay, vals))
    print("%-72s %-7s %12s  %s" % ("pair", "layout", "median fps", "runs"))
    for name, lay, med, vals in rows:
        print("%-72s %-7s %12.0f  %s" % (name, lay, med, " ".join("%.0f" % v for v in vals)))
    print("(%d run(s) of %d s each; samples on a shared 2-core machine vary by +-20%%)" % (
        a.runs, a.seconds))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="scenario", required=True)
    p = sub.add_parser("dpdk-fe")
    p.add_argument("--packed", type=int, default=1)
    p.add_argument("--in-order", type=int, default=1)
    p.add_argument("--mrg", type=int, default=1)
    p.add_argument("--queues", type=int, default=1)
    p.add_argument("--seconds", type=int, default=5)
    p = sub.add_parser("dpdk-be")
    p.add_argument("--packed", type=int, default=1)
    p.add_argument("--engine", choices=["reference", "checker"], default="reference")
    p.add_argument("--seconds", type=int, default=5)
    p = sub.add_parser("self")
    p.add_argument("--packed", type=int, default=1)
    p.add_argument("--engine", choices=["reference", "checker"], default="reference")
    p.add_argument("--seconds", type=int, default=3)
    p = sub.add_parser("qemu-guest")
    p.add_argument("--packed", choices=["on", "off"], default="on")
    p.add_argument("--vectors", default="0")
    p.add_argument("--pings", type=int, default=20)
    p.add_argument("--limit", type=int, default=150)
    p = sub.add_parser("qemu-blk")
    p.add_argument("--packed", choices=["on", "off"], default="on")
    p.add_argument("--vectors", default="default")
    p.add_argument("--limit", type=int, default=150)
    p = sub.add_parser("bench")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seconds", type=int, default=4)
    p = sub.add_parser("qemu-own")
    p.add_argument("--limit", type=int, default=150)
    a = ap.parse_args()
    fn = {"dpdk-fe": scenario_dpdk_fe, "dpdk-be": scenario_dpdk_be,
          "self": scenario_self, "qemu-guest": scenario_qemu_guest,
          "qemu-blk": scenario_qemu_blk, "bench": scenario_bench, "qemu-own": scenario_qemu_own}[a.scenario]
    return fn(a)


if __name__ == "__main__":
    sys.exit(main())
