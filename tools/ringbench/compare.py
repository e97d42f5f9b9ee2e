#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run pvspec's ringbench and Linux's tools/virtio/ringtest side by side.

Pairs: ringbench --layout packed vs ringtest `ring` (the packed-style
prototype ring), ringbench --layout split vs ringtest `virtio_ring_0_9`
(the split ring).  Same ring size, same buffer count, same mode (busy
polling, or --sleep with notifications).  Runs are interleaved, repeated,
and the medians compared: ratio > 1 means pvspec moved more buffers per
second.  Prints a table; exit 1 if a program failed.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time


def timed(cmd):
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.monotonic() - t0
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    return dt, p.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ringbench", required=True)
    ap.add_argument("--ringtest-dir", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cycles", type=int, default=2000000)
    ap.add_argument("--ring-size", type=int, default=256)
    ap.add_argument("--sleep", action="store_true")
    a = ap.parse_args()

    common = ["--ring-size", str(a.ring_size), "--run-cycles", str(a.cycles)]
    if a.sleep:
        common.append("--sleep")
    pairs = [
        ("packed", [a.ringbench, "--layout", "packed"] + common,
         "ringtest ring", [os.path.join(a.ringtest_dir, "ring")] + common),
        ("split", [a.ringbench, "--layout", "split"] + common,
         "ringtest virtio_ring_0_9", [os.path.join(a.ringtest_dir, "virtio_ring_0_9")] + common),
    ]
    mode = "sleep/notify" if a.sleep else "busy-poll"
    print("ringbench vs Linux ringtest: %d buffers, ring %d, %s, median of %d"
          % (a.cycles, a.ring_size, mode, a.runs))
    print("%-8s %14s %14s %-26s %8s" % ("layout", "pvspec buf/s", "peer buf/s", "peer", "ratio"))
    for name, ours, peer_name, peer in pairs:
        mine, theirs = [], []
        for _ in range(a.runs):
            # interleave so both see the same machine load
            dt, out = timed(ours)
            m = re.search(r"rate=(\d+)", out)
            mine.append(float(m.group(1)) if m else a.cycles / dt)
            dt, _ = timed(peer)
            theirs.append(a.cycles / dt)
        mm, tm = statistics.median(mine), statistics.median(theirs)
        print("%-8s %14.0f %14.0f %-26s %8.2f" % (name, mm, tm, peer_name, mm / tm))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except RuntimeError as e:
        print("compare: %s" % e, file=sys.stderr)
        sys.exit(1)
