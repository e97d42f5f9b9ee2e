# SPDX-License-Identifier: GPL-2.0-only
"""From stored KTAP files to results.json (docs/conventions.md section 6).

Besides the fields of the conventions, each run carries "state" (ran,
skipped, error), "reason", "exit", "timed_out", "started", "command" and
"log"; each test may carry "expected"/"expectation" (see expectations.py)
and "chapter"; the top level carries "host" (versions of the tools the run
used), "expectations" and "totals".
"""

import datetime
import glob
import json
import os
import re

import ktap

# Area of a requirement ID -> chapter (docs/conventions.md section 1).  The
# "chapter" field of requirements.json wins when present.
AREA_CHAPTER = {
    "FEAT": "features",
    "VQP": "packed-ring",
    "VQS": "split-ring",
    "KPV": "kvm-pv",
    "PVT": "pv-timer",
    "RTP": "rt-profile",
    "VMC": "vm-creation",
}
CHAPTER_ORDER = list(AREA_CHAPTER.values())
NO_CHAPTER = "(none)"


def chapter_of_id(req_id, req_index=None):
    if req_index and req_id in req_index and req_index[req_id].get("chapter"):
        return req_index[req_id]["chapter"]
    return AREA_CHAPTER.get(req_id.split("-", 1)[0], NO_CHAPTER)


def chapter_of_test(test, req_index=None):
    """A test counts in the chapter of the first requirement it cites."""
    return chapter_of_id(test["reqs"][0], req_index) if test["reqs"] else NO_CHAPTER


def chapter_sort_key(ch):
    return (CHAPTER_ORDER.index(ch) if ch in CHAPTER_ORDER else len(CHAPTER_ORDER), ch)


def _int(v, default=None):
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def _float(v, default=0.0):
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def finalize(run, tier="", target=""):
    """Turn the runner's metadata into run-level fields and run-level
    errors (timeout, crash, no output)."""
    meta = run["meta"]
    run["tier"] = run["tier"] or tier
    run["target"] = run["target"] or target
    run["state"] = meta.get("state", "ran")
    run["reason"] = meta.get("reason", "")
    run["duration_s"] = _float(meta.get("duration_s"))
    run["started"] = meta.get("started", "")
    run["command"] = meta.get("command", "")
    run["log"] = meta.get("log", "")
    run["exit"] = _int(meta.get("exit"))
    run["timed_out"] = meta.get("timed_out") == "1"
    if run["state"] != "ran":
        return run

    problem = ""
    if run["timed_out"]:
        problem = "timeout after %s s (process group killed)" % meta.get("timeout_s", "?")
    elif run["exit"] is not None and run["exit"] < 0:
        problem = "killed by signal %d" % -run["exit"]
    missing = [t for t in run["tests"] if t["reason"] == ktap.NO_RESULT]
    for t in missing:
        extra = problem or ("exit status %s" % run["exit"])
        t["reason"] = "%s (%s)" % (ktap.NO_RESULT, extra)
    if not run["tests"]:
        problem = problem or "no KTAP output (exit status %s)" % run["exit"]
    elif run["plan"] is None and run["exit"] not in (0, None) and not problem:
        problem = "no plan line and exit status %s: output may be incomplete" % run["exit"]
    if problem:
        run["reason"] = problem
        if not missing:
            n = max([t["n"] for t in run["tests"]] + [0]) + 1
            run["tests"].append({"n": n, "name": "target_run", "reqs": [],
                                 "status": ktap.ERROR, "reason": problem,
                                 "diag": run.get("trailing", [])})
    return run


def key_of_path(path):
    return os.path.basename(path)[:-len(".ktap")] if path.endswith(".ktap") else path


def load_run(path, tier="", target=""):
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    run = ktap.parse(text, tier=tier, target=target)
    run["ktap"] = path
    return finalize(run, tier, target)


def load_dir(ktap_dir):
    return [load_run(p) for p in sorted(glob.glob(os.path.join(ktap_dir, "*.ktap")))]


def tags_index(tests_json):
    return {(t["tier"], t["name"]): t for t in tests_json}


def _synthetic(test):
    return test["name"] in ("target_run", "target_available") or \
        test["reason"].startswith(ktap.NO_RESULT)


