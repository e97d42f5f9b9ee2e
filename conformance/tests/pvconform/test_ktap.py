# SPDX-License-Identifier: GPL-2.0-only
"""KTAP reader: results, directives, findings, garbage, truncation."""

import unittest

import ktap
from util import read_fixture


class KtapParse(unittest.TestCase):
    def test_results_and_directives(self):
        run = ktap.parse(read_fixture("ktap", "reference-packed.ktap"))
        self.assertEqual(run["tier"], "inproc")
        self.assertEqual(run["target"], "reference-packed")
        self.assertEqual(run["peer"], "pvspec reference 0.1")
        self.assertEqual(run["plan"], 5)
        st = {t["name"]: t["status"] for t in run["tests"]}
        self.assertEqual(st, {"packed_first_flags_last": "PASS",
                              "packed_used_len_checked": "FAIL",
                              "packed_notification_data": "SKIP",
                              "features_ack_order": "PASS",
                              "split_avail_idx_wrap": "PASS"})
        t1 = run["tests"][0]
        self.assertEqual(t1["reqs"], ["VQP-DRV-001", "VQP-DRV-002"])
        skip = run["tests"][2]
        self.assertEqual(skip["reason"], "NOTIFICATION_DATA not offered by the device")

    def test_diagnostics_go_to_the_next_result(self):
        run = ktap.parse(read_fixture("ktap", "reference-packed.ktap"))
        fail = run["tests"][1]
        self.assertEqual(fail["diag"][0], "ring state at failure:")
        self.assertIn("desc[1] addr=0x2000 len=64 id=1 flags=AVAIL|USED", fail["diag"][2])
        self.assertEqual(run["tests"][0]["diag"], [])

    def test_error_is_not_a_failure(self):
        run = ktap.parse("KTAP version 1\n1..1\n"
                         "not ok 1 KPV-HST-001 kvm_cpuid # ERROR /dev/kvm: no guest ran\n")
        t = run["tests"][0]
        self.assertEqual((t["status"], t["reason"]), ("ERROR", "/dev/kvm: no guest ran"))

    def test_skip_directive_case_and_not_ok_skip(self):
        run = ktap.parse("KTAP version 1\n1..2\nok 1 a # skip lower case\n"
                         "not ok 2 b # SKIP still a skip\n")
        self.assertEqual([t["status"] for t in run["tests"]], ["SKIP", "SKIP"])

    def test_finding_belongs_to_following_result(self):
        run = ktap.parse(read_fixture("ktap", "qemu-net.ktap"))
        self.assertEqual(len(run["findings"]), 1)
        f = run["findings"][0]
        self.assertEqual(f["req"], "VQP-DEV-002")
        self.assertEqual(f["peer"], "QEMU 7.2")
        self.assertTrue(f["text"].startswith("SHOULD not met"))
        self.assertEqual(f["test"], 2)
        self.assertEqual(ktap.split_peer(f["peer"]), ("QEMU", "7.2"))

    def test_trailing_finding_belongs_to_last_test(self):
        run = ktap.parse('KTAP version 1\n1..1\nok 1 X-Y-001 t\n'
                         '# FINDING X-Y-001 peer="DPDK 22.11" crashed\n')
        self.assertEqual(run["findings"][0]["test"], 1)

    def test_garbage_and_console_timestamps(self):
        run = ktap.parse(read_fixture("ktap", "qemu-net.ktap"))
        self.assertIn("virtio_net virtio0: output.0:id 3 is not a head!", run["garbage"])
        # Console noise before the KTAP header is not evidence of test 1.
        self.assertEqual(run["tests"][0]["diag"], [])
        self.assertIn("virtio_net virtio0: output.0:id 3 is not a head!",
                      run["tests"][1]["diag"])
        ts = ktap.parse("[   1.000000] KTAP version 1\n[   1.1] 1..1\n[   1.2] ok 1 a\n")
        self.assertEqual((ts["plan"], ts["tests"][0]["status"]), (1, "PASS"))

    def test_truncated_output_gives_error_no_result(self):
        run = ktap.parse(read_fixture("ktap", "qemu-net.ktap"))
        last = run["tests"][-1]
        self.assertEqual((last["n"], last["status"], last["reason"]), (4, "ERROR", "no result"))
        self.assertTrue(any("ended early" in n for n in run["notes"]))

    def test_no_output_at_all(self):
        run = ktap.parse(read_fixture("ktap", "garbage.ktap"))
        self.assertEqual(run["tests"], [])
        self.assertEqual(run["garbage"], ["random noise", "** boot failed **"])
        self.assertIn("random noise", run["trailing"])

    def test_half_written_line_and_duplicates(self):
        run = ktap.parse("KTAP version 1\n1..3\nok 1 a\nok 1 a again\nnot o")
        self.assertEqual([t["status"] for t in run["tests"]], ["PASS", "ERROR", "ERROR"])
        self.assertTrue(any("duplicate" in n for n in run["notes"]))
        self.assertEqual(run["garbage"], ["not o"])

    def test_binary_noise_and_crlf(self):
        run = ktap.parse("KTAP version 1\r\n1..1\r\n\x00\x1b[0m\r\nok 1 VQP-DRV-001 t\r\n")
        self.assertEqual(run["tests"][0]["name"], "t")
        self.assertEqual(run["tests"][0]["status"], "PASS")

    def test_description_without_ids(self):
        self.assertEqual(ktap.split_description("plain name here"), ([], "plain name here"))
        self.assertEqual(ktap.split_description("VQP-DRV-001 x"), (["VQP-DRV-001"], "x"))

    def test_emit_round_trip(self):
        run = ktap.parse(read_fixture("ktap", "reference-packed.ktap"))
        again = ktap.parse(ktap.emit(run))
        self.assertEqual([(t["name"], t["status"], t["reqs"], t["reason"]) for t in run["tests"]],
                         [(t["name"], t["status"], t["reqs"], t["reason"]) for t in again["tests"]])
        self.assertEqual(again["peer"], run["peer"])


if __name__ == "__main__":
    unittest.main()
