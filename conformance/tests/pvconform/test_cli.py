# SPDX-License-Identifier: GPL-2.0-only
"""pvconform end to end on the fixture targets: exit status, files
written, the report's content, 'report' from stored KTAP, selection."""

import html.parser
import json
import os
import unittest
import xml.etree.ElementTree as ET

from util import FIX, Scratch, fixture_args, pvconform

PASSING_CFG = """# SPDX-License-Identifier: GPL-2.0-only
[qemu-net]
tier = guest
command = /bin/sh -c 'sed -e "/^ok 3/d" -e "s/^1..4/1..2/" %s'
timeout = 10

[absent]
tier = vhost
command = /bin/true
needs = bin:pvconform-absent-tool
""" % os.path.join(FIX, "ktap", "qemu-net.ktap")


class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for k, v in attrs:
            if k == "id":
                self.ids.add(v)


class Cli(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.s = Scratch().__enter__()
        cls.args = fixture_args(cls.s)
        cls.run_ = pvconform(["run"] + cls.args)
        cls.out = cls.s.join("out", "conformance")

    @classmethod
    def tearDownClass(cls):
        cls.s.__exit__(None, None, None)

    def load(self, name):
        with open(os.path.join(self.out, name), encoding="utf-8") as fh:
            return fh.read()

    def test_exit_status_and_summary(self):
        r = self.run_
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("unexpected failures:", r.stdout)
        self.assertIn("FAIL   inproc-reference-packed packed_used_len_checked", r.stdout)
        self.assertIn("expectation STALE", r.stdout)
        self.assertRegex(r.stdout, r"total\s+6\s+1\s+1\s+2\s+4")

    def test_ktap_files_stored(self):
        names = sorted(os.listdir(os.path.join(self.out, "ktap")))
        self.assertEqual(names, ["guest-qemu-net.ktap", "guest-sleeper.ktap",
                                 "inproc-reference-packed.ktap", "kvm-garbage.ktap",
                                 "kvm-not-built.ktap", "vhost-missing-need.ktap"])

    def test_results_json(self):
        res = json.loads(self.load("results.json"))
        self.assertIn("generated", res)
        runs = {r["target"]: r for r in res["runs"]}
        ref = runs["reference-packed"]
        self.assertEqual(ref["peer"], "pvspec reference 0.1")
        for t in ref["tests"]:
            self.assertEqual(set(t) >= {"n", "name", "reqs", "status", "reason", "diag"}, True)
        self.assertEqual(runs["missing-need"]["tests"][0]["status"], "SKIP")
        self.assertEqual(runs["sleeper"]["timed_out"], True)
        self.assertEqual(res["unexpected"], 5)
        states = {(e["target"], e["test"]): e["state"] for e in res["expectations"]}
        self.assertEqual(states[("qemu-net", "packed_event_suppression")], "matched")
        self.assertEqual(states[("reference-packed", "features_ack_order")], "stale")

    def test_junit_parses(self):
        root = ET.fromstring(self.load("junit.xml").encode())
        self.assertEqual(len(root.findall("testsuite")), 6)

    def test_combined_ktap(self):
        text = self.load("results.ktap")
        self.assertIn("1..6", text)
        self.assertIn("ok 6 vhost-missing-need # SKIP needs bin:", text)
        self.assertIn("not ok 3 inproc-reference-packed", text)

    def assertInPage(self, text, page):
        self.assertTrue(text in page, "%r missing from report.html" % text)

    def test_report_content(self):
        page = self.load("report.html")
        p = Tags()
        p.feed(page)
        self.assertNotIn("script", p.tags)
        self.assertNotIn("<link", page)              # self-contained
        for sec in ("chapters", "matrix", "findings", "failures", "skips",
                    "expectations", "requirements", "uncovered", "runs"):
            self.assertInPage(sec, p.ids)
        self.assertInPage("<svg", page)
        self.assertInPage("5 unexpected failures or errors", page)
        # Ring dump of the failure in <pre>.
        self.assertInPage("desc[1] addr=0x2000 len=64 id=1 flags=AVAIL|USED", page)
        # Finding with peer and version split.
        self.assertInPage("<td>QEMU</td><td>7.2</td>", page)
        self.assertInPage("SHOULD not met: used id reused before the chain ended", page)
        # Uncovered with its reason; skip reasons; stale expectation flagged.
        self.assertInPage("needs a guest that reads CPUID leaf 0x40000001", page)
        self.assertInPage("NOTIFICATION_DATA not offered by the device", page)
        self.assertInPage("expectation no longer matches", page)
        self.assertInPage("timeout after 1 s", page)

    def test_requirement_statuses_in_report(self):
        page = self.load("report.html")

        def status(rid):
            i = page.index('<tr id="%s">' % rid)
            row = page[i:page.index("</tr>", i)]
            return row.split('class="st st-')[1].split('"')[0]
        self.assertEqual(status("VQP-DRV-001"), "PASS")
        self.assertEqual(status("VQP-DEV-001"), "FAIL")   # passed on QEMU, failed on reference
        self.assertEqual(status("VQP-DEV-002"), "XFAIL")
        self.assertEqual(status("VQP-DRV-003"), "SKIP")
        self.assertEqual(status("KPV-HST-002"), "NO-TEST")
        self.assertEqual(status("VQP-DEV-003"), "WITHDRAWN")

    def test_report_from_stored_ktap(self):
        with Scratch() as s2:
            out2 = s2.join("c")
            os.makedirs(out2)
            os.symlink(os.path.join(self.out, "ktap"), os.path.join(out2, "ktap"))
            args = list(self.args)
            args[args.index("--out") + 1] = out2
            r = pvconform(["report"] + args)
            self.assertEqual(r.returncode, 1, r.stderr)
            a = json.loads(self.load("results.json"))
            with open(os.path.join(out2, "results.json")) as fh:
                b = json.load(fh)
            self.assertEqual(a["totals"], b["totals"])
            self.assertTrue(os.path.exists(os.path.join(out2, "report.html")))

    def test_only_expected_failures_exit_zero(self):
        with Scratch() as s2:
            s2.write("t/p.cfg", PASSING_CFG)
            r = pvconform(["run"] + fixture_args(s2, s2.join("t")))
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            res = json.load(open(s2.join("out", "conformance", "results.json")))
            st = [(t["status"], t.get("expected", False))
                  for run in res["runs"] for t in run["tests"]]
            self.assertIn(("FAIL", True), st)
            self.assertIn(("SKIP", False), st)
            self.assertEqual(res["totals"]["PASS"], 1)

    def test_selection_and_filters(self):
        with Scratch() as s2:
            args = fixture_args(s2)
            r = pvconform(["run", "--group", "reference", "--filter", "VQP-DRV",
                           "--format", "json"] + args)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            res = json.load(open(s2.join("out", "conformance", "results.json")))
            self.assertEqual([x["target"] for x in res["runs"]], ["reference-packed"])
            self.assertEqual([t["name"] for t in res["runs"][0]["tests"]],
                             ["packed_first_flags_last", "packed_notification_data"])
            self.assertFalse(os.path.exists(s2.join("out", "conformance", "report.html")))
            r = pvconform(["run", "--target", "nope"] + args)
            self.assertEqual(r.returncode, 2)
            self.assertIn("unknown target", r.stderr)

    def test_tag_filter_uses_tests_json(self):
        with Scratch() as s2:
            args = fixture_args(s2)
            args[args.index("--tests-json") + 1] = s2.write("tags.json", json.dumps([
                {"tier": "inproc", "name": "features_ack_order", "file": "x.c", "line": 1,
                 "reqs": ["FEAT-DRV-001"], "tags": ["linux:abc"]}]))
            r = pvconform(["run", "--target", "reference-packed", "--tag", "linux:abc",
                           "--format", "json"] + args)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            res = json.load(open(s2.join("out", "conformance", "results.json")))
            self.assertEqual([t["name"] for t in res["runs"][0]["tests"]],
                             ["features_ack_order"])

    def test_missing_requirements_still_renders(self):
        with Scratch() as s2:
            args = fixture_args(s2)
            args[args.index("--requirements") + 1] = s2.join("absent.json")
            r = pvconform(["run", "--target", "reference-packed"] + args)
            self.assertEqual(r.returncode, 1)
            self.assertIn("absent.json is missing", r.stdout)
            with open(s2.join("out", "conformance", "report.html")) as fh:
                page = fh.read()
            self.assertInPage("absent.json is missing", page)
            self.assertInPage("No requirement list", page)

    def test_list_targets(self):
        r = pvconform(["list", "--targets", "--targets-dir", os.path.join(FIX, "targets")])
        self.assertEqual(r.returncode, 0)
        line = [x for x in r.stdout.splitlines() if x.startswith("missing-need")][0]
        self.assertIn("no: SKIP", line)
        line = [x for x in r.stdout.splitlines() if x.startswith("not-built")][0]
        self.assertIn("not built", line)


if __name__ == "__main__":
    unittest.main()
