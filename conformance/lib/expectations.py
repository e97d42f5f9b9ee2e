# SPDX-License-Identifier: GPL-2.0-only
"""Expected failures of peers (conformance/expectations/*.txt).

One line per known peer behaviour, tab-separated:

    target<TAB>test<TAB>FAIL|ERROR<TAB>evidence

"target" and "test" are the target name and the test name, or shell-style
patterns (fnmatch) of them; '#' starts a comment line.

apply(runs, expectations) marks every result that matches an expectation
with the same status as expected ("expected": true) and turns it into a
finding; it is never hidden and never counted as a pass.  It returns the
list of expectations with their state:

    matched    a result had the expected status
    stale      the test now passes: the expectation no longer holds
    mismatch   the test has another non-passing status than expected
               (the result stays unexpected)
    unchecked  no result for it in this run (target not run, skipped, ...)
"""

import fnmatch
import glob
import os

import ktap

EXPECTABLE = (ktap.FAIL, ktap.ERROR)


class ExpectationError(Exception):
    pass


def load_file(path):
    out = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 4 or parts[2] not in EXPECTABLE:
                raise ExpectationError(
                    "%s:%d: want target<TAB>test<TAB>FAIL|ERROR<TAB>evidence"
                    % (path, lineno))
            out.append({"target": parts[0].strip(), "test": parts[1].strip(),
                        "status": parts[2],
                        "evidence": "\t".join(parts[3:]).strip(),
                        "file": "%s:%d" % (path, lineno),
                        "state": "unchecked", "results": []})
    return out


def load_dir(directory):
    out = []
    for p in sorted(glob.glob(os.path.join(directory, "*.txt"))):
        out += load_file(p)
    return out


def _match(exp, run, test):
    return (fnmatch.fnmatchcase(run["target"], exp["target"])
            and fnmatch.fnmatchcase(test["name"], exp["test"]))


# A pattern that matches several results reports the most alarming state.
_RANK = {"mismatch": 3, "stale": 2, "matched": 1, "unchecked": 0}


def apply(runs, expectations):
    for run in runs:
        for test in run["tests"]:
            for exp in expectations:
                if not _match(exp, run, test):
                    continue
                if test["status"] == exp["status"]:
                    state = "matched"
                    test["expected"] = True
                    test["expectation"] = exp["evidence"]
                    run["findings"].append({
                        "req": ",".join(test["reqs"]) or "-",
                        "peer": run["peer"] or run["target"],
                        "text": "expected %s of %s: %s" % (
                            test["status"], test["name"], exp["evidence"]),
                        "test": test["n"], "source": "expectation"})
                elif test["status"] == ktap.PASS:
                    state = "stale"
                elif test["status"] == ktap.SKIP:
                    state = "unchecked"
                else:
                    state = "mismatch"
                exp["results"].append("%s/%s: %s" % (run["target"], test["name"],
                                                     test["status"]))
                if _RANK[state] > _RANK[exp["state"]]:
                    exp["state"] = state
    return expectations
