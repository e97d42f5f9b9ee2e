#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""run_tests.py - self-tests of the spec tooling and of the built spec.

Unit tests of the requirement extractor, the log check, the traceability
join and the ballot comparison run on small fixtures; the build checks look
at the PDF, its log and requirements.json in --build.  Writes TAP to --tap
with a closing 'N passed, N failed, N skipped' line (docs/conventions.md 5).

usage: run_tests.py [--build spec/build] [--tap FILE]
"""
import argparse
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.dirname(HERE)
TOOLS = os.path.join(SPEC, "tools")
FIX = os.path.join(HERE, "fixtures")
sys.path.insert(0, TOOLS)
import reqlib  # noqa: E402
import check_log  # noqa: E402
import trace  # noqa: E402
import ballot  # noqa: E402

BUILD = os.path.join(SPEC, "build")
MIN_IDS = 80


def write_chapter(d, name, body):
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".tex"), "w", encoding="utf-8") as f:
        f.write(body)


class Extractor(unittest.TestCase):
    """reqlib / extract_reqs.py on fixtures."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pvspec-test-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def errors_for(self, chapter, body):
        d = os.path.join(self.tmp, "chapters")
        write_chapter(d, chapter, body)
        with self.assertRaises(reqlib.SpecError) as cm:
            reqlib.extract(d)
        return "\n".join(cm.exception.errors)

    def test_good_fixture_ids_and_order(self):
        reqs = reqlib.extract(os.path.join(FIX, "good", "chapters"))
        self.assertEqual([r["id"] for r in reqs],
                         ["FEAT-DRV-001", "FEAT-DRV-002", "FEAT-DEV-001", "FEAT-DEV-002",
                          "VQP-DRV-001", "VQP-DEV-001"])

    def test_good_fixture_fields(self):
        reqs = {r["id"]: r for r in reqlib.extract(os.path.join(FIX, "good", "chapters"))}
        r = reqs["FEAT-DRV-002"]
        self.assertEqual(r["level"], "MUST NOT")
        self.assertEqual((r["area"], r["target"], r["chapter"]), ("FEAT", "DRV", "features"))
        self.assertEqual(r["section"], "Feature Bits and Negotiation / Status / "
                                       "Driver requirements: status")
        self.assertEqual(r["text"], "The driver clears a bit of status with nested "
                                    "braces inside and 100% certainty.")
        self.assertFalse(r["withdrawn"])
        self.assertEqual(reqs["FEAT-DEV-001"]["section"],
                         "Feature Bits and Negotiation / Negotiation")
        w = reqs["FEAT-DEV-002"]
        self.assertTrue(w["withdrawn"])
        self.assertEqual(w["text"], "Merged into FEAT-DEV-001.")
        self.assertEqual(reqs["VQP-DRV-001"]["text"],
                         "Split over lines: the Buffer ID is in the last descriptor.")
        self.assertEqual(reqs["VQP-DEV-001"]["text"], "The device limits chains to n <= 2^15.")

    def test_comments_examples_and_citations_ignored(self):
        ids = {r["id"] for r in reqlib.extract(os.path.join(FIX, "good", "chapters"))}
        self.assertNotIn("FEAT-DRV-099", ids)
        self.assertNotIn("FEAT-DRV-777", ids)

    def test_duplicate_id(self):
        e = self.errors_for("features", "\\req{FEAT-DRV-001}{MUST}{a}\n\\req{FEAT-DRV-001}{MAY}{b}\n")
        self.assertIn("duplicate ID", e)
        self.assertIn(":2:", e)

    def test_malformed_id(self):
        for bad in ("FEAT-DRV-01", "FEAT_DRV_001", "feat-drv-001", "FEAT-DRV-0001"):
            e = self.errors_for("features", "\\req{%s}{MUST}{a}\n" % bad)
            self.assertIn("malformed requirement ID", e, bad)

    def test_unknown_level(self):
        e = self.errors_for("features", "\\req{FEAT-DRV-001}{SHALL}{a}\n")
        self.assertIn("unknown level 'SHALL'", e)
        e = self.errors_for("features", "\\req{FEAT-DRV-001}{must}{a}\n")
        self.assertIn("unknown level", e)

    def test_area_must_match_chapter(self):
        e = self.errors_for("split-ring", "\\req{VQP-DRV-001}{MUST}{a}\n")
        self.assertIn("does not belong in chapter split-ring", e)
        e = self.errors_for("conventions", "\\req{FEAT-DRV-001}{MUST}{a}\n")
        self.assertIn("does not belong in chapter conventions", e)

    def test_target_must_match_area(self):
        e = self.errors_for("packed-ring", "\\req{VQP-GST-001}{MUST}{a}\n")
        self.assertIn("target GST is not valid for area VQP", e)
        e = self.errors_for("kvm-pv", "\\req{KPV-DRV-001}{MUST}{a}\n")
        self.assertIn("target DRV is not valid for area KPV", e)

    def test_unknown_area(self):
        e = self.errors_for("features", "\\req{XYZ-DRV-001}{MUST}{a}\n")
        self.assertIn("unknown area XYZ", e)

    def test_gap_is_an_error(self):
        e = self.errors_for("features", "\\req{FEAT-DRV-001}{MUST}{a}\n\\req{FEAT-DRV-003}{MUST}{b}\n")
        self.assertIn("FEAT-DRV-002: missing", e)

    def test_zero_is_an_error(self):
        e = self.errors_for("features", "\\req{FEAT-DRV-000}{MUST}{a}\n")
        self.assertIn("numbers start at 001", e)

    def test_missing_argument(self):
        e = self.errors_for("features", "\\req{FEAT-DRV-001}{MUST}\n\nno text\n")
        self.assertIn("needs 3 brace arguments", e)

    def test_cli_writes_json_and_fails_on_error(self):
        out = os.path.join(self.tmp, "r.json")
        rc = subprocess.call([sys.executable, os.path.join(TOOLS, "extract_reqs.py"),
                              "--chapters", os.path.join(FIX, "good", "chapters"), "-o", out])
        self.assertEqual(rc, 0)
        with open(out, encoding="utf-8") as f:
            data = json.load(f)
        for r in data:
            self.assertEqual(set(r) >= {"id", "area", "target", "level", "section",
                                        "chapter", "text", "withdrawn"}, True)
        d = os.path.join(self.tmp, "bad")
        write_chapter(d, "features", "\\req{FEAT-DRV-001}{MUST}{a}\n\\req{FEAT-DRV-001}{MUST}{b}\n")
        r = subprocess.run([sys.executable, os.path.join(TOOLS, "extract_reqs.py"),
                            "--chapters", d, "-o", os.path.join(self.tmp, "x.json")],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)
        self.assertEqual(r.returncode, 1)
        self.assertIn("duplicate ID", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "x.json")))


