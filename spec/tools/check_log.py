#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""check_log.py - fail a spec build whose LaTeX log shows undefined
references or citations, multiply defined labels, LaTeX errors, or overfull
boxes wider than the tolerance (text pushed into or past the margin).

usage: check_log.py LOG [--overfull-pt PT]
Each problem is printed as 'chapter-file:line: message'.
"""
import argparse
import re
import sys

FILE_OPEN_RE = re.compile(r"\(((?:\./|/)[^\s()]+\.tex)")
OVERFULL_RE = re.compile(r"^Overfull \\([hv])box \(([0-9.]+)pt too (?:wide|high)\) "
                         r"(?:in paragraph at lines (\d+)--(\d+)|in alignment at lines (\d+)--(\d+)"
                         r"|detected at line (\d+)|has occurred while \\output is active)")
UNDEF_RE = re.compile(r"(?:LaTeX|Package \w+) Warning: (?:Hyper )?[Rr]eference `([^']+)' on page \d+ "
                      r"undefined(?: on input line (\d+))?")
CITE_RE = re.compile(r"LaTeX Warning: Citation `([^']+)'.*undefined")
MULTI_RE = re.compile(r"LaTeX Warning: Label `([^']+)' multiply defined")


def check(log_text, overfull_pt):
    problems = []
    current = "?"
    # TeX wraps log lines at 79 columns; join continuation of warnings.
    lines = log_text.split("\n")
    for i, line in enumerate(lines):
        for m in FILE_OPEN_RE.finditer(line):
            f = m.group(1)
            current = "spec/" + f[2:] if f.startswith("./") else f
        if line.startswith("! "):
            problems.append("%s: LaTeX error: %s" % (current, line[2:].strip()))
        joined = line
        if ("Warning" in line) and i + 1 < len(lines) and len(line) >= 79:
            joined = line + lines[i + 1]
        m = UNDEF_RE.search(joined)
        if m:
            where = "%s:%s" % (current, m.group(2)) if m.group(2) else current
            problems.append("%s: undefined reference %s" % (where, m.group(1)))
        m = CITE_RE.search(joined)
        if m:
            problems.append("%s: undefined citation %s" % (current, m.group(1)))
        m = MULTI_RE.search(joined)
        if m:
            problems.append("%s: label %s multiply defined" % (current, m.group(1)))
        m = OVERFULL_RE.match(line)
        if m and float(m.group(2)) > overfull_pt:
            ln = next((g for g in m.groups()[2:] if g), "?")
            problems.append("%s:%s: overfull \\%sbox, %.1fpt too %s" % (
                current, ln, m.group(1), float(m.group(2)),
                "wide" if m.group(1) == "h" else "high"))
    if "There were undefined references" in log_text and not any("undefined" in p for p in problems):
        problems.append("%s: LaTeX reports undefined references" % current)
    return problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("log")
    ap.add_argument("--overfull-pt", type=float, default=1.0,
                    help="tolerated overfull width in pt (default 1.0)")
    args = ap.parse_args(argv)
    with open(args.log, encoding="latin-1") as f:
        problems = check(f.read(), args.overfull_pt)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print("check_log: %d problem(s) in %s" % (len(problems), args.log), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