def filter_run(run, prefix="", tag="", index=None):
    """Keep tests whose name or a cited ID starts with prefix and that carry
    tag (from tests.json).  Run-level errors and missing results stay."""
    if not prefix and not tag:
        return run
    keep = []
    for t in run["tests"]:
        if _synthetic(t):
            keep.append(t)
            continue
        if prefix and not (t["name"].startswith(prefix)
                           or any(r.startswith(prefix) for r in t["reqs"])):
            continue
        if tag:
            meta = (index or {}).get((run["tier"], t["name"]))
            if not meta or tag not in meta["tags"]:
                continue
        keep.append(t)
    run["tests"] = keep
    nums = {t["n"] for t in keep}
    run["findings"] = [f for f in run["findings"] if f.get("test") in nums or f.get("test") is None]
    return run


def missing_hint(run, tests_json):
    """When results are missing, name the tests declared for the run's
    tier that have no result: a hint at which ones were not reached (a
    tier may run a subset of its tests per target, so only a hint)."""
    if not any(t["reason"].startswith(ktap.NO_RESULT) for t in run["tests"]):
        return
    seen = {t["name"] for t in run["tests"]}
    absent = sorted(t["name"] for t in tests_json
                    if t["tier"] == run["tier"] and t["name"] not in seen)
    if absent:
        run["notes"].append("declared in tier %s without a result here: %s"
                            % (run["tier"], ", ".join(absent)))


def is_unexpected(test):
    return test["status"] in (ktap.FAIL, ktap.ERROR) and not test.get("expected")


def counts(tests):
    c = {"PASS": 0, "FAIL": 0, "SKIP": 0, "ERROR": 0, "XFAIL": 0}
    for t in tests:
        c["XFAIL" if t.get("expected") else t["status"]] += 1
    return c


def build(runs, req_index=None, expectations=(), host=None, warnings=()):
    out_runs = []
    for r in runs:
        for t in r["tests"]:
            t["chapter"] = chapter_of_test(t, req_index)
        out_runs.append({k: r[k] for k in (
            "tier", "target", "peer", "duration_s", "state", "reason", "exit",
            "timed_out", "started", "command", "log", "plan", "tests",
            "findings", "garbage", "notes") if k in r})
    all_tests = [t for r in out_runs for t in r["tests"]]
    return {
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "runs": out_runs,
        "totals": counts(all_tests),
        "unexpected": sum(1 for t in all_tests if is_unexpected(t)),
        "expectations": [{k: e[k] for k in ("target", "test", "status", "evidence",
                                            "file", "state", "results")}
                         for e in expectations],
        "host": host or {},
        "warnings": list(warnings),
    }


def write_json(results, path):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(results, fh, indent=1)
        fh.write("\n")
    os.replace(tmp, path)


def summary_rows(results):
    """[(target, chapter, counts)] plus one total row per target."""
    rows = []
    for r in results["runs"]:
        by_ch = {}
        for t in r["tests"]:
            by_ch.setdefault(t.get("chapter", NO_CHAPTER), []).append(t)
        label = "%s-%s" % (r["tier"], r["target"])
        for ch in sorted(by_ch, key=chapter_sort_key):
            rows.append((label, ch, counts(by_ch[ch])))
        if len(by_ch) != 1:
            rows.append((label, "all", counts(r["tests"])))
    return rows


def summary_text(results):
    cols = ("PASS", "FAIL", "XFAIL", "SKIP", "ERROR")
    rows = summary_rows(results)
    w0 = max([len("target")] + [len(r[0]) for r in rows])
    w1 = max([len("chapter")] + [len(r[1]) for r in rows])
    head = "%-*s  %-*s" % (w0, "target", w1, "chapter") + "".join("%7s" % c for c in cols)
    lines = [head, "-" * len(head)]
    last = None
    for label, ch, c in rows:
        lines.append("%-*s  %-*s" % (w0, label if label != last else "", w1, ch)
                     + "".join("%7d" % c[k] for k in cols))
        last = label
    lines.append("-" * len(head))
    tot = results["totals"]
    lines.append("%-*s  %-*s" % (w0, "total", w1, "") + "".join("%7d" % tot[k] for k in cols))
    return "\n".join(lines)


_WS = re.compile(r"\s+")


def one_line(s, n=160):
    s = _WS.sub(" ", s or "").strip()
    return s if len(s) <= n else s[:n - 1] + "\u2026"