class LogCheck(unittest.TestCase):
    """check_log.py on fixture logs."""

    def read(self, name):
        with open(os.path.join(FIX, "logs", name), encoding="latin-1") as f:
            return f.read()

    def test_clean_log(self):
        self.assertEqual(check_log.check(self.read("clean.log"), 1.0), [])

    def test_bad_log(self):
        p = check_log.check(self.read("bad.log"), 1.0)
        text = "\n".join(p)
        self.assertIn("spec/chapters/features.tex:12: undefined reference sec:nowhere", text)
        self.assertIn("spec/chapters/packed-ring.tex:40: overfull \\hbox, 12.3pt", text)
        self.assertIn("undefined reference req:VQP-DRV-999", text)
        self.assertEqual(len(p), 3)

    def test_tolerance(self):
        p = check_log.check(self.read("bad.log").replace("There were undefined references", ""), 20.0)
        self.assertFalse(any("overfull" in x for x in p))


class Trace(unittest.TestCase):
    """trace.py joining requirements, tests and results."""

    REQS = [
        {"id": "VQP-DRV-001", "level": "MUST", "section": "P / A", "chapter": "packed-ring",
         "withdrawn": False},
        {"id": "VQP-DRV-002", "level": "MAY", "section": "P / A", "chapter": "packed-ring",
         "withdrawn": False},
        {"id": "VQP-DRV-003", "level": "", "section": "P / A", "chapter": "packed-ring",
         "withdrawn": True},
        {"id": "VQP-DEV-001", "level": "MUST", "section": "P / B", "chapter": "packed-ring",
         "withdrawn": False},
    ]
    TESTS = [
        {"tier": "inproc", "name": "t_one", "file": "c/a.c", "line": 3,
         "reqs": ["VQP-DRV-001", "VQP-DEV-001"], "tags": []},
        {"tier": "vhost", "name": "t_two", "file": "c/b.c", "line": 9,
         "reqs": ["VQP-DEV-001"], "tags": []},
    ]

    def test_join_and_results(self):
        results = {("inproc", "t_one"): [{"target": "ref", "status": "PASS", "reason": ""}],
                   ("vhost", "t_two"): [{"target": "dpdk", "status": "FAIL", "reason": ""}]}
        rows, problems, warnings = trace.join(self.REQS, self.TESTS, results)
        self.assertEqual(problems, [])
        by = {r["id"]: r for r in rows}
        self.assertEqual(by["VQP-DRV-001"]["result"], "PASS")
        self.assertEqual(by["VQP-DRV-002"]["result"], "UNCOVERED")
        self.assertEqual(by["VQP-DRV-003"]["result"], "WITHDRAWN")
        self.assertEqual(by["VQP-DEV-001"]["result"], "FAIL")
        self.assertEqual(len(by["VQP-DEV-001"]["tests"]), 2)

    def test_skip_is_not_pass(self):
        results = {("inproc", "t_one"): [{"target": "a", "status": "SKIP", "reason": "x"}]}
        rows, _, _ = trace.join(self.REQS, self.TESTS[:1], results)
        self.assertEqual({r["id"]: r for r in rows}["VQP-DRV-001"]["result"], "SKIP")

    def test_unknown_id_fails(self):
        bad = [dict(self.TESTS[0], reqs=["VQP-DRV-042"])]
        _, problems, _ = trace.join(self.REQS, bad, {})
        self.assertEqual(len(problems), 1)
        self.assertIn("c/a.c:3", problems[0])
        self.assertIn("VQP-DRV-042", problems[0])

    def test_withdrawn_citation_warns(self):
        t = [dict(self.TESTS[0], reqs=["VQP-DRV-003"])]
        _, problems, warnings = trace.join(self.REQS, t, {})
        self.assertEqual(problems, [])
        self.assertEqual(len(warnings), 1)

    def test_scan_and_cli(self):
        tmp = tempfile.mkdtemp(prefix="pvspec-trace-")
        try:
            conf = os.path.join(tmp, "conformance")
            os.makedirs(os.path.join(conf, "tests"))
            os.makedirs(os.path.join(conf, "kvm"))
            with open(os.path.join(conf, "kvm", "kvm.mk"), "w") as f:
                f.write("# fixture\n")
            with open(os.path.join(conf, "tests", "a.c"), "w") as f:
                f.write('PVC_TEST(t_one, "VQP-DRV-001", "")\n/* PVC_TEST in a comment */\n')
            with open(os.path.join(conf, "kvm", "k.c"), "w") as f:
                f.write('\n PVC_TEST(t_k, "VQP-DEV-001 VQP-DRV-002", "needs:kvm")\n')
            tests = trace.scan_tests(conf)
            self.assertEqual([(t["tier"], t["name"], t["line"]) for t in tests],
                             [("kvm", "t_k", 2), ("inproc", "t_one", 1)])
            reqs = os.path.join(tmp, "r.json")
            full = [dict(r, area="VQP", target=r["id"][4:7], text="x") for r in self.REQS]
            with open(reqs, "w") as f:
                json.dump(full, f)
            out = os.path.join(tmp, "t.json")
            tex = os.path.join(tmp, "t.tex")
            rc = subprocess.call([sys.executable, os.path.join(TOOLS, "trace.py"), "--reqs", reqs,
                                  "--scan", conf, "--out-json", out, "--out-tex", tex],
                                 stderr=subprocess.DEVNULL)
            self.assertEqual(rc, 0)
            with open(out) as f:
                doc = json.load(f)
            self.assertEqual(doc["summary"]["covered"], 3)
            self.assertEqual(doc["summary"]["uncovered"], 0)
            with open(tex) as f:
                t = f.read()
            self.assertIn(r"\hyperref[req:VQP-DRV-001]", t)
            self.assertIn(r"t\_\allowbreak{}one", t)
            with open(os.path.join(conf, "tests", "b.c"), "w") as f:
                f.write('PVC_TEST(t_bad, "VQS-DRV-123", "")\n')
            rc = subprocess.call([sys.executable, os.path.join(TOOLS, "trace.py"), "--reqs", reqs,
                                  "--scan", conf, "--out-json", out], stderr=subprocess.DEVNULL)
            self.assertEqual(rc, 1)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class Ballot(unittest.TestCase):
    """ballot.py: comparison, and a run in a scratch git repository."""

    @staticmethod
    def r(rid, text="t", level="MUST", withdrawn=False):
        return {"id": rid, "text": text, "level": level, "withdrawn": withdrawn}

    def test_compare(self):
        base = [self.r("VQP-DRV-001"), self.r("VQP-DRV-002"), self.r("VQP-DRV-003"),
                self.r("VQP-DRV-004")]
        head = [self.r("VQP-DRV-001"), self.r("VQP-DRV-002", text="new"),
                self.r("VQP-DRV-003", level="", withdrawn=True),
                self.r("VQP-DRV-005")]
        d = ballot.compare(base, head)
        self.assertEqual([x["id"] for x in d["added"]], ["VQP-DRV-005"])
        self.assertEqual([x["id"] for x in d["changed"]], ["VQP-DRV-002"])
        self.assertEqual([x["id"] for x in d["withdrawn"]], ["VQP-DRV-003"])
        self.assertEqual([x["id"] for x in d["deleted"]], ["VQP-DRV-004"])

    def test_level_change_is_a_change(self):
        d = ballot.compare([self.r("VQS-DEV-001")], [self.r("VQS-DEV-001", level="SHOULD")])
        self.assertEqual([x["id"] for x in d["changed"]], ["VQS-DEV-001"])

    def test_run_in_scratch_repo(self):
        if shutil.which("git") is None:
            self.skipTest("git not installed")
        tmp = tempfile.mkdtemp(prefix="pvspec-ballot-")
        try:
            env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
                       GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org",
                       GIT_CONFIG_NOSYSTEM="1", HOME=tmp)

            def g(*a):
                subprocess.check_call(("git",) + a, cwd=tmp, env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            g("init", "-q")
            ch = os.path.join(tmp, "spec", "chapters")
            write_chapter(ch, "packed-ring", "\\chapter{P}\n\\req{VQP-DRV-001}{MUST}{one}\n"
                          "\\req{VQP-DRV-002}{MUST}{two}\n")
            g("add", "-A")
            g("commit", "-q", "-m", "base")
            write_chapter(ch, "packed-ring", "\\chapter{P}\n\\req{VQP-DRV-001}{MUST}{one, reworded}\n"
                          "\\reqwithdrawn{VQP-DRV-002}{gone}\n\\req{VQP-DRV-003}{MAY}{three}\n")
            g("add", "-A")
            g("commit", "-q", "-m", "spec: change packed ring")
            r = subprocess.run([sys.executable, os.path.join(TOOLS, "ballot.py"), "--base", "HEAD~1",
                                "--out", "out"], cwd=tmp, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, universal_newlines=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(tmp, "out", "changes.json")) as f:
                c = json.load(f)
            self.assertEqual((c["added"], c["changed"], c["withdrawn"], c["deleted"]),
                             (["VQP-DRV-003"], ["VQP-DRV-001"], ["VQP-DRV-002"], []))
            patches = [n for n in os.listdir(os.path.join(tmp, "out")) if n.endswith(".patch")]
            self.assertEqual(len(patches), 1)
            with open(os.path.join(tmp, "out", "cover-letter.txt")) as f:
                mail = f.read()
            self.assertIn("Subject: [PATCH 0/1]", mail)
            self.assertIn("VQP-DRV-003", mail)
            # deleting an ID instead of withdrawing it fails
            write_chapter(ch, "packed-ring", "\\chapter{P}\n\\req{VQP-DRV-001}{MUST}{one}\n")
            g("add", "-A")
            g("commit", "-q", "-m", "spec: drop")
            r = subprocess.run([sys.executable, os.path.join(TOOLS, "ballot.py"), "--base", "HEAD~1",
                                "--out", "out"], cwd=tmp, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, universal_newlines=True)
            self.assertEqual(r.returncode, 1)
            self.assertIn("withdraw it", r.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


class BuiltSpec(unittest.TestCase):
    """The built PDF, its log and requirements.json."""

    def path(self, name):
        p = os.path.join(BUILD, name)
        if not os.path.exists(p):
            self.fail("%s missing: run make spec" % p)
        return p

    def reqs(self):
        with open(self.path("requirements.json"), encoding="utf-8") as f:
            return json.load(f)

    def test_log_clean(self):
        with open(self.path("pvspec.log"), encoding="latin-1") as f:
            self.assertEqual(check_log.check(f.read(), 1.0), [])

    def test_enough_ids(self):
        own = [r for r in self.reqs() if r["area"] in ("FEAT", "VQP", "VQS") and not r["withdrawn"]]
        self.assertGreaterEqual(len(own), MIN_IDS)
        for area in ("FEAT", "VQP", "VQS"):
            for target in ("DRV", "DEV"):
                self.assertTrue(any(r["area"] == area and r["target"] == target for r in own),
                                "%s-%s has no requirement" % (area, target))

    def test_every_id_complete(self):
        for r in self.reqs():
            self.assertRegex(r["id"], r"^[A-Z]+-[A-Z]{3}-[0-9]{3}$")
            self.assertEqual(r["id"].split("-")[:2], [r["area"], r["target"]])
            self.assertTrue(r["section"], r["id"])
            self.assertTrue(r["text"], r["id"])
            if r["withdrawn"]:
                self.assertEqual(r["level"], "")
            else:
                self.assertIn(r["level"], reqlib.LEVELS, r["id"])

    def test_json_matches_sources(self):
        fresh = reqlib.extract(os.path.join(SPEC, "chapters"))
        self.assertEqual([r["id"] for r in fresh], [r["id"] for r in self.reqs()],
                         "requirements.json is stale: run make spec")

    def test_every_id_typeset(self):
        if shutil.which("pdftotext") is None:
            self.skipTest("pdftotext (poppler-utils) not installed")
        text = subprocess.run(["pdftotext", self.path("pvspec.pdf"), "-"], stdout=subprocess.PIPE,
                              universal_newlines=True, check=True).stdout
        missing = [r["id"] for r in self.reqs() if r["id"] not in text]
        self.assertEqual(missing, [])
        self.assertIn("Packed Virtqueues", text)
        self.assertIn("Split Virtqueues", text)

    def test_pdf_has_pages(self):
        if shutil.which("pdfinfo") is None:
            self.skipTest("pdfinfo (poppler-utils) not installed")
        info = subprocess.run(["pdfinfo", self.path("pvspec.pdf")], stdout=subprocess.PIPE,
                              universal_newlines=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        self.assertGreater(pages, 20)


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.lines = []
        self.n = 0
        self.counts = [0, 0, 0]

    def _name(self, test):
        return "%s.%s" % (type(test).__name__, test._testMethodName)

    def addSuccess(self, test):
        self.n += 1
        self.counts[0] += 1
        self.lines.append("ok %d - %s" % (self.n, self._name(test)))

    def _fail(self, test, err):
        self.n += 1
        self.counts[1] += 1
        self.lines.append("not ok %d - %s" % (self.n, self._name(test)))
        for line in self._exc_info_to_string(err, test).rstrip().split("\n"):
            self.lines.append("# " + line)

    addFailure = _fail
    addError = _fail

    def addSkip(self, test, reason):
        self.n += 1
        self.counts[2] += 1
        self.lines.append("ok %d - %s # SKIP %s" % (self.n, self._name(test), reason))


def main(argv=None):
    global BUILD
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=BUILD)
    ap.add_argument("--tap")
    args = ap.parse_args(argv)
    BUILD = os.path.abspath(args.build)
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for cls in (Extractor, LogCheck, Trace, Ballot, BuiltSpec):
        suite.addTests(loader.loadTestsFromTestCase(cls))
    res = TapResult()
    suite.run(res)
    out = ["TAP version 13", "1..%d" % res.n] + res.lines
    out.append("%d passed, %d failed, %d skipped" % tuple(res.counts))
    text = "\n".join(out) + "\n"
    if args.tap:
        os.makedirs(os.path.dirname(os.path.abspath(args.tap)), exist_ok=True)
        with open(args.tap, "w", encoding="utf-8") as f:
            f.write(text)
    sys.stdout.write(text if res.counts[1] else out[-1] + "\n")
    return 1 if res.counts[1] else 0


if __name__ == "__main__":
    sys.exit(main())
