#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Self-tests of pvconform (unittest), reported as TAP with the closing
line "N passed, N failed, N skipped".

    run_selftests.py [--tap FILE] [NAME-SUBSTRING...]

Exit status 1 if a test failed or errored.
"""

import argparse
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.dirname(os.path.dirname(HERE))
for d in (HERE, os.path.join(CONF, "lib"), os.path.join(CONF, "report")):
    sys.path.insert(0, d)


class TapResult(unittest.TestResult):
    def __init__(self, out):
        super().__init__()
        self.out = out
        self.n = 0
        self.passed = self.failed = self.skipped = 0

    def _line(self, s):
        self.out.write(s + "\n")
        self.out.flush()

    def _diag(self, text):
        for line in text.rstrip().splitlines():
            self._line("# " + line)

    def addSuccess(self, test):
        self.n += 1
        self.passed += 1
        self._line("ok %d - %s" % (self.n, test.id()))

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self.n += 1
        self.failed += 1
        self._diag(self.failures[-1][1])
        self._line("not ok %d - %s" % (self.n, test.id()))

    def addError(self, test, err):
        super().addError(test, err)
        self.n += 1
        self.failed += 1
        self._diag(self.errors[-1][1])
        self._line("not ok %d - %s # error" % (self.n, test.id()))

    def addSkip(self, test, reason):
        self.n += 1
        self.skipped += 1
        self._line("ok %d - %s # SKIP %s" % (self.n, test.id(), reason))

    def addExpectedFailure(self, test, err):
        self.addFailure(test, err)

    def addUnexpectedSuccess(self, test):
        self.n += 1
        self.failed += 1
        self._line("not ok %d - %s # unexpected success" % (self.n, test.id()))


class Tee:
    def __init__(self, *fhs):
        self.fhs = fhs

    def write(self, s):
        for f in self.fhs:
            f.write(s)

    def flush(self):
        for f in self.fhs:
            f.flush()


def flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from flatten(t)
        else:
            yield t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tap", help="also write the TAP to this file")
    ap.add_argument("only", nargs="*")
    a = ap.parse_args()
    suite = unittest.defaultTestLoader.discover(HERE, pattern="test_*.py", top_level_dir=HERE)
    tests = [t for t in flatten(suite) if not a.only or any(s in t.id() for s in a.only)]
    fh = None
    out = sys.stdout
    if a.tap:
        os.makedirs(os.path.dirname(os.path.abspath(a.tap)), exist_ok=True)
        fh = open(a.tap, "w", encoding="utf-8")
        out = Tee(sys.stdout, fh)
    out.write("TAP version 13\n1..%d\n" % len(tests))
    res = TapResult(out)
    # A suite, not the bare cases, so that class fixtures run.
    unittest.TestSuite(tests)(res)
    out.write("%d passed, %d failed, %d skipped\n" % (res.passed, res.failed, res.skipped))
    out.flush()
    if fh:
        fh.close()
    return 1 if res.failed else 0


if __name__ == "__main__":
    sys.exit(main())
