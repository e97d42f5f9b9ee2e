# SPDX-License-Identifier: GPL-2.0-only
"""build/conformance/report.html: one self-contained page (inline CSS and
SVG, no script) from results.json, the evaluated requirements
(requirements.evaluate) and tests.json.

Sections: verdict and warnings; summary per chapter; peer x chapter
matrix; findings; failures with their diagnostics; SKIP reasons;
expectations; every requirement with its level, status and tests;
uncovered requirements; run metadata.
"""

import os
from html import escape

import ktap
import results as res_mod
import svg

HERE = os.path.dirname(os.path.abspath(__file__))
REQ_KEYS = ["PASS", "FAIL", "ERROR", "XFAIL", "SKIP", "NOT RUN", "NO TEST"]
TEST_KEYS = ["PASS", "FAIL", "XFAIL", "SKIP", "ERROR"]


def e(s):
    return escape("" if s is None else str(s), quote=True)


def badge(status):
    return '<span class="st st-%s">%s</span>' % (e(status.replace(" ", "-")), e(status))


def anchor(s):
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in s)


def test_status(t):
    return "XFAIL" if t.get("expected") else t["status"]


def worst(c):
    for k in ("FAIL", "ERROR", "XFAIL", "PASS", "SKIP"):
        if c.get(k):
            return k
    return "none"


def counts_html(c):
    parts = []
    for k, label in (("PASS", "pass"), ("FAIL", "fail"), ("XFAIL", "xfail"),
                     ("ERROR", "error"), ("SKIP", "skip")):
        if c.get(k):
            parts.append("<b>%d</b> %s" % (c[k], label))
    return '<span class="cnt">%s</span>' % (", ".join(parts) or "&ndash;")


def _chapters(results, evaluated):
    chs = {r["chapter"] for r in evaluated}
    chs |= {t.get("chapter", res_mod.NO_CHAPTER) for run in results["runs"] for t in run["tests"]}
    return sorted(chs, key=res_mod.chapter_sort_key)


class Page:
    def __init__(self):
        self.parts = []

    def add(self, s):
        self.parts.append(s)

    def text(self):
        return "\n".join(self.parts)


def section_verdict(pg, results):
    bad = results["unexpected"]
    tot = results["totals"]
    if bad:
        pg.add('<div class="banner bad">%d unexpected failure%s or error%s</div>'
               % (bad, "" if bad == 1 else "s", "" if bad == 1 else "s"))
    else:
        pg.add('<div class="banner ok">No unexpected failure or error</div>')
    pg.add('<p class="sub">%d targets, %d results: %s. Expected failures (known peer '
           'behaviour) are listed as findings, never counted as passes; SKIP means the '
           'test could not apply here.</p>'
           % (len(results["runs"]), sum(tot.values()), counts_html(tot)))
    ws = list(results.get("warnings", []))
    for x in results.get("expectations", []):
        if x["state"] == "stale":
            ws.append("expectation no longer matches (the test now passes): %s / %s (%s)"
                      % (x["target"], x["test"], x["file"]))
        elif x["state"] == "mismatch":
            ws.append("expectation says %s but the result differs: %s / %s (%s): %s"
                      % (x["status"], x["target"], x["test"], x["file"],
                         "; ".join(x["results"])))
    for run in results["runs"]:
        for n in run.get("notes", []):
            ws.append("%s-%s: %s" % (run["tier"], run["target"], n))
        if run.get("garbage"):
            ws.append("%s-%s: %d line(s) of non-KTAP output (kept as diagnostics)"
                      % (run["tier"], run["target"], len(run["garbage"])))
    if ws:
        pg.add('<div class="warn"><b>Warnings</b><ul>%s</ul></div>'
               % "".join("<li>%s</li>" % e(w) for w in ws))


