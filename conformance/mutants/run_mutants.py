# SPDX-License-Identifier: GPL-2.0-only
"""Mutation testing of the reference virtqueues (make mutants).

For every mutant in the list: copy the named reference source, apply the
substitution (it must match exactly once, or the run fails), rebuild what
depends on it, link pvconform-inproc against the mutated library and run
it in --strict mode on every reference target.  A mutant is killed when a
test fails (or the run crashes); the table shows the killing tests.  Exit
status 1 if a mutant survives, a substitution no longer applies, or the
unmutated build does not pass.
"""

import argparse
import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
import time

TARGETS = ("reference-packed", "reference-split")
REF_INC = ["-Ireference/include", "-Ireference/guest", "-Ireference/host"]
RUN_TIMEOUT = 120


def parse_list(path):
    mutants, cur = [], None
    with open(path) as f:
        for n, line in enumerate(f, 1):
            s = line.rstrip("\n")
            if not s.strip() or s.lstrip().startswith("#"):
                continue
            m = re.match(r"^\[([A-Za-z0-9_.-]+)\]$", s)
            if m:
                cur = {"name": m.group(1), "line": n}
                mutants.append(cur)
                continue
            m = re.match(r"^(\w+)\s*=\s*(.*)$", s)
            if not m or cur is None:
                sys.exit("%s:%d: cannot parse: %s" % (path, n, s))
            key, val = m.group(1), m.group(2)
            if key in ("from", "to"):
                val = ast.literal_eval(val)
            cur[key] = val
    for mu in mutants:
        for k in ("file", "from", "to"):
            if k not in mu:
                sys.exit("%s: mutant %s lacks '%s'" % (path, mu["name"], k))
    return mutants


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True, **kw)


def compile_one(cc, cflags, src, obj, extra_inc):
    os.makedirs(os.path.dirname(obj), exist_ok=True)
    cmd = [cc] + cflags + extra_inc + REF_INC + ["-c", src, "-o", obj]
    r = run(cmd)
    if r.returncode:
        raise RuntimeError("compile failed: %s\n%s" % (" ".join(cmd), r.stdout))


