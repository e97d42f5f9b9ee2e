# SPDX-License-Identifier: GPL-2.0-only
"""KTAP reader for conformance results (docs/conventions.md section 3).

parse(text) turns the output of one tier run against one target into a
dict shaped like one element of results.json "runs":

    {"tier", "target", "peer", "plan", "tests": [...], "findings": [...],
     "garbage": [...], "notes": [...], "meta": {...}}

A "# FINDING" line belongs, like evidence lines, to the result line that
follows it; one after the last result line belongs to the last test.

The reader never raises on bad input.  Lines it cannot place (console
noise, a kernel oops) are kept in "garbage" and also as diagnostics of the
test that follows them, because they are often the evidence for it.  A plan
that promises more tests than the output holds turns each missing test into
ERROR "no result".  Lines "# pvconform: key=value ..." are metadata that the
runner appends after the command's own output (duration, exit status,
timeout) so that a stored KTAP file is enough to rebuild the report.
"""

import re
import shlex

PASS, FAIL, SKIP, ERROR = "PASS", "FAIL", "SKIP", "ERROR"
STATUSES = (PASS, FAIL, SKIP, ERROR)

REQ_ID_RE = re.compile(r"^[A-Z]+-[A-Z]+-[0-9]{3}$")

# Kernel-style console prefix ("[    1.234567] ") that a serial console may
# put in front of every line.
_CONSOLE_TS = re.compile(r"^\[\s*[0-9]+\.[0-9]+\]\s?")
_VERSION = re.compile(r"^(K?TAP) version\s+(\d+)\s*$", re.I)
_PLAN = re.compile(r"^1\.\.(\d+)\s*(?:#\s*(.*))?$")
_RESULT = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?(.*)$")
_DIRECTIVE = re.compile(r"\s#\s*(SKIP|ERROR|TODO)\b\s*(.*)$", re.I)
_FINDING = re.compile(r'^FINDING\s+(\S+)\s+peer="([^"]*)"\s*(.*)$')
_HEADER = re.compile(r"^pvspec\s+(.*)$")
_META = re.compile(r"^pvconform:\s*(.*)$")

NO_RESULT = "no result"


def split_peer(peer):
    """'QEMU 7.2' -> ('QEMU', '7.2'): the version is the last word when it
    starts with a digit or a 'v' followed by a digit."""
    peer = (peer or "").strip()
    parts = peer.rsplit(" ", 1)
    if len(parts) == 2 and re.match(r"^v?[0-9]", parts[1]):
        return parts[0], parts[1]
    return peer, ""


def _kv(text):
    """key=value pairs; values may be double-quoted."""
    out = {}
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    for w in words:
        if "=" in w:
            k, v = w.split("=", 1)
            out[k] = v
    return out


def split_description(desc):
    """'VQP-DRV-012,VQP-DRV-013 name' -> (['VQP-DRV-012', ...], 'name')."""
    desc = desc.strip()
    first, _, rest = desc.partition(" ")
    ids = [i for i in first.split(",") if i]
    if ids and all(REQ_ID_RE.match(i) for i in ids):
        return ids, rest.strip() or first
    return [], desc


def _result(line):
    m = _RESULT.match(line)
    if not m:
        return None
    ok = m.group(1) == "ok"
    num = int(m.group(2)) if m.group(2) else None
    rest = m.group(3)
    status, reason = (PASS if ok else FAIL), ""
    d = _DIRECTIVE.search(" " + rest)
    if d:
        kind = d.group(1).upper()
        reason = d.group(2).strip()
        rest = (" " + rest)[:d.start()].strip()
        if kind == "SKIP":
            status = SKIP
        elif kind == "ERROR":
            status = ERROR
        # TODO keeps the plain ok / not ok meaning.
    reqs, name = split_description(rest)
    return {"n": num, "name": name, "reqs": reqs, "status": status,
            "reason": reason, "diag": []}


