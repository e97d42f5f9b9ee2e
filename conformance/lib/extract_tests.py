#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""extract_tests.py - test metadata from PVC_TEST declarations.

Scans conformance/**/*.c for

    PVC_TEST(name, "REQ-ID REQ-ID", "tag tag")

and conformance/**/*.py (test runners that judge results themselves) for
the same declaration in a comment line: "# PVC_TEST(name, ...)".

(docs/conventions.md section 2) and writes tests.json:

    [{"tier", "name", "file", "line", "reqs", "tags"}, ...]

The tier of a file is decided in this order:
  1. a target cfg (conformance/targets/*.cfg) whose "sources" key lists a
     directory that holds the file: that target's tier;
  2. the first directory under conformance/ when some cfg uses it as a tier
     name or it holds its own make fragment conformance/<dir>/<dir>.mk
     (conformance/kvm/... -> kvm);
  3. otherwise "inproc" (conformance/tests/, conformance/checkers/, ...).

Exit status 1 when a declaration is malformed or a name repeats within a
tier; --check-ids also fails on IDs missing from requirements.json.
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import targets as targets_mod  # noqa: E402

DECL = re.compile(r'^\s*PVC_TEST\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*'
                  r'"([^"]*)"\s*,\s*"([^"]*)"')
LOOSE = re.compile(r'^\s*PVC_TEST\s*\(')
PY_COMMENT = re.compile(r'^\s*#\s?')
DEFAULT_TIER = "inproc"


def _tier_rules(root):
    by_source, tiers = [], set()
    for t in targets_mod.load_dir(os.path.join(root, "conformance", "targets")):
        tiers.add(t.tier)
        for s in t.sources:
            by_source.append((os.path.normpath(s).rstrip("/") + "/", t.tier))
    by_source.sort(key=lambda x: -len(x[0]))
    base = os.path.join(root, "conformance")
    if os.path.isdir(base):
        for d in os.listdir(base):
            if os.path.isfile(os.path.join(base, d, d + ".mk")):
                tiers.add(d)
    return by_source, tiers


def tier_of(relpath, by_source, tiers):
    for prefix, tier in by_source:
        if relpath.startswith(prefix):
            return tier
    parts = relpath.split("/")
    if len(parts) > 2 and parts[0] == "conformance" and parts[1] in tiers:
        return parts[1]
    return DEFAULT_TIER


def scan(root):
    """Return (tests, problems)."""
    by_source, tiers = _tier_rules(root)
    tests, problems = [], []
    base = os.path.join(root, "conformance")
    files = []
    for d, dirs, names in os.walk(base):
        dirs.sort()
        files += [os.path.join(d, n) for n in sorted(names) if n.endswith((".c", ".py"))]
    for path in files:
        rel = os.path.relpath(path, root).replace(os.sep, "/")
        tier = tier_of(rel, by_source, tiers)
        with open(path, encoding="utf-8", errors="replace") as fh:
            is_py = path.endswith(".py")
            for lineno, line in enumerate(fh, 1):
                if is_py:
                    # only "# PVC_TEST(...)" comment lines declare a test
                    m = PY_COMMENT.match(line)
                    if not m:
                        continue
                    line = line[m.end():]
                if not LOOSE.match(line):
                    continue
                m = DECL.match(line)
                if not m:
                    problems.append("%s:%d: PVC_TEST not in the form "
                                    'PVC_TEST(name, "IDS", "tags") on one line'
                                    % (rel, lineno))
                    continue
                tests.append({"tier": tier, "name": m.group(1), "file": rel,
                              "line": lineno, "reqs": m.group(2).split(),
                              "tags": m.group(3).split()})
    seen = {}
    for t in tests:
        key = (t["tier"], t["name"])
        if key in seen:
            problems.append("%s:%d: test name %s already used in tier %s at %s"
                            % (t["file"], t["line"], t["name"], t["tier"],
                               seen[key]))
        else:
            seen[key] = "%s:%d" % (t["file"], t["line"])
        if not t["reqs"]:
            problems.append("%s:%d: %s cites no requirement ID"
                            % (t["file"], t["line"], t["name"]))
    return tests, problems


def check_ids(tests, requirements_path):
    with open(requirements_path, encoding="utf-8") as fh:
        known = {r["id"] for r in json.load(fh)}
    return ["%s:%d: %s cites %s, which the spec lacks"
            % (t["file"], t["line"], t["name"], i)
            for t in tests for i in t["reqs"] if i not in known]


def write(tests, out):
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(tests, fh, indent=1)
        fh.write("\n")
    os.replace(tmp, out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=".", help="repository root")
    ap.add_argument("--out", default="build/conformance/tests.json")
    ap.add_argument("--check-ids", metavar="REQUIREMENTS_JSON",
                    help="fail on IDs missing from this requirements.json")
    a = ap.parse_args(argv)
    tests, problems = scan(a.root)
    if a.check_ids:
        problems += check_ids(tests, a.check_ids)
    write(tests, a.out)
    for p in problems:
        print("extract_tests: " + p, file=sys.stderr)
    print("extract_tests: %d tests in %d tiers -> %s"
          % (len(tests), len({t["tier"] for t in tests}), a.out))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
