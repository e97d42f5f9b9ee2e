# SPDX-License-Identifier: GPL-2.0-only
"""Paths and scratch directories shared by the pvconform self-tests."""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import fixture_reqs

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "fixtures")
CONF = os.path.dirname(os.path.dirname(HERE))
ROOT = os.path.dirname(CONF)
PVCONFORM = os.path.join(CONF, "pvconform")


def read_fixture(*parts):
    with open(os.path.join(FIX, *parts), encoding="utf-8") as fh:
        return fh.read()


class Scratch:
    """A temporary directory removed on exit."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="pvconform-selftest-")
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)

    def join(self, *parts):
        return os.path.join(self.path, *parts)

    def write(self, rel, text):
        p = self.join(rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as fh:
            fh.write(text)
        return p

    def requirements(self):
        return self.write("requirements.json", json.dumps(fixture_reqs.REQUIREMENTS))

    def source_tree(self):
        """Copy fixtures/src into the scratch dir as a repository root,
        *.c.in becoming *.c (kept as .in in the real tree so that the real
        extractor does not see them)."""
        src = os.path.join(FIX, "src")
        for d, _, names in os.walk(src):
            for n in names:
                rel = os.path.relpath(os.path.join(d, n), src)
                dst = self.join(rel[:-3] if rel.endswith(".c.in") else rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy(os.path.join(d, n), dst)
        return self.path


def pvconform(args, timeout=60):
    """Run the CLI from the repository root; return CompletedProcess."""
    return subprocess.run([sys.executable, PVCONFORM] + args, cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout, check=False)


def fixture_args(scratch, extra_targets=None):
    """Arguments that point pvconform at the fixtures only."""
    import extract_tests
    tests, _ = extract_tests.scan(Scratch.source_tree(scratch))
    tj = scratch.join("fixture-tests.json")
    extract_tests.write(tests, tj)
    return ["--tests-json", tj, "--targets-dir", extra_targets or os.path.join(FIX, "targets"),
            "--expectations-dir", os.path.join(FIX, "expectations"),
            "--requirements", scratch.requirements(),
            "--uncovered", os.path.join(FIX, "uncovered.txt"),
            "--out", scratch.join("out", "conformance"), "--no-spec-build", "-q"]
