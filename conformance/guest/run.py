#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""run.py - boot the freestanding test guest under QEMU and print its KTAP.

    run.py --entry packed            one unittests.cfg entry, KTAP on stdout
    run.py --group split             every entry of a group, one after another
    run.py --all                     every entry
    run.py --list                    entry names

For each entry: create a raw disk image holding the sector pattern the
guest checks, start QEMU (-kernel pvguest.elf, COM1 on a pipe,
isa-debug-exit), wait at most the entry's timeout, keep the KTAP the guest
printed and check how QEMU ended.  The guest exits through isa-debug-exit
with 0 (all passed: QEMU status 1) or 1 (failures: status 3); anything else
is a crash or hang, reported as ERROR on the test that was running and on
every test not reached.

The guest prints the sha256 of each reference/guest/*.c it was built from;
they are compared with the files now in reference/guest/ and a difference
turns the run into an ERROR (a stale image proves nothing).

Environment: QEMU (default qemu-system-x86_64), ACCEL (tcg, kvm or auto:
kvm when a probe boot of the image completes under it within 3 s, else
tcg), PVC_BUILD (build directory, default build), PVC_FILTER (test name
prefix passed to the guest).
"""

import argparse
import configparser
import glob
import hashlib
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CFG = os.path.join(HERE, "unittests.cfg")
SECTORS = 2048
SECTOR = 512
PROBE_S = 3


def load_cfg(path=CFG):
    cp = configparser.ConfigParser(interpolation=configparser.ExtendedInterpolation())
    with open(path, encoding="utf-8") as fh:
        cp.read_file(fh)
    return cp


def pattern_image(path, sectors=SECTORS):
    """Byte i of sector s is (7 s + 13 i + 0x5a) mod 256 (tests/blk.h)."""
    base = bytes(((13 * i + 0x5A) & 0xFF) for i in range(SECTOR))
    with open(path, "wb") as fh:
        for s in range(sectors):
            k = (7 * s) & 0xFF
            fh.write(bytes(((b + k) & 0xFF) for b in base))


def qemu_bin():
    return os.environ.get("QEMU", "qemu-system-x86_64")


def qemu_version():
    try:
        out = subprocess.run([qemu_bin(), "--version"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except OSError:
        return None
    m = re.search(r"version (\S+)", out)
    return "QEMU " + m.group(1) if m else None


def base_argv(image, accel, smp, append):
    return [qemu_bin(), "-accel", accel, "-machine", "pc", "-cpu", "max" if accel == "tcg" else "host",
            "-m", "128", "-smp", str(smp), "-nodefaults", "-display", "none", "-no-reboot",
            "-serial", "stdio", "-monitor", "none",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x4",
            "-kernel", image, "-append", append]


def probe_kvm(image, build):
    """kvm if a device-less boot of the image ends by itself under it."""
    if not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return "tcg"
    cache = os.path.join(build, "guest", "accel.cache")
    key = "%s %s" % (qemu_bin(), os.stat("/dev/kvm").st_rdev)
    try:
        with open(cache, encoding="utf-8") as fh:
            k, acc = fh.read().rsplit(" ", 1)
            if k == key:
                return acc.strip()
    except (OSError, ValueError):
        pass
    argv = base_argv(image, "kvm", 1, "target=probe filter=no_such_test")
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=PROBE_S,
                           check=False)
        acc = "kvm" if r.returncode == 1 else "tcg"
    except subprocess.TimeoutExpired:
        acc = "tcg"
    try:
        with open(cache, "w", encoding="utf-8") as fh:
            fh.write("%s %s\n" % (key, acc))
    except OSError:
        pass
    return acc


def ref_hashes():
    out = {}
    for p in sorted(glob.glob(os.path.join(ROOT, "reference", "guest", "*.c"))):
        with open(p, "rb") as fh:
            out[os.path.relpath(p, ROOT)] = hashlib.sha256(fh.read()).hexdigest()
    return out


def ktap_error(target, peer, name, reason):
    return ["KTAP version 1", '# pvspec tier=guest target=%s peer="%s"' % (target, peer),
            "1..1", "not ok 1 %s # ERROR %s" % (name, reason)]


def finish_ktap(lines, status, timed_out, target, peer):
    """KTAP of the guest, completed when it did not run to the end."""
    try:
        start = lines.index("KTAP version 1")
    except ValueError:
        why = "timed out" if timed_out else "QEMU exited with status %d" % status
        return ktap_error(target, peer, "guest_boot", "no KTAP from the guest: " + why), False
    lines = lines[start:]
    plan = next((int(m.group(1)) for m in (re.match(r"^1\.\.(\d+)$", l) for l in lines) if m), None)
    done = {int(m.group(1)) for m in (re.match(r"^(?:not )?ok (\d+) ", l) for l in lines) if m}
    complete = status in (1, 3) and not timed_out
    if complete and plan is not None and len(done) == plan:
        return lines, True
    why = "guest timed out" if timed_out else "guest ended with QEMU status %d" % status
    running = None
    for l in lines:
        m = re.match(r"^# run (\d+) (\S+) (\S+)$", l)
        if m:
            running = (int(m.group(1)), m.group(2), m.group(3))
    lines = list(lines)
    for n in range(1, (plan or 0) + 1):
        if n in done:
            continue
        if running and running[0] == n:
            lines.append("not ok %d %s %s # ERROR %s during this test" % (n, running[1], running[2], why))
        else:
            lines.append("not ok %d not_reached # ERROR %s before this test" % (n, why))
    if plan is None:
        lines += ["1..1", "not ok 1 guest_plan # ERROR %s before the plan" % why]
    return lines, False


def check_sources(lines):
    """Problems with the reference sources the image says it was built from."""
    claimed = {}
    for l in lines:
        m = re.match(r"^# reference-source (\S+) sha256=([0-9a-f]{64})$", l)
        if m:
            claimed[m.group(1)] = m.group(2)
    now = ref_hashes()
    if not claimed:
        return ["the guest printed no reference-source lines"]
    probs = []
    for p, h in sorted(now.items()):
        if p not in claimed:
            probs.append("%s is not in the image" % p)
        elif claimed[p] != h:
            probs.append("%s changed since the image was built" % p)
    probs += ["%s is in the image but no longer in reference/guest" % p
              for p in sorted(set(claimed) - set(now))]
    return probs


def boot(sec, name, image, accel, peer, extra_append, timeout, log):
    """One QEMU run; returns (lines of serial output, QEMU status, timed_out, seconds)."""
    with tempfile.TemporaryDirectory(prefix="pvguest-") as tmp:
        disk = os.path.join(tmp, "disk.img")
        pattern_image(disk)
        extra = shlex.split(sec.get("extra_params", "").replace("{disk}", disk))
        append = "%s target=%s peer=%s sectors=%d%s" % (
            sec.get("append", ""), os.environ.get("PVC_TARGET") or name,
            peer.replace(" ", "_"), SECTORS, extra_append)
        argv = base_argv(image, accel, sec.getint("smp", 1), append) + extra
        log.write("run.py: %s\n" % " ".join(shlex.quote(a) for a in argv))
        log.flush()
        t0 = time.monotonic()
        timed_out = False
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=log, cwd=tmp)
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            proc.kill()
            out, _ = proc.communicate()
        dt = time.monotonic() - t0
    text = out.decode("utf-8", errors="replace").replace("\r", "")
    return [l for l in text.split("\n") if l != ""], proc.returncode, timed_out, dt


def stale_check(lines, name, peer, log):
    """None, or the ERROR KTAP replacing the output of an image built from
    other reference sources."""
    probs = check_sources(lines)
    if not probs:
        return None
    log.write("run.py: output of the stale image, not reported:\n%s\n" % "\n".join(lines))
    return ktap_error(name, peer, "guest_image_sources",
                      "image does not match reference/guest: " + "; ".join(probs))


def run_each(sec, name, image, accel, peer, filt, log):
    """Entry with own_boot = each: one QEMU run per needs:own-boot test, so
    that a device model that stops answering costs only that test."""
    timeout = sec.getfloat("timeout", 30)
    flt = " filter=" + filt if filt else ""
    lines, status, timed_out, dt = boot(sec, name, image, accel, peer,
                                        " own_boot=1 list=1" + flt, timeout, log)
    if timed_out or status != 1:
        why = "timed out" if timed_out else "QEMU status %s" % status
        return ktap_error(name, peer, "guest_list", "listing the tests failed: " + why), 2
    stale = stale_check(lines, name, peer, log)
    if stale:
        return stale, 2
    tests = [l.split()[2:4] for l in lines if l.startswith("# list ")]
    out = ["KTAP version 1", '# pvspec tier=guest target=%s peer="%s"'
           % (os.environ.get("PVC_TARGET") or name, peer), "1..%d" % len(tests)]
    total, worst = dt, 0
    for k, (ids, tname) in enumerate(tests, 1):
        lines, status, timed_out, dt = boot(sec, name, image, accel, peer,
                                            " own_boot=1 only=%s" % tname, timeout, log)
        total += dt
        body = []
        seen = False
        for l in lines:
            m = re.match(r"^(not ok|ok) 1 (.*)$", l)
            if m:
                body.append("%s %d %s" % (m.group(1), k, m.group(2)))
                seen = True
                break
            if l.startswith("# ") and not l.startswith(("# pvspec ", "# run ", "# reference-source ",
                                                         "# ring ", "# devices: ", "# guest: ")):
                body.append(l)
        if not seen:
            why = ("no progress within %g s" % timeout) if timed_out else \
                "QEMU ended with status %s" % status
            body.append("# FINDING %s peer=\"%s\" the device model stopped answering the guest "
                        "after the request of %s (%s)" % (ids.split(",")[0], peer, tname, why))
            body.append("not ok %d %s %s # ERROR guest %s during this test (a boot of its own)"
                        % (k, ids, tname, "timed out" if timed_out else "ended"))
            worst = 2
        elif body[-1].startswith("not ok"):
            worst = max(worst, 1)
        out += body
    out.append("# run.py: accel=%s boots=%d duration_s=%.2f" % (accel, len(tests) + 1, total))
    return out, worst


def run_entry(cp, name, build, accel, peer, filt, log):
    sec = cp[name]
    image = os.path.join(build, "guest", sec.get("file", "pvguest.elf"))
    if not os.path.exists(image):
        return ktap_error(name, peer, "guest_image", "%s not built (make guest-image)" % image), 2
    if accel == "auto":
        accel = probe_kvm(image, build)
    if sec.get("own_boot", "") == "each":
        return run_each(sec, name, image, accel, peer, filt, log)
    lines, status, timed_out, dt = boot(sec, name, image, accel, peer,
                                        " filter=" + filt if filt else "",
                                        sec.getfloat("timeout", 30), log)
    lines, complete = finish_ktap(lines, status, timed_out, name, peer)
    stale = stale_check(lines, name, peer, log) if complete else None
    if stale:
        lines, complete = stale, False
    lines.append("# run.py: accel=%s qemu_status=%s duration_s=%.2f" % (accel, status, dt))
    rc = 0 if complete and status == 1 else (1 if complete else 2)
    return lines, rc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entry", action="append", default=[])
    ap.add_argument("--group")
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--build", default=os.environ.get("PVC_BUILD", os.path.join(ROOT, "build")))
    ap.add_argument("--cfg", default=CFG)
    a = ap.parse_args()
    cp = load_cfg(a.cfg)
    if a.list:
        for s in cp.sections():
            print(s)
        return 0
    names = list(a.entry)
    if a.group or a.all:
        names += [s for s in cp.sections()
                  if a.all or a.group in cp[s].get("groups", "").split()]
    unknown = [n for n in names if n not in cp.sections()]
    if unknown or not names:
        print("run.py: unknown or no entries: %s" % " ".join(unknown), file=sys.stderr)
        return 2
    peer = qemu_version()
    if peer is None:
        for n in names:
            print("\n".join(["KTAP version 1", '# pvspec tier=guest target=%s peer="QEMU"' % n,
                             "1..1", "ok 1 qemu_present # SKIP %s not found" % qemu_bin()]))
        return 0
    accel = os.environ.get("ACCEL", "auto")
    worst = 0
    for n in names:
        lines, rc = run_entry(cp, n, a.build, accel, peer, os.environ.get("PVC_FILTER", ""),
                              sys.stderr)
        print("\n".join(lines), flush=True)
        worst = max(worst, rc)
    return worst


if __name__ == "__main__":
    sys.exit(main())
