# SPDX-License-Identifier: GPL-2.0-only
"""extract_tests.py: declarations, tiers, malformed lines, duplicates."""

import contextlib
import io
import json
import unittest

import extract_tests
from util import Scratch


def cli(args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return extract_tests.main(args)


class Extract(unittest.TestCase):
    def test_scan_fixture_tree(self):
        with Scratch() as s:
            root = s.source_tree()
            tests, problems = extract_tests.scan(root)
            by = {(t["tier"], t["name"]): t for t in tests}
            t = by[("inproc", "packed_first_flags_last")]
            self.assertEqual(t["reqs"], ["VQP-DRV-001", "VQP-DRV-002"])
            self.assertEqual(t["tags"], ["needs:indirect", "linux:1ce9e6055fa0"])
            self.assertEqual((t["file"], t["line"]), ("conformance/tests/packed.c", 3))
            # conformance/kvm/ is tier kvm because a cfg names that tier.
            self.assertIn(("kvm", "kvm_cpuid_signature"), by)
            # The same name in two tiers is fine.
            self.assertIn(("kvm", "packed_used_len_checked"), by)
            self.assertIn(("inproc", "packed_used_len_checked"), by)
            # The #define is not a declaration; the macro-argument one is malformed.
            self.assertEqual(len(tests), 4)
            self.assertEqual(len(problems), 1)
            self.assertIn("cpuid.c:3", problems[0])

    def test_duplicates_and_empty_ids_are_problems(self):
        with Scratch() as s:
            s.write("conformance/tests/a.c", 'PVC_TEST(x, "A-B-001", "")\n'
                    'PVC_TEST(x, "A-B-002", "")\nPVC_TEST(y, "", "")\n')
            _, problems = extract_tests.scan(s.path)
            self.assertEqual(len(problems), 2)

    def test_sources_key_sets_tier(self):
        with Scratch() as s:
            s.write("conformance/targets/v.cfg", "[dpdk]\ntier = vhost\ncommand = x\n"
                    "sources = conformance/vhostuser\n")
            s.write("conformance/vhostuser/t.c", 'PVC_TEST(v, "A-B-001", "")\n')
            tests, _ = extract_tests.scan(s.path)
            self.assertEqual(tests[0]["tier"], "vhost")

    def test_cli_writes_json_and_checks_ids(self):
        with Scratch() as s:
            root = s.source_tree()
            out = s.join("tests.json")
            rc = cli(["--root", root, "--out", out])
            self.assertEqual(rc, 1)            # the malformed fixture line
            with open(out) as fh:
                self.assertEqual(len(json.load(fh)), 4)
            s.write("conformance/kvm/cpuid.c", 'PVC_TEST(k, "KPV-HST-009", "")\n')
            reqs = s.requirements()
            rc = cli(["--root", root, "--out", out, "--check-ids", reqs])
            self.assertEqual(rc, 1)
            s.write("conformance/kvm/cpuid.c", 'PVC_TEST(k, "KPV-HST-001", "")\n')
            rc = cli(["--root", root, "--out", out, "--check-ids", reqs])
            self.assertEqual(rc, 0)


if __name__ == "__main__":
    unittest.main()