def parse(text, tier="", target=""):
    run = {"tier": tier, "target": target, "peer": "", "plan": None,
           "tests": [], "findings": [], "garbage": [], "notes": [],
           "meta": {}, "version": None}
    pending = []          # diagnostics waiting for the next result line
    waiting = []          # findings waiting for the next result line
    seen = set()
    last_n = 0
    for raw in text.splitlines():
        line = _CONSOLE_TS.sub("", raw.replace("\r", "").rstrip())
        if not line.strip():
            continue
        if line[:1] in (" ", "\t"):
            # Nested (subtest) KTAP or indented evidence: diagnostics of
            # the enclosing test.
            pending.append(line.strip())
            continue
        m = _VERSION.match(line)
        if m:
            if run["version"] is None:
                run["version"] = "%s %s" % (m.group(1).upper(), m.group(2))
                pending = []    # boot noise before the output starts
            continue
        m = _PLAN.match(line)
        if m:
            if run["plan"] is None:
                run["plan"] = int(m.group(1))
                if m.group(2) and m.group(2).upper().startswith("SKIP"):
                    run["notes"].append("plan: " + m.group(2))
            else:
                run["notes"].append("second plan line ignored: " + line)
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            f = _FINDING.match(body)
            if f:
                finding = {"req": f.group(1), "peer": f.group(2),
                           "text": f.group(3).strip(), "test": None}
                run["findings"].append(finding)
                waiting.append(finding)
                continue
            h = _HEADER.match(body)
            if h and not run["tests"]:
                kv = _kv(h.group(1))
                run["tier"] = kv.get("tier", run["tier"])
                run["target"] = kv.get("target", run["target"])
                run["peer"] = kv.get("peer", run["peer"])
                for k, v in kv.items():
                    if k not in ("tier", "target", "peer"):
                        run["meta"]["header." + k] = v
                continue
            mm = _META.match(body)
            if mm:
                run["meta"].update(_kv(mm.group(1)))
                continue
            pending.append(body)
            continue
        r = _result(line)
        if r is None:
            run["garbage"].append(line)
            pending.append(line)
            continue
        if r["n"] is None:
            r["n"] = last_n + 1
        if r["n"] in seen:
            run["notes"].append("duplicate result for test %d ignored" % r["n"])
            pending = []
            continue
        seen.add(r["n"])
        last_n = max(last_n, r["n"])
        r["diag"] = pending
        pending = []
        for f in waiting:
            f["test"] = r["n"]
        waiting = []
        if r["status"] in (FAIL, ERROR) and not r["reason"]:
            r["reason"] = ""
        run["tests"].append(r)

    plan = run["plan"]
    if plan is not None:
        for t in run["tests"]:
            if t["n"] > plan:
                run["notes"].append("test %d is beyond the plan 1..%d"
                                    % (t["n"], plan))
        missing = [n for n in range(1, plan + 1) if n not in seen]
        for i, n in enumerate(missing):
            run["tests"].append({"n": n, "name": "test %d" % n, "reqs": [],
                                 "status": ERROR, "reason": NO_RESULT,
                                 "diag": pending if i == 0 else []})
        if missing:
            pending = []
            run["notes"].append("output ended early: %d of %d planned tests "
                                "have no result" % (len(missing), plan))
    elif not run["tests"]:
        run["notes"].append("no KTAP plan and no test results")
    run["tests"].sort(key=lambda t: t["n"])
    # A finding after the last result line is about that last test.
    for f in waiting:
        f["test"] = last_n or None
    run["trailing"] = pending
    return run


def emit(run):
    """Write a run dict back as KTAP (used for runs that pvconform itself
    decides, e.g. a target whose needs are missing)."""
    out = ["KTAP version 1"]
    hdr = "# pvspec tier=%s target=%s" % (run.get("tier", ""), run.get("target", ""))
    if run.get("peer"):
        hdr += ' peer="%s"' % run["peer"].replace('"', "'")
    out.append(hdr)
    out.append("1..%d" % len(run["tests"]))
    for i, t in enumerate(run["tests"], 1):
        for d in t.get("diag", []):
            out.append("# " + d)
        desc = ",".join(t.get("reqs", []))
        desc = (desc + " " + t["name"]).strip()
        st = t["status"]
        line = "%s %d %s" % ("ok" if st in (PASS, SKIP) else "not ok", i, desc)
        if st in (SKIP, ERROR):
            line += " # %s %s" % (st, t.get("reason", ""))
        out.append(line.rstrip())
    for f in run.get("findings", []):
        out.append('# FINDING %s peer="%s" %s' % (f["req"], f["peer"], f["text"]))
    return "\n".join(out) + "\n"