def section_chapters(pg, results, evaluated, chapters):
    pg.add('<h2 id="chapters">Summary per chapter</h2>')
    if not evaluated:
        pg.add('<p class="muted">No requirement list: the table counts test results only.</p>')
    head = "".join('<th class="n">%s</th>' % badge(k) for k in REQ_KEYS)
    pg.add('<table><tr><th>chapter</th><th class="n">requirements</th>'
           '<th class="n">MUST</th><th class="n">SHOULD</th><th class="n">MAY</th>%s'
           '<th>test results</th></tr>' % head)
    rows = []
    tot = {k: 0 for k in REQ_KEYS}
    tot_levels = {"all": 0, "MUST": 0, "SHOULD": 0, "MAY": 0}
    all_tests = []
    for ch in chapters:
        reqs = [r for r in evaluated if r["chapter"] == ch and r["status"] != "WITHDRAWN"]
        tests = [t for run in results["runs"] for t in run["tests"]
                 if t.get("chapter", res_mod.NO_CHAPTER) == ch]
        all_tests += tests
        c = {k: sum(1 for r in reqs if r["status"] == k) for k in REQ_KEYS}
        lv = {"all": len(reqs)}
        for level in ("MUST", "SHOULD", "MAY"):
            lv[level] = sum(1 for r in reqs if r.get("level", "").startswith(level))
        for k in REQ_KEYS:
            tot[k] += c[k]
        for k in lv:
            tot_levels[k] += lv[k]
        rows.append((ch, c))
        name = e(ch) if not reqs else '<a href="#req-%s">%s</a>' % (anchor(ch), e(ch))
        pg.add('<tr><td class="nw">%s</td><td class="n">%d</td><td class="n">%d</td>'
               '<td class="n">%d</td><td class="n">%d</td>%s<td>%s</td></tr>'
               % (name, lv["all"], lv["MUST"], lv["SHOULD"], lv["MAY"],
                  "".join('<td class="n">%s</td>' % (c[k] or "") for k in REQ_KEYS),
                  counts_html(res_mod.counts(tests))))
    pg.add('<tr class="total"><td>total</td><td class="n">%d</td><td class="n">%d</td>'
           '<td class="n">%d</td><td class="n">%d</td>%s<td>%s</td></tr></table>'
           % (tot_levels["all"], tot_levels["MUST"], tot_levels["SHOULD"], tot_levels["MAY"],
              "".join('<td class="n">%d</td>' % tot[k] for k in REQ_KEYS),
              counts_html(res_mod.counts(all_tests))))
    if evaluated:
        pg.add("<h3>Requirement status by chapter</h3>")
        pg.add(svg.stacked_bars([r for r in rows if sum(r[1].values())], REQ_KEYS))
    pg.add('<p class="legend">A requirement is PASS only if at least one test citing it '
           'passed and none failed; FAIL/ERROR: a citing test failed or could not run '
           'unexpectedly; XFAIL: only known peer failures; NOT RUN: tests exist but none '
           'ran; NO TEST: no test cites it.</p>')


def section_matrix(pg, results, evaluated, chapters):
    pg.add('<h2 id="matrix">Peers &times; chapters</h2>')
    chs = [c for c in chapters if any(t.get("chapter") == c for run in results["runs"]
                                      for t in run["tests"])]
    if not results["runs"]:
        pg.add('<p class="muted">No target ran.</p>')
        return
    pg.add('<p class="legend">Each cell: test results of one target in one chapter, and '
           'how many of the requirements they cite passed for that target.</p>')
    pg.add('<table class="wide"><tr><th>target</th><th>peer</th>%s<th>all</th></tr>'
           % "".join("<th>%s</th>" % e(c) for c in chs))
    for run in results["runs"]:
        cells = []
        for ch in chs + [None]:
            tests = [t for t in run["tests"] if ch is None or t.get("chapter") == ch]
            c = res_mod.counts(tests)
            if not tests:
                cells.append('<td class="c-none">&ndash;</td>')
                continue
            per_req = {}
            for t in tests:
                for rid in t["reqs"]:
                    per_req.setdefault(rid, []).append(test_status(t))
            passed = sum(1 for v in per_req.values()
                         if "PASS" in v and not ({"FAIL", "ERROR", "XFAIL"} & set(v)))
            extra = ('<br><span class="small muted">%d/%d reqs pass</span>'
                     % (passed, len(per_req))) if per_req else ""
            cells.append('<td class="c-%s">%s%s</td>' % (worst(c), counts_html(c), extra))
        label = "%s-%s" % (run["tier"], run["target"])
        state = "" if run["state"] == "ran" else " %s" % badge(
            "SKIP" if run["state"] == "skipped" else "ERROR")
        pg.add('<tr><td class="nw"><a href="#run-%s">%s</a>%s</td><td>%s</td>%s</tr>'
               % (anchor(label), e(label), state, e(run.get("peer") or "\u2013"),
                  "".join(cells)))
    pg.add("</table>")


