# SPDX-License-Identifier: GPL-2.0-only
"""JUnit writer: well-formed XML, one suite per target, the right element
for each status, diagnostics kept, control characters removed."""

import unittest
import xml.etree.ElementTree as ET

import expectations
import junit
import ktap
import results
from util import Scratch, read_fixture


def sample():
    ref = results.finalize(ktap.parse(read_fixture("ktap", "reference-packed.ktap")))
    qemu = results.finalize(ktap.parse(read_fixture("ktap", "qemu-net.ktap")))
    qemu["tests"][0]["diag"].append("bad \x01 byte and <xml> & \"quotes\"")
    exps = [{"target": "qemu-net", "test": "packed_event_suppression", "status": "FAIL",
             "evidence": "QEMU 7.2 bug", "file": "f:1", "state": "unchecked", "results": []}]
    expectations.apply([ref, qemu], exps)
    return results.build([ref, qemu], expectations=exps)


class Junit(unittest.TestCase):
    def parse_back(self):
        with Scratch() as s:
            p = s.join("junit.xml")
            junit.write(sample(), p)
            return ET.parse(p).getroot()   # raises if not well-formed

    def test_suites_and_totals(self):
        root = self.parse_back()
        self.assertEqual(root.tag, "testsuites")
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites],
                         ["inproc-reference-packed", "guest-qemu-net"])
        ref, qemu = suites
        self.assertEqual((ref.get("tests"), ref.get("failures"), ref.get("errors"),
                          ref.get("skipped")), ("5", "1", "0", "1"))
        self.assertEqual((qemu.get("tests"), qemu.get("failures"), qemu.get("errors"),
                          qemu.get("skipped")), ("4", "0", "1", "1"))
        self.assertEqual(root.get("tests"), "9")
        self.assertEqual(root.get("failures"), "1")

    def test_elements_per_status(self):
        root = self.parse_back()
        cases = {c.get("name"): c for c in root.find("testsuite").iter("testcase")}
        cases["test 4"] = [c for c in root.iter("testcase") if c.get("name") == "test 4"][0]
        fail = cases["packed_used_len_checked"].find("failure")
        self.assertIsNotNone(fail)
        self.assertIn("desc[1] addr=0x2000", fail.text)
        skip = cases["packed_notification_data"].find("skipped")
        self.assertEqual(skip.get("message"), "NOTIFICATION_DATA not offered by the device")
        err = cases["test 4"].find("error")
        self.assertEqual(err.get("message"), "no result (exit status None)")
        self.assertIsNone(cases["features_ack_order"].find("failure"))

    def test_expected_failure_is_not_a_pass(self):
        root = self.parse_back()
        c = [c for c in root.iter("testcase") if c.get("name") == "packed_event_suppression"][0]
        sk = c.find("skipped")
        self.assertIsNotNone(sk)
        self.assertTrue(sk.get("message").startswith("expected FAIL"))
        self.assertIn("QEMU 7.2 bug", sk.get("message"))
        props = {p.get("name"): p.get("value") for p in c.iter("property")}
        self.assertEqual(props.get("expected"), "true")

    def test_control_characters_removed(self):
        root = self.parse_back()
        out = [c for c in root.iter("testcase") if c.get("name") == "packed_used_len_checked"
               and c.find("system-out") is not None]
        self.assertEqual(len(out), 1)
        self.assertIn('bad  byte and <xml> & "quotes"', out[0].find("system-out").text)


if __name__ == "__main__":
    unittest.main()
