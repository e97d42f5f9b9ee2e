# SPDX-License-Identifier: GPL-2.0-only
"""Requirements (spec/build/requirements.json), conformance/uncovered.txt
and the status of each requirement in a run.

Status of a requirement over all results that cite it, first rule wins:

    FAIL     a citing test failed unexpectedly
    ERROR    a citing test had an unexpected ERROR
    XFAIL    only known peer failures (expectations), no unexpected ones
    PASS     at least one citing test passed and none failed
    SKIP     every citing result was a SKIP
    NOT RUN  tests cite it but none of them ran in this run
    NO TEST  no test cites it (see uncovered.txt for why)
"""

import json
import os
import subprocess

import results as results_mod

ORDER = ["FAIL", "ERROR", "XFAIL", "PASS", "SKIP", "NOT RUN", "NO TEST", "WITHDRAWN"]


def load(path):
    """(list, warning): list is empty when the file is missing or bad."""
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        return [], "%s is missing: requirement statuses are not shown" % path
    except (OSError, ValueError) as e:
        return [], "%s is unreadable (%s): requirement statuses are not shown" % (path, e)
    if not isinstance(data, list):
        return [], "%s is not a list of requirements" % path
    return [r for r in data if isinstance(r, dict) and "id" in r], ""


def ensure(path, root, timeout=900):
    """Build requirements.json ('make spec-reqs', else 'make spec') when it
    is missing and the spec sources exist.  Returns a warning ('' if
    none)."""
    if os.path.exists(path):
        return ""
    chapters = os.path.join(root, "spec", "chapters")
    if not os.path.isdir(chapters) or not any(n.endswith(".tex") for n in os.listdir(chapters)):
        return "no spec sources: %s cannot be built" % path
    # spec-reqs writes requirements.json alone (no LaTeX); 'make spec' is
    # the documented way and the fallback.
    err = ""
    for goal in ("spec-reqs", "spec"):
        try:
            r = subprocess.run(["make", "--no-print-directory", goal], cwd=root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired) as e:
            err = "make %s did not finish: %s" % (goal, e)
            continue
        if r.returncode == 0 and os.path.exists(path):
            return ""
        tail = r.stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        err = "make %s failed (exit %d) %s" % (goal, r.returncode, tail[0])
    return err


def load_uncovered(path):
    out = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.rstrip("\n")
                if not line.strip() or line.startswith("#"):
                    continue
                rid, _, reason = line.partition("\t")
                out[rid.strip()] = reason.strip()
    except FileNotFoundError:
        pass
    return out


def _status_of(results):
    sts = [(r["status"], r.get("expected", False)) for r in results]
    if any(s == "FAIL" and not e for s, e in sts):
        return "FAIL"
    if any(s == "ERROR" and not e for s, e in sts):
        return "ERROR"
    if any(e for _, e in sts):
        return "XFAIL"
    if any(s == "PASS" for s, _ in sts):
        return "PASS"
    if sts:
        return "SKIP"
    return None


def evaluate(reqs, results, tests_json, uncovered):
    """Return a list of dicts: requirement fields + status, tests (results
    citing it: target, tier, name, status), declared (tests.json entries
    citing it) and, when uncovered, the reason."""
    by_req = {}
    for run in results["runs"]:
        for t in run["tests"]:
            for rid in t["reqs"]:
                by_req.setdefault(rid, []).append({
                    "target": run["target"], "tier": run["tier"],
                    "peer": run.get("peer", ""), "name": t["name"],
                    "status": t["status"], "expected": t.get("expected", False),
                    "reason": t.get("reason", "")})
    declared = {}
    for t in tests_json:
        for rid in t["reqs"]:
            declared.setdefault(rid, []).append(t)
    out = []
    for r in reqs:
        rid = r["id"]
        row = dict(r)
        row["chapter"] = results_mod.chapter_of_id(rid, {rid: r})
        row["results"] = by_req.get(rid, [])
        row["declared"] = declared.get(rid, [])
        st = _status_of(row["results"])
        if r.get("withdrawn"):
            st = "WITHDRAWN"
        elif st is None:
            st = "NOT RUN" if row["declared"] else "NO TEST"
        row["status"] = st
        if st == "NO TEST":
            row["uncovered_reason"] = uncovered.get(rid, "no test")
        out.append(row)
    return out


def unknown_ids(reqs, results, tests_json):
    """IDs cited by tests or results that the spec lacks."""
    if not reqs:
        return []
    known = {r["id"] for r in reqs}
    cited = {i for t in tests_json for i in t["reqs"]}
    cited |= {i for run in results["runs"] for t in run["tests"] for i in t["reqs"]}
    return sorted(cited - known)