def section_findings(pg, results):
    pg.add('<h2 id="findings">Findings about peers</h2>')
    rows = []
    for run in results["runs"]:
        for f in run["findings"]:
            name, ver = ktap.split_peer(f.get("peer") or run.get("peer") or run["target"])
            tname = ""
            for t in run["tests"]:
                if t["n"] == f.get("test"):
                    tname = t["name"]
            rows.append((f["req"], name, ver, "%s-%s" % (run["tier"], run["target"]),
                         tname, f["text"], f.get("source", "KTAP")))
    if not rows:
        pg.add('<p class="muted">None.</p>')
        return
    pg.add('<table class="wide"><tr><th>requirement</th><th>peer</th><th>version</th>'
           '<th>target</th><th>test</th><th>evidence</th><th>source</th></tr>')
    for r in rows:
        pg.add('<tr><td class="id">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>'
               '<td>%s</td><td class="small">%s</td></tr>' % tuple(e(x) for x in r))
    pg.add("</table>")


def section_failures(pg, results):
    pg.add('<h2 id="failures">Failures and errors</h2>')
    items = [(run, t) for run in results["runs"] for t in run["tests"]
             if t["status"] in ("FAIL", "ERROR")]
    if not items:
        pg.add('<p class="muted">None.</p>')
        return
    # Unexpected first, then known peer behaviour.
    items.sort(key=lambda x: (bool(x[1].get("expected")),))
    for run, t in items:
        st = test_status(t)
        label = "%s-%s" % (run["tier"], run["target"])
        pg.add('<div class="fail-item %s">%s <b>%s</b> <span class="muted">on</span> %s '
               '<span class="id">%s</span>'
               % (e(st), badge(st), e(t["name"]), e(label), e(" ".join(t["reqs"]))))
        if t.get("expected"):
            pg.add('<div class="small">known peer behaviour: %s</div>' % e(t.get("expectation")))
        if t.get("reason"):
            pg.add("<div>%s</div>" % e(t["reason"]))
        if t.get("diag"):
            pg.add("<pre>%s</pre>" % e("\n".join(t["diag"])))
        pg.add("</div>")


def section_skips(pg, results):
    pg.add('<h2 id="skips">SKIP reasons</h2>')
    by = {}
    for run in results["runs"]:
        for t in run["tests"]:
            if t["status"] == "SKIP":
                by.setdefault(t.get("reason") or "(no reason given)", []).append(
                    "%s-%s/%s" % (run["tier"], run["target"], t["name"]))
    if not by:
        pg.add('<p class="muted">None.</p>')
        return
    pg.add('<table class="wide"><tr><th>reason</th><th class="n">tests</th><th>which</th></tr>')
    for reason, which in sorted(by.items(), key=lambda x: -len(x[1])):
        shown = ", ".join(which[:12]) + (" and %d more" % (len(which) - 12)
                                         if len(which) > 12 else "")
        pg.add('<tr><td class="reason">%s</td><td class="n">%d</td><td class="small">%s</td></tr>'
               % (e(reason), len(which), e(shown)))
    pg.add("</table>")


