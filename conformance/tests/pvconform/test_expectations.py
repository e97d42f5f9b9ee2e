# SPDX-License-Identifier: GPL-2.0-only
"""Expected peer failures: matched, stale, mismatch, unchecked, bad lines."""

import unittest

import expectations
import ktap
import results
from util import Scratch


def run_of(target, text):
    return results.finalize(ktap.parse(text), target=target)


QEMU = ('KTAP version 1\n# pvspec tier=guest target=qemu-net peer="QEMU 7.2"\n1..3\n'
        'not ok 1 VQP-DEV-002 packed_event_suppression\n'
        'ok 2 VQP-DEV-001 packed_used_len_checked\n'
        'not ok 3 VQP-DEV-004 msix_start # ERROR QEMU segfaulted\n')


def exp(target, test, status, evidence="evidence"):
    return {"target": target, "test": test, "status": status, "evidence": evidence,
            "file": "x.txt:1", "state": "unchecked", "results": []}


class Expectations(unittest.TestCase):
    def test_match_marks_expected_and_adds_finding(self):
        run = run_of("qemu-net", QEMU)
        e = exp("qemu-net", "packed_event_suppression", "FAIL", "known QEMU 7.2 bug")
        expectations.apply([run], [e])
        t = run["tests"][0]
        self.assertTrue(t.get("expected"))
        self.assertEqual(t["status"], "FAIL")          # never turned into a pass
        self.assertFalse(results.is_unexpected(t))
        self.assertEqual(e["state"], "matched")
        f = [x for x in run["findings"] if x.get("source") == "expectation"]
        self.assertEqual(len(f), 1)
        self.assertEqual((f[0]["req"], f[0]["peer"]), ("VQP-DEV-002", "QEMU 7.2"))
        self.assertIn("known QEMU 7.2 bug", f[0]["text"])

    def test_error_expectation(self):
        run = run_of("qemu-net", QEMU)
        e = exp("qemu-*", "msix_*", "ERROR")
        expectations.apply([run], [e])
        self.assertTrue(run["tests"][2].get("expected"))
        self.assertEqual(e["state"], "matched")

    def test_stale_when_test_passes(self):
        run = run_of("qemu-net", QEMU)
        e = exp("qemu-net", "packed_used_len_checked", "FAIL")
        expectations.apply([run], [e])
        self.assertEqual(e["state"], "stale")
        self.assertFalse(run["tests"][1].get("expected"))

    def test_mismatch_stays_unexpected(self):
        run = run_of("qemu-net", QEMU)
        e = exp("qemu-net", "packed_event_suppression", "ERROR")
        expectations.apply([run], [e])
        self.assertEqual(e["state"], "mismatch")
        self.assertTrue(results.is_unexpected(run["tests"][0]))

    def test_other_target_is_not_matched(self):
        run = run_of("reference-packed", QEMU.replace("qemu-net", "reference-packed"))
        e = exp("qemu-net", "packed_event_suppression", "FAIL")
        expectations.apply([run], [e])
        self.assertEqual(e["state"], "unchecked")
        self.assertTrue(results.is_unexpected(run["tests"][0]))

    def test_file_format(self):
        with Scratch() as s:
            s.write("e/a.txt", "# comment\n\nqemu-net\tt1\tFAIL\tevidence with\ttab\n")
            got = expectations.load_dir(s.join("e"))
            self.assertEqual(len(got), 1)
            self.assertEqual(got[0]["evidence"], "evidence with\ttab")
            s.write("bad/b.txt", "qemu-net\tt1\tPASS\tno\n")
            with self.assertRaises(expectations.ExpectationError):
                expectations.load_dir(s.join("bad"))
            s.write("bad2/b.txt", "qemu-net t1 FAIL spaces not tabs\n")
            with self.assertRaises(expectations.ExpectationError):
                expectations.load_dir(s.join("bad2"))


if __name__ == "__main__":
    unittest.main()
