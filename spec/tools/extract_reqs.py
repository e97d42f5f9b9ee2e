#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""extract_reqs.py - write spec/build/requirements.json from the \\req and
\\reqwithdrawn macros of spec/chapters/*.tex.

Fails (exit 1, one 'file:line: message' per problem) on a malformed or
duplicate ID, an unknown level, an ID whose area or target does not fit its
chapter, or a gap in an ID sequence.

usage: extract_reqs.py [--chapters DIR] [-o FILE | --check] [--summary]
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reqlib  # noqa: E402


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chapters", default=os.path.join(here, "..", "chapters"))
    ap.add_argument("-o", "--output", default=None, help="JSON file (default: stdout)")
    ap.add_argument("--summary", action="store_true", help="print counts per chapter")
    ap.add_argument("--check", action="store_true", help="only validate; write no JSON")
    args = ap.parse_args(argv)
    prefix = os.path.relpath(os.path.abspath(args.chapters))
    try:
        reqs = reqlib.extract(args.chapters, display_prefix=prefix)
    except reqlib.SpecError as e:
        for msg in e.errors:
            print(msg, file=sys.stderr)
        print("extract_reqs: %d error(s)" % len(e.errors), file=sys.stderr)
        return 1
    data = json.dumps(reqs, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        pass
    elif args.output:
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        tmp = args.output + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, args.output)
    else:
        sys.stdout.write(data)
    if args.summary:
        counts = {}
        for r in reqs:
            key = (r["chapter"], r["area"] + "-" + r["target"])
            c = counts.setdefault(key, [0, 0])
            c[1 if r["withdrawn"] else 0] += 1
        for (ch, at), (live, wd) in sorted(counts.items()):
            print("  %-12s %-9s %3d%s" % (ch, at, live, " (+%d withdrawn)" % wd if wd else ""),
                  file=sys.stderr)
        print("  total %d requirements" % len(reqs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
