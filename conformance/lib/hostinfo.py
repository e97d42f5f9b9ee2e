# SPDX-License-Identifier: GPL-2.0-only
"""Versions of the machine and tools a conformance run used (report
metadata).  Every probe is optional: a missing tool is simply absent."""

import os
import platform
import subprocess


def _first_line(argv, cwd=None):
    try:
        r = subprocess.run(argv, cwd=cwd, capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    if r.returncode != 0:
        return ""
    out = r.stdout.decode(errors="replace").strip().splitlines()
    return out[0].strip() if out else ""


def _os_release():
    try:
        with open("/etc/os-release", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return ""


def collect(root):
    info = {
        "os": _os_release(),
        "kernel": platform.release(),
        "machine": platform.machine(),
        "cpus": str(os.cpu_count() or ""),
        "python": platform.python_version(),
        "pvspec": _first_line(["git", "describe", "--always", "--dirty"], cwd=root),
        "gcc": _first_line(["gcc", "--version"]),
        "qemu": _first_line(["qemu-system-x86_64", "--version"]),
        "dpdk": _first_line(["pkg-config", "--modversion", "libdpdk"]),
    }
    return {k: v for k, v in info.items() if v}
