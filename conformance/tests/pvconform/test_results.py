# SPDX-License-Identifier: GPL-2.0-only
"""Run-level errors, chapters, summary table, filters, requirement status."""

import unittest

import fixture_reqs
import ktap
import requirements
import results
from util import Scratch, read_fixture


def run_of(text, **meta):
    line = " ".join("%s=%s" % kv for kv in meta.items())
    return results.finalize(ktap.parse(text + ("# pvconform: " + line + "\n" if meta else "")))


class RunLevel(unittest.TestCase):
    def test_no_plan_nonzero_exit_is_error(self):
        r = run_of("ok 1 A-B-001 a\n", state="ran", exit=3)
        self.assertEqual([t["status"] for t in r["tests"]], ["PASS", "ERROR"])
        self.assertIn("no plan line", r["tests"][1]["reason"])

    def test_no_plan_zero_exit_is_accepted(self):
        r = run_of("ok 1 A-B-001 a\n", state="ran", exit=0)
        self.assertEqual([t["status"] for t in r["tests"]], ["PASS"])

    def test_meta_fields(self):
        r = run_of("KTAP version 1\n1..1\nok 1 a\n", state="ran", exit=0, duration_s="2.5",
                   command="'a b'")
        self.assertEqual((r["duration_s"], r["exit"], r["command"]), (2.5, 0, "a b"))

    def test_missing_hint_names_unreached_tests(self):
        r = run_of("KTAP version 1\n# pvspec tier=kvm target=x\n1..3\nok 1 A-B-001 a\n",
                   state="ran", exit=0)
        declared = [{"tier": "kvm", "name": n, "reqs": [], "tags": []} for n in "abc"]
        declared.append({"tier": "guest", "name": "z", "reqs": [], "tags": []})
        results.missing_hint(r, declared)
        self.assertIn("declared in tier kvm without a result here: b, c", r["notes"])


class Tables(unittest.TestCase):
    def test_chapters(self):
        idx = {"VQP-DRV-001": {"chapter": "packed"}}
        self.assertEqual(results.chapter_of_id("VQP-DRV-001", idx), "packed")
        self.assertEqual(results.chapter_of_id("KPV-HST-001", idx), "kvm-pv")
        self.assertEqual(results.chapter_of_id("ZZZ-HST-001"), results.NO_CHAPTER)

    def test_summary_text(self):
        run = results.finalize(ktap.parse(read_fixture("ktap", "reference-packed.ktap")))
        res = results.build([run])
        text = results.summary_text(res)
        self.assertRegex(text, r"inproc-reference-packed\s+features\s+1\s+0\s+0\s+0\s+0")
        self.assertRegex(text, r"packed-ring\s+1\s+1\s+0\s+1\s+0")
        self.assertRegex(text, r"total\s+3\s+1\s+0\s+1\s+0")

    def test_filter_keeps_run_level_errors(self):
        run = results.finalize(ktap.parse(read_fixture("ktap", "qemu-net.ktap")))
        results.filter_run(run, prefix="KPV")
        self.assertEqual([t["name"] for t in run["tests"]], ["kvm_cpuid_signature", "test 4"])


class RequirementStatus(unittest.TestCase):
    def evaluate(self, tests):
        res = {"runs": [{"target": "t", "tier": "x", "peer": "", "tests": tests}]}
        return {r["id"]: r for r in requirements.evaluate(
            fixture_reqs.REQUIREMENTS, res,
            [{"tier": "x", "name": "decl", "file": "f.c", "line": 1,
              "reqs": ["KPV-HST-002"], "tags": []}],
            {"PVT-GST-001": "needs the timer tier"})}

    def t(self, req, status, expected=False):
        return {"n": 1, "name": "n", "reqs": [req], "status": status, "reason": "",
                "expected": expected}

    def test_rules(self):
        ev = self.evaluate([
            self.t("VQP-DRV-001", "PASS"), self.t("VQP-DRV-001", "FAIL"),
            self.t("VQP-DRV-002", "PASS"), self.t("VQP-DRV-002", "ERROR"),
            self.t("VQP-DRV-003", "PASS"), self.t("VQP-DRV-003", "FAIL", expected=True),
            self.t("VQP-DEV-001", "PASS"), self.t("VQP-DEV-001", "SKIP"),
            self.t("VQP-DEV-002", "SKIP"),
        ])
        got = {k: v["status"] for k, v in ev.items()}
        self.assertEqual(got["VQP-DRV-001"], "FAIL")
        self.assertEqual(got["VQP-DRV-002"], "ERROR")
        self.assertEqual(got["VQP-DRV-003"], "XFAIL")
        self.assertEqual(got["VQP-DEV-001"], "PASS")
        self.assertEqual(got["VQP-DEV-002"], "SKIP")
        self.assertEqual(got["VQP-DEV-003"], "WITHDRAWN")
        self.assertEqual(got["KPV-HST-002"], "NOT RUN")
        self.assertEqual(got["FEAT-DRV-001"], "NO TEST")
        self.assertEqual(ev["FEAT-DRV-001"]["uncovered_reason"], "no test")
        self.assertEqual(ev["PVT-GST-001"]["uncovered_reason"], "needs the timer tier")

    def test_load_and_ensure_warnings(self):
        with Scratch() as s:
            reqs, w = requirements.load(s.join("nope.json"))
            self.assertEqual(reqs, [])
            self.assertIn("missing", w)
            s.write("bad.json", "{not json")
            self.assertIn("unreadable", requirements.load(s.join("bad.json"))[1])
            # No spec sources under this root: nothing to build, a warning.
            w = requirements.ensure(s.join("spec", "build", "requirements.json"), s.path)
            self.assertIn("no spec sources", w)


if __name__ == "__main__":
    unittest.main()