def section_expectations(pg, results):
    exps = results.get("expectations", [])
    pg.add('<h2 id="expectations">Expectations (known peer behaviour)</h2>')
    if not exps:
        pg.add('<p class="muted">No expectation files.</p>')
        return
    pg.add('<table class="wide"><tr><th>state</th><th>target</th><th>test</th>'
           '<th>expected</th><th>evidence</th><th>results</th><th>file</th></tr>')
    for x in exps:
        pg.add('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>'
               '<td class="small">%s</td><td class="small">%s</td></tr>'
               % (badge(x["state"]), e(x["target"]), e(x["test"]), e(x["status"]),
                  e(x["evidence"]), e("; ".join(x["results"]) or "no result in this run"),
                  e(os.path.relpath(x["file"]) if x["file"].startswith("/") else x["file"])))
    pg.add("</table>")


def section_requirements(pg, evaluated, chapters):
    pg.add('<h2 id="requirements">Requirements</h2>')
    if not evaluated:
        pg.add('<p class="muted">No requirement list (see the warnings above).</p>')
        return
    for ch in chapters:
        reqs = [r for r in evaluated if r["chapter"] == ch]
        if not reqs:
            continue
        c = {}
        for r in reqs:
            c[r["status"]] = c.get(r["status"], 0) + 1
        summ = ", ".join("%d %s" % (c[k], k) for k in REQ_KEYS + ["WITHDRAWN"] if c.get(k))
        bad = c.get("FAIL") or c.get("ERROR")
        pg.add('<details id="req-%s"%s><summary>%s &mdash; %d requirements: %s</summary>'
               % (anchor(ch), " open" if bad else "", e(ch), len(reqs), e(summ)))
        pg.add('<table class="wide"><tr><th>ID</th><th>level</th><th>status</th>'
               '<th>requirement</th><th>tests</th></tr>')
        for r in reqs:
            tests = []
            for x in r["results"]:
                st = "XFAIL" if x["expected"] else x["status"]
                tests.append('%s %s <span class="muted">@ %s-%s</span>'
                             % (badge(st), e(x["name"]), e(x["tier"]), e(x["target"])))
            if not tests and r["declared"]:
                tests = ['%s <span class="muted">(%s:%d, not run)</span>'
                         % (e(d["name"]), e(d["file"]), d["line"]) for d in r["declared"]]
            if r["status"] == "NO TEST":
                tests = ['<span class="muted">%s</span>' % e(r.get("uncovered_reason"))]
            text = r.get("text", "")
            sec = r.get("section", "")
            pg.add('<tr id="%s"><td class="id">%s</td><td class="nw">%s</td><td>%s</td>'
                   '<td class="reqtext">%s%s</td><td class="small">%s</td></tr>'
                   % (anchor(r["id"]), e(r["id"]), e(r.get("level", "")), badge(r["status"]),
                      e(text), ('<br><span class="small muted">%s</span>' % e(sec)) if sec else "",
                      "<br>".join(tests)))
        pg.add("</table></details>")


def section_uncovered(pg, evaluated, uncovered):
    pg.add('<h2 id="uncovered">Uncovered requirements</h2>')
    rows = [r for r in evaluated if r["status"] == "NO TEST"]
    if not evaluated:
        pg.add('<p class="muted">No requirement list.</p>')
        return
    if not rows:
        pg.add('<p>Every requirement is cited by at least one test.</p>')
        return
    pg.add('<p class="legend">%d of %d requirements are cited by no test. The reason comes '
           'from conformance/uncovered.txt, else "no test".</p>'
           % (len(rows), sum(1 for r in evaluated if r["status"] != "WITHDRAWN")))
    pg.add('<table class="wide"><tr><th>ID</th><th>level</th><th>requirement</th>'
           '<th>reason</th></tr>')
    for r in rows:
        pg.add('<tr><td class="id">%s</td><td>%s</td><td class="reqtext">%s</td><td>%s</td></tr>'
               % (e(r["id"]), e(r.get("level", "")), e(res_mod.one_line(r.get("text", ""), 200)),
                  e(r.get("uncovered_reason"))))
    pg.add("</table>")
    stale = sorted(set(uncovered) - {r["id"] for r in rows})
    if stale:
        pg.add('<p class="small muted">uncovered.txt also lists IDs that now have tests or '
               'are unknown: %s</p>' % e(" ".join(stale)))


