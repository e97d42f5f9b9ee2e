# SPDX-License-Identifier: GPL-2.0-only
"""Target cfg files (docs/conventions.md section 4) and the probe of their
"needs".

    [dpdk-virtio-user-packed]
    tier = vhost
    command = conformance/targets/run-dpdk.sh packed
    timeout = 300
    needs = dpdk
    groups = vhost dpdk
    description = DPDK virtio-user (packed) against the reference device
    sources = conformance/vhost

Keys besides those of the conventions: "description" (free text for the
report), "sources" (directories whose PVC_TEST declarations belong to this
target's tier, for extract_tests.py) and "env" (NAME=value words added to
the command's environment).

A need is one word.  Named needs: qemu, dpdk, kvm, kernel, busybox, cpio,
chromium; generic ones: bin:<program> (on PATH), file:<path> (exists),
dev:<path> (character device that can be opened read-write),
pkg:<pkg-config module>.  An unknown need is never assumed present.
"""

import configparser
import glob
import os
import shlex
import shutil
import subprocess

DEFAULT_TIMEOUT = 300


class Target:
    def __init__(self, name, tier, command, timeout=DEFAULT_TIMEOUT,
                 needs=(), groups=(), description="", sources=(), env=(),
                 cfg_file=""):
        self.name = name
        self.tier = tier
        self.command = command
        self.timeout = timeout
        self.needs = list(needs)
        self.groups = list(groups)
        self.description = description
        self.sources = list(sources)
        self.env = list(env)
        self.cfg_file = cfg_file

    @property
    def key(self):
        return "%s-%s" % (self.tier, self.name)

    def in_group(self, group):
        return group in self.groups or group == self.tier or group == self.name

    def to_dict(self):
        return {"name": self.name, "tier": self.tier, "command": self.command,
                "timeout": self.timeout, "needs": self.needs,
                "groups": self.groups, "description": self.description,
                "cfg": self.cfg_file}


class CfgError(Exception):
    pass


def load_file(path):
    cp = configparser.ConfigParser(interpolation=None, strict=True,
                                   inline_comment_prefixes=None)
    try:
        with open(path, encoding="utf-8") as fh:
            cp.read_file(fh)
    except (configparser.Error, OSError) as e:
        raise CfgError("%s: %s" % (path, e)) from e
    out = []
    for name in cp.sections():
        s = cp[name]
        if "tier" not in s or "command" not in s:
            raise CfgError("%s: [%s] needs 'tier' and 'command'" % (path, name))
        try:
            timeout = float(s.get("timeout", str(DEFAULT_TIMEOUT)))
        except ValueError as e:
            raise CfgError("%s: [%s] timeout: %s" % (path, name, e)) from e
        out.append(Target(name=name, tier=s["tier"].strip(),
                          command=s["command"].strip(), timeout=timeout,
                          needs=s.get("needs", "").split(),
                          groups=s.get("groups", "").split(),
                          description=s.get("description", "").strip(),
                          sources=s.get("sources", "").split(),
                          env=s.get("env", "").split(),
                          cfg_file=path))
    return out


def load_dir(directory, errors=None):
    """All targets of directory/*.cfg, sorted by tier then name.  A broken
    file is reported through errors (a list) when given, else raised."""
    out = []
    for path in sorted(glob.glob(os.path.join(directory, "*.cfg"))):
        try:
            out += load_file(path)
        except CfgError as e:
            if errors is None:
                raise
            errors.append(str(e))
    seen = {}
    for t in out:
        if t.name in seen:
            msg = "target %s defined in %s and %s" % (t.name, seen[t.name], t.cfg_file)
            if errors is None:
                raise CfgError(msg)
            errors.append(msg)
        seen[t.name] = t.cfg_file
    return sorted(out, key=lambda t: (t.tier, t.name))


def _which(prog):
    p = shutil.which(prog)
    return (True, p) if p else (False, "%s not found on PATH" % prog)


def _file(path):
    return (True, path) if os.path.exists(path) else (False, "%s is missing" % path)


def _dev(path):
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        os.close(fd)
        return True, path
    except OSError as e:
        return False, "%s: %s" % (path, e.strerror)


def _pkg(mod):
    if not shutil.which("pkg-config"):
        return False, "pkg-config not found (needed to find %s)" % mod
    r = subprocess.run(["pkg-config", "--exists", mod], check=False)
    return (True, mod) if r.returncode == 0 else (False, "pkg-config: %s not installed" % mod)


def _kernel():
    k = sorted(glob.glob("/boot/vmlinuz-*"))
    return (True, k[-1]) if k else (False, "no kernel image in /boot")


def _dpdk():
    ok, why = _which("dpdk-testpmd")
    if not ok:
        return ok, why
    return _pkg("libdpdk")


NAMED = {
    "qemu": lambda: _which("qemu-system-x86_64"),
    "dpdk": _dpdk,
    "kvm": lambda: _dev("/dev/kvm"),
    "kernel": _kernel,
    "busybox": lambda: _which("busybox"),
    "cpio": lambda: _which("cpio"),
    "chromium": lambda: _which("chromium"),
}


def probe_need(need):
    """Return (present, detail)."""
    kind, _, arg = need.partition(":")
    if arg:
        fn = {"bin": _which, "file": _file, "dev": _dev, "pkg": _pkg}.get(kind)
        if fn is None:
            return False, "unknown need '%s'" % need
        return fn(arg)
    fn = NAMED.get(need)
    if fn is None:
        return False, "unknown need '%s'" % need
    return fn()


def probe(target, cache=None):
    """(runnable, reason): reason names every missing need."""
    missing = []
    for n in target.needs:
        if cache is not None and n in cache:
            ok, why = cache[n]
        else:
            ok, why = probe_need(n)
            if cache is not None:
                cache[n] = (ok, why)
        if not ok:
            missing.append("needs %s: %s" % (n, why))
    return (not missing), "; ".join(missing)


def command_argv(target):
    return shlex.split(target.command)


def resolve_program(argv0, root):
    """Path of the program a command starts, or None: a word with a slash
    is relative to the repository root, a bare word is looked up on PATH."""
    if "/" in argv0:
        p = argv0 if os.path.isabs(argv0) else os.path.join(root, argv0)
        return p if os.path.isfile(p) and os.access(p, os.X_OK) else None
    return shutil.which(argv0)


def command_present(target, root):
    """(present, detail) for the first word of the command."""
    try:
        argv = command_argv(target)
    except ValueError as e:
        return False, "bad command: %s" % e
    if not argv:
        return False, "empty command"
    p = resolve_program(argv[0], root)
    return (True, p) if p else (False, "command not found: %s (not built?)" % argv[0])
