#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""trace.py - join the requirement list with the conformance tests that cite
each requirement and their last results.

Inputs (docs/conventions.md section 6):
  --reqs     spec/build/requirements.json
  --tests    build/conformance/tests.json; when absent, --scan DIR is
             searched for PVC_TEST(name, "IDS", "tags") declarations instead
  --results  build/conformance/results.json (optional)
Outputs:
  --out-json spec/build/traceability.json
  --out-tex  spec/build/traceability.tex (the appendix of pvspec.pdf)

Exit status 1 when a test cites an ID that the spec does not define.
"""
import argparse
import datetime
import json
import os
import re
import sys

DECL = re.compile(r'^\s*PVC_TEST\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*'
                  r'"([^"]*)"\s*,\s*"([^"]*)"')
STATUS_ORDER = ("FAIL", "ERROR", "PASS", "SKIP")


def scan_tests(root_dir):
    """PVC_TEST declarations under root_dir (a conformance/ directory)."""
    tests = []
    top = os.path.dirname(os.path.abspath(root_dir))
    for d, dirs, names in os.walk(root_dir):
        dirs.sort()
        for n in sorted(names):
            if not n.endswith(".c"):
                continue
            path = os.path.join(d, n)
            rel = os.path.relpath(path, top).replace(os.sep, "/")
            parts = rel.split("/")
            tier = "inproc"
            if len(parts) > 2 and os.path.isfile(os.path.join(root_dir, parts[1], parts[1] + ".mk")):
                tier = parts[1]
            with open(path, encoding="utf-8", errors="replace") as f:
                for lineno, line in enumerate(f, 1):
                    m = DECL.match(line)
                    if m:
                        tests.append({"tier": tier, "name": m.group(1), "file": rel,
                                      "line": lineno, "reqs": m.group(2).split(),
                                      "tags": m.group(3).split()})
    return tests


def load_results(path):
    """{(tier, name): [{"target", "status", "reason"}]} from results.json."""
    out = {}
    if not path or not os.path.isfile(path):
        return out, None
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for run in data.get("runs", []):
        for t in run.get("tests", []):
            out.setdefault((run.get("tier", ""), t.get("name", "")), []).append({
                "target": run.get("target", ""), "status": t.get("status", ""),
                "reason": t.get("reason", "")})
    return out, data.get("generated")


def overall(statuses):
    for s in STATUS_ORDER:
        if s in statuses:
            return s
    return "NOT RUN"


def join(reqs, tests, results):
    """Return (rows, problems, warnings)."""
    by_id = {r["id"]: r for r in reqs}
    problems, warnings = [], []
    cites = {}
    for t in tests:
        for rid in t["reqs"]:
            if rid not in by_id:
                problems.append("%s:%d: test %s cites %s, which the spec does not define"
                                % (t["file"], t["line"], t["name"], rid))
                continue
            if by_id[rid]["withdrawn"]:
                warnings.append("%s:%d: test %s cites withdrawn requirement %s"
                                % (t["file"], t["line"], t["name"], rid))
            cites.setdefault(rid, []).append(t)
    rows = []
    for r in reqs:
        tl = []
        statuses = []
        for t in cites.get(r["id"], []):
            res = results.get((t["tier"], t["name"]), [])
            statuses += [x["status"] for x in res]
            tl.append({"tier": t["tier"], "name": t["name"], "file": t["file"],
                       "line": t["line"], "results": res})
        if r["withdrawn"]:
            state = "WITHDRAWN"
        elif not tl:
            state = "UNCOVERED"
        else:
            state = overall(statuses)
        rows.append({"id": r["id"], "level": r["level"], "section": r["section"],
                     "chapter": r["chapter"], "withdrawn": r["withdrawn"],
                     "tests": tl, "result": state})
    return rows, problems, warnings


def tex_escape(s):
    repl = {"\\": r"\textbackslash{}", "_": r"\_\allowbreak{}", "&": r"\&", "%": r"\%",
            "$": r"\$", "#": r"\#", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}"}
    return "".join(repl.get(c, c) for c in s)


RESULT_STYLE = {
    "PASS": r"\textcolor{green!45!black}{pass}",
    "FAIL": r"\textcolor{red!75!black}{\textbf{fail}}",
    "ERROR": r"\textcolor{orange!85!black}{error}",
    "SKIP": r"\textcolor{pvsgrey}{skip}",
    "NOT RUN": r"\textcolor{pvsgrey}{not run}",
    "UNCOVERED": r"\textcolor{red!60!black}{\textit{not covered}}",
    "WITHDRAWN": r"\textcolor{pvsgrey}{withdrawn}",
}


def write_tex(rows, path, generated, results_time):
    chapters = []
    for r in rows:
        if r["chapter"] not in chapters:
            chapters.append(r["chapter"])
    live = [r for r in rows if not r["withdrawn"]]
    covered = [r for r in live if r["tests"]]
    counts = {}
    for r in live:
        counts[r["result"]] = counts.get(r["result"], 0) + 1
    out = []
    w = out.append
    w("% SPDX-License-Identifier: GPL-2.0-only")
    w("% Generated by spec/tools/trace.py; do not edit.")
    w(r"\chapter{Traceability}\label{chap:traceability}")
    w("This appendix is generated from the requirement list of this document, "
      "the test declarations of the conformance suite and %s.  It was generated "
      "on %s." % ("the results of its last run (%s)" % tex_escape(results_time)
                  if results_time else "no recorded results (no run yet)",
                  tex_escape(generated)))
    w("")
    w(r"\begin{center}\small\begin{tabular}{@{}lr@{}}\toprule")
    w(r"Requirements in force & %d \\" % len(live))
    w(r"Covered by at least one test & %d \\" % len(covered))
    w(r"Not covered & %d \\" % (len(live) - len(covered)))
    for k in ("PASS", "FAIL", "ERROR", "SKIP", "NOT RUN"):
        if counts.get(k):
            w(r"Last result %s & %d \\" % (RESULT_STYLE[k], counts[k]))
    w(r"\bottomrule\end{tabular}\end{center}")
    w("")
    w("For each requirement: its level, the tests that cite it (tier and name) "
      "with their result on each target, and the combined result (a failure on "
      "any target wins; a skip is never a pass).")
    for ch in chapters:
        crow = [r for r in rows if r["chapter"] == ch]
        title = crow[0]["section"].split(" / ")[0] if crow[0]["section"] else ch
        w(r"\section{%s}" % tex_escape(title))
        w(r"\begingroup\small")
        w(r"\begin{longtable}{@{}p{0.16\linewidth}p{0.10\linewidth}p{0.53\linewidth}p{0.12\linewidth}@{}}")
        w(r"\toprule Requirement & Level & Tests & Result \\ \midrule\endhead")
        w(r"\bottomrule\endfoot")
        for r in crow:
            ident = r"\hyperref[req:%s]{\texttt{%s}}\newline{\scriptsize p.\,\pageref{req:%s}}" % (
                r["id"], r["id"], r["id"])
            level = r"\textsc{%s}" % r["level"].lower() if r["level"] else "---"
            cells = []
            for t in r["tests"]:
                res = ", ".join("%s %s" % (tex_escape(x["target"]),
                                           RESULT_STYLE.get(x["status"], tex_escape(x["status"])))
                                for x in t["results"]) or RESULT_STYLE["NOT RUN"]
                cells.append(r"\texttt{%s}/\texttt{%s}: %s" % (
                    tex_escape(t["tier"]), tex_escape(t["name"]), res))
            tests = r"\newline ".join(cells) if cells else "---"
            w(r"%s & %s & %s & %s \\" % (ident, level, tests, RESULT_STYLE[r["result"]]))
        w(r"\end{longtable}")
        w(r"\endgroup")
    data = "\n".join(out) + "\n"
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(data)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reqs", required=True)
    ap.add_argument("--tests", help="tests.json (preferred when it exists)")
    ap.add_argument("--scan", help="directory to scan for PVC_TEST when --tests is absent")
    ap.add_argument("--results")
    ap.add_argument("--out-json", required=True)
    ap.add_argument("--out-tex")
    args = ap.parse_args(argv)

    with open(args.reqs, encoding="utf-8") as f:
        reqs = json.load(f)
    if args.tests and os.path.isfile(args.tests):
        with open(args.tests, encoding="utf-8") as f:
            tests = json.load(f)
        source = args.tests
    elif args.scan:
        tests = scan_tests(args.scan)
        source = "scan of %s" % args.scan
    else:
        print("trace: no tests.json and no --scan directory", file=sys.stderr)
        return 2
    results, results_time = load_results(args.results)
    rows, problems, warnings = join(reqs, tests, results)
    for msg in warnings:
        print("warning: " + msg, file=sys.stderr)
    for msg in problems:
        print(msg, file=sys.stderr)
    if problems:
        print("trace: %d citation(s) of IDs the spec lacks" % len(problems), file=sys.stderr)
        return 1

    generated = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    live = [r for r in rows if not r["withdrawn"]]
    summary = {"requirements": len(live),
               "covered": sum(1 for r in live if r["tests"]),
               "uncovered": sum(1 for r in live if not r["tests"]),
               "tests": len(tests)}
    by_result = {}
    for r in live:
        by_result[r["result"]] = by_result.get(r["result"], 0) + 1
    summary["by_result"] = by_result
    doc = {"generated": generated, "tests_source": source,
           "results_generated": results_time, "summary": summary, "requirements": rows}
    os.makedirs(os.path.dirname(os.path.abspath(args.out_json)), exist_ok=True)
    tmp = args.out_json + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    os.replace(tmp, args.out_json)
    if args.out_tex:
        write_tex(rows, args.out_tex, generated, results_time)
    print("trace: %d requirements, %d covered, %d not covered, %d tests (%s)"
          % (summary["requirements"], summary["covered"], summary["uncovered"],
             len(tests), source), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