def section_runs(pg, results):
    pg.add('<h2 id="runs">Run metadata</h2>')
    pg.add('<table class="wide"><tr><th>target</th><th>peer</th><th>state</th>'
           '<th class="n">duration</th><th class="n">exit</th><th>started</th>'
           '<th>command</th><th>results</th></tr>')
    for run in results["runs"]:
        label = "%s-%s" % (run["tier"], run["target"])
        st = {"ran": "ran", "skipped": "SKIP", "error": "ERROR"}.get(run["state"], run["state"])
        if run.get("timed_out"):
            st = "timeout"
        extra = ('<br><span class="small">%s</span>' % e(run["reason"])
                 if run.get("reason") else "")
        pg.add('<tr id="run-%s"><td class="nw">%s</td><td>%s</td><td>%s%s</td>'
               '<td class="n">%.2f s</td>'
               '<td class="n">%s</td><td class="small">%s</td><td><code>%s</code>%s</td>'
               '<td>%s</td></tr>'
               % (anchor(label), e(label), e(run.get("peer", "")), e(st), extra,
                  run.get("duration_s") or 0.0,
                  e("" if run.get("exit") is None else run["exit"]), e(run.get("started", "")),
                  e(run.get("command", "")),
                  ('<br><span class="small muted">stderr: %s</span>' % e(run["log"]))
                  if run.get("log") else "",
                  counts_html(res_mod.counts(run["tests"]))))
    pg.add("</table>")
    ran = [r for r in results["runs"] if r["state"] == "ran"]
    if ran:
        pg.add("<h3>Durations</h3>")
        pg.add(svg.duration_bars([("%s-%s" % (r["tier"], r["target"]), r.get("duration_s") or 0.0,
                                   None) for r in ran]))
    host = results.get("host", {})
    if host:
        pg.add("<h3>Host and tool versions</h3><table>")
        for k, v in host.items():
            pg.add("<tr><th>%s</th><td>%s</td></tr>" % (e(k), e(v)))
        pg.add("</table>")


def render(results, evaluated, tests_json, uncovered):
    chapters = _chapters(results, evaluated)
    with open(os.path.join(HERE, "report.css"), encoding="utf-8") as fh:
        css = "".join(line for line in fh if not line.startswith("/* SPDX"))
    pg = Page()
    pg.add("<!DOCTYPE html>\n<!-- SPDX-License-Identifier: GPL-2.0-only -->")
    pg.add('<html lang="en"><head><meta charset="utf-8">'
           '<meta name="viewport" content="width=device-width, initial-scale=1">'
           "<title>pvspec conformance report</title><style>%s</style></head><body>" % css)
    pg.add("<h1>pvspec conformance report</h1>")
    host = results.get("host", {})
    pg.add('<p class="sub">generated %s%s &middot; %d tests declared</p>'
           % (e(results["generated"]),
              (" &middot; pvspec " + e(host["pvspec"])) if host.get("pvspec") else "",
              len(tests_json)))
    pg.add('<nav><a href="#chapters">chapters</a><a href="#matrix">peers</a>'
           '<a href="#findings">findings</a><a href="#failures">failures</a>'
           '<a href="#skips">skips</a><a href="#expectations">expectations</a>'
           '<a href="#requirements">requirements</a><a href="#uncovered">uncovered</a>'
           '<a href="#runs">run metadata</a></nav>')
    section_verdict(pg, results)
    section_chapters(pg, results, evaluated, chapters)
    section_matrix(pg, results, evaluated, chapters)
    section_findings(pg, results)
    section_failures(pg, results)
    section_skips(pg, results)
    section_expectations(pg, results)
    section_requirements(pg, evaluated, chapters)
    section_uncovered(pg, evaluated, uncovered)
    section_runs(pg, results)
    pg.add("</body></html>")
    return pg.text()


def write(path, results, evaluated, tests_json, uncovered):
    text = render(results, evaluated, tests_json, uncovered)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
