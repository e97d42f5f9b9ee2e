# SPDX-License-Identifier: GPL-2.0-only
"""Running target commands: timeout kills the process group, missing
needs give SKIP, a missing command gives ERROR, crashes are errors."""

import os
import time
import unittest

import results
import runner
import targets
from util import ROOT, Scratch


def tgt(name, command, timeout=10, needs=()):
    return targets.Target(name=name, tier="selftest", command=command, timeout=timeout,
                          needs=needs, cfg_file="selftest.cfg")


def live_members(pgid, wait_s=3.0):
    """Processes of group pgid that are not zombies (killed members may
    wait a moment for init to reap them)."""
    deadline = time.monotonic() + wait_s
    while True:
        live = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/stat" % pid) as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                live.append(int(pid))
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.1)


def go(s, t):
    path = runner.run_target(t, ROOT, s.join("ktap"), s.join("logs"), s.path)
    return path, results.load_run(path, t.tier, t.name)


class Runner(unittest.TestCase):
    def test_timeout_kills_process_group(self):
        with Scratch() as s:
            cmd = ("/bin/sh -c 'echo $$ > \"$PVC_BUILD/pid\"; echo \"KTAP version 1\"; "
                   "echo 1..2; echo \"ok 1 PVT-GST-001 first\"; sleep 30 & sleep 30'")
            t0 = time.monotonic()
            path, run = go(s, tgt("sleeper", cmd, timeout=1))
            self.assertLess(time.monotonic() - t0, 15)
            self.assertTrue(run["timed_out"])
            self.assertIn("timeout after 1 s", run["reason"])
            st = [(t["name"], t["status"]) for t in run["tests"]]
            self.assertEqual(st, [("first", "PASS"), ("test 2", "ERROR")])
            self.assertIn("timeout", run["tests"][1]["reason"])
            with open(s.join("pid")) as fh:
                pgid = int(fh.read())
            # Nothing of the group survives (the background sleep included).
            self.assertEqual(live_members(pgid), [])
            self.assertTrue(os.path.exists(path))
            self.assertFalse(os.path.exists(path + ".part"))

    def test_timeout_without_output(self):
        with Scratch() as s:
            _, run = go(s, tgt("silent", "/bin/sleep 30", timeout=0.5))
            self.assertEqual(len(run["tests"]), 1)
            t = run["tests"][0]
            self.assertEqual((t["name"], t["status"]), ("target_run", "ERROR"))
            self.assertIn("timeout", t["reason"])

    def test_missing_need_is_skip_not_pass(self):
        with Scratch() as s:
            _, run = go(s, tgt("nodev", "/bin/true", needs=["bin:pvconform-absent-tool",
                                                             "file:/nonexistent/x"]))
            self.assertEqual(run["state"], "skipped")
            self.assertEqual([t["status"] for t in run["tests"]], ["SKIP"])
            self.assertIn("pvconform-absent-tool", run["tests"][0]["reason"])
            self.assertIn("/nonexistent/x", run["tests"][0]["reason"])
            self.assertEqual(results.counts(run["tests"])["PASS"], 0)

    def test_unknown_need_is_missing(self):
        ok, why = targets.probe(tgt("u", "/bin/true", needs=["warp-drive"]))
        self.assertFalse(ok)
        self.assertIn("unknown need", why)

    def test_command_not_built_is_error(self):
        with Scratch() as s:
            _, run = go(s, tgt("nb", "build/pvconform-selftest-absent/bin"))
            self.assertEqual(run["state"], "error")
            self.assertEqual(run["tests"][0]["status"], "ERROR")
            self.assertIn("not built", run["tests"][0]["reason"])

    def test_crash_after_full_output_is_error(self):
        with Scratch() as s:
            cmd = ("/bin/sh -c 'echo \"KTAP version 1\"; echo 1..1; echo \"ok 1 A-B-001 a\"; "
                   "kill -SEGV $$'")
            _, run = go(s, tgt("crash", cmd))
            self.assertEqual(run["exit"], -11)
            self.assertEqual([t["status"] for t in run["tests"]], ["PASS", "ERROR"])
            self.assertIn("signal 11", run["tests"][1]["reason"])

    def test_nonzero_exit_with_complete_plan_is_fine(self):
        with Scratch() as s:
            cmd = ("/bin/sh -c 'echo \"KTAP version 1\"; echo 1..1; "
                   "echo \"not ok 1 A-B-001 a\"; exit 1'")
            _, run = go(s, tgt("fails", cmd))
            self.assertEqual([t["status"] for t in run["tests"]], ["FAIL"])
            self.assertEqual(run["reason"], "")

    def test_environment_and_stderr_log(self):
        with Scratch() as s:
            cmd = ("/bin/sh -c 'echo \"KTAP version 1\"; echo 1..1; "
                   "echo \"ok 1 A-B-001 $PVC_TARGET-$PVC_TIER\"; echo oops >&2'")
            _, run = go(s, tgt("envtest", cmd))
            self.assertEqual(run["tests"][0]["name"], "envtest-selftest")
            with open(s.join("logs", "selftest-envtest.log")) as fh:
                self.assertEqual(fh.read(), "oops\n")


if __name__ == "__main__":
    unittest.main()