def judge(binary):
    """(failed tests, crash note) over every reference target."""
    killers, crash = [], None
    for t in TARGETS:
        try:
            r = subprocess.run([binary, "--target", t, "--strict"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, universal_newlines=True,
                               timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            crash = "%s: timeout" % t
            continue
        plan, seen = None, 0
        for line in r.stdout.splitlines():
            m = re.match(r"^1\.\.(\d+)$", line)
            if m:
                plan = int(m.group(1))
            m = re.match(r"^(not )?ok \d+ (\S+) (\S+)", line)
            if m:
                seen += 1
                if m.group(1):
                    killers.append("%s:%s" % (t.split("-")[-1], m.group(3)))
        if r.returncode or plan is None or seen != plan:
            crash = "%s: exit %d after %d of %s results" % (t, r.returncode, seen, plan)
    return killers, crash


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--cc", required=True)
    ap.add_argument("--cflags", required=True)
    ap.add_argument("--ldflags", default="")
    ap.add_argument("--objs", required=True, help="pvconform-inproc objects")
    ap.add_argument("--ref-objs", required=True, help="objects of libpvref")
    ap.add_argument("--ref-out", required=True, help="$(OUT): where reference/*.o live")
    ap.add_argument("--only", help="run only mutants whose name contains this")
    ap.add_argument("--tap", help="also write TAP (one test per mutant) to this file")
    ap.add_argument("list")
    a = ap.parse_args()

    cflags = shlex.split(a.cflags)
    ldflags = shlex.split(a.ldflags)
    objs = a.objs.split()
    ref_objs = a.ref_objs.split()
    mutants = parse_list(a.list)
    if a.only:
        mutants = [m for m in mutants if a.only in m["name"]]
    os.makedirs(a.out, exist_ok=True)
    t0 = time.time()

    # the unmutated build must pass, or no result below means anything
    base = os.path.join(a.out, "baseline", "pvconform-inproc")
    os.makedirs(os.path.dirname(base), exist_ok=True)
    r = run([a.cc] + ldflags + ["-o", base] + objs + ref_objs)
    if r.returncode:
        sys.exit("mutants: cannot link the baseline:\n" + r.stdout)
    killers, crash = judge(base)
    if killers or crash:
        print("mutants: the unmutated reference fails: %s %s" % (" ".join(killers), crash or ""))
        return 1

    rows, bad = [], 0
    for mu in mutants:
        name, path = mu["name"], mu["file"]
        mdir = os.path.join(a.out, name)
        shutil.rmtree(mdir, ignore_errors=True)
        with open(path) as f:
            text = f.read()
        n = text.count(mu["from"])
        if n != 1:
            print("mutants: %s: the substitution matches %d times in %s (must be once): update %s"
                  % (name, n, path, a.list))
            bad += 1
            rows.append((name, "NOT APPLIED", ""))
            continue
        mtext = text.replace(mu["from"], mu["to"])
        try:
            if path.endswith(".h"):
                # a header: a mutated copy of its whole directory goes first
                # on the include path (a quoted include looks beside the
                # includer first), and every reference source is rebuilt
                inc = os.path.join(mdir, "inc")
                shutil.copytree(os.path.dirname(path), inc)
                with open(os.path.join(inc, os.path.basename(path)), "w") as f:
                    f.write(mtext)
                mobjs = []
                for o in ref_objs:
                    rel = os.path.relpath(o, a.ref_out)[:-2] + ".c"
                    mo = os.path.join(mdir, rel[:-2] + ".o")
                    compile_one(a.cc, cflags, rel, mo, ["-I" + inc])
                    mobjs.append(mo)
            else:
                msrc = os.path.join(mdir, path)
                os.makedirs(os.path.dirname(msrc))
                with open(msrc, "w") as f:
                    f.write(mtext)
                mo = msrc[:-2] + ".o"
                compile_one(a.cc, cflags, msrc, mo, ["-I" + os.path.dirname(path)])
                orig = os.path.join(a.ref_out, path[:-2] + ".o")
                if orig not in ref_objs:
                    raise RuntimeError("no object %s for %s" % (orig, path))
                mobjs = [mo if o == orig else o for o in ref_objs]
            binary = os.path.join(mdir, "pvconform-inproc")
            r = run([a.cc] + ldflags + ["-o", binary] + objs + mobjs)
            if r.returncode:
                raise RuntimeError("link failed:\n" + r.stdout)
        except RuntimeError as e:
            print("mutants: %s: %s" % (name, e))
            bad += 1
            rows.append((name, "BUILD FAILED", ""))
            continue
        killers, crash = judge(binary)
        if crash:
            killers.append("(" + crash + ")")
        rows.append((name, "killed" if killers else "SURVIVED", killers))

    killed = sum(1 for r in rows if r[1] == "killed")
    w = max([len(r[0]) for r in rows] + [6])
    print("%-*s  %-9s  %s" % (w, "mutant", "result", "killed by"))
    for name, res, k in rows:
        shown = ", ".join(k[:4]) + (" (+%d more)" % (len(k) - 4) if len(k) > 4 else "")
        print("%-*s  %-9s  %s" % (w, name, res, shown))
    total = len(rows)
    print("mutation score: %d/%d killed (%.0f%%) in %.0f s"
          % (killed, total, 100.0 * killed / total if total else 0, time.time() - t0))
    if a.tap:
        with open(a.tap, "w") as f:
            f.write("TAP version 13\n1..%d\n" % total)
            for i, (name, res, k) in enumerate(rows, 1):
                if res == "killed":
                    f.write("ok %d mutant %s killed by %s\n" % (i, name, ", ".join(k[:4])))
                else:
                    f.write("not ok %d mutant %s %s\n" % (i, name, res))
            f.write("%d passed, %d failed, 0 skipped\n" % (killed, total - killed))
    return 0 if killed == total and not bad else 1


if __name__ == "__main__":
    sys.exit(main())
