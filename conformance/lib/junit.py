# SPDX-License-Identifier: GPL-2.0-only
"""JUnit XML from results.json: one <testsuite> per target.

PASS -> plain <testcase>; FAIL -> <failure> whose body holds the
diagnostic lines; ERROR -> <error>; SKIP -> <skipped>.  An expected
failure (expectations.py) is written as <skipped> whose message starts
with "expected FAIL" / "expected ERROR" and names the evidence, and the
testcase carries property expected=true: JUnit has no expected-failure
element, and a CI dashboard should neither count it as a pass nor turn
red on a known peer defect.
"""

import xml.etree.ElementTree as ET

# XML 1.0 forbids most C0 controls; serial consoles produce them.
_BAD = {c: None for c in range(0x20) if c not in (0x9, 0xA, 0xD)}


def _clean(s):
    return (s or "").translate(_BAD)


def _time(v):
    return "%.3f" % (v or 0.0)


def build(results):
    root = ET.Element("testsuites", name="pvspec conformance")
    tot = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for run in results["runs"]:
        suite_name = "%s-%s" % (run["tier"], run["target"])
        c = {"tests": len(run["tests"]), "failures": 0, "errors": 0, "skipped": 0}
        suite = ET.SubElement(root, "testsuite", name=suite_name,
                              timestamp=run.get("started") or results["generated"],
                              time=_time(run.get("duration_s")))
        props = ET.SubElement(suite, "properties")
        for k in ("tier", "target", "peer", "state", "reason", "command"):
            if run.get(k):
                ET.SubElement(props, "property", name=k, value=_clean(str(run[k])))
        for t in run["tests"]:
            case = ET.SubElement(suite, "testcase",
                                 classname="%s.%s" % (suite_name, t.get("chapter", "")),
                                 name=_clean(t["name"]), time="0")
            if t["reqs"]:
                cp = ET.SubElement(case, "properties")
                ET.SubElement(cp, "property", name="requirements",
                              value=" ".join(t["reqs"]))
                if t.get("expected"):
                    ET.SubElement(cp, "property", name="expected", value="true")
            body = _clean("\n".join(t.get("diag", [])))
            msg = _clean(t.get("reason", ""))
            if t.get("expected"):
                c["skipped"] += 1
                el = ET.SubElement(case, "skipped", message=_clean(
                    "expected %s (known peer behaviour): %s"
                    % (t["status"], t.get("expectation", ""))))
                el.text = body or None
            elif t["status"] == "FAIL":
                c["failures"] += 1
                el = ET.SubElement(case, "failure", type="FAIL",
                                   message=msg or "test failed")
                el.text = body or None
            elif t["status"] == "ERROR":
                c["errors"] += 1
                el = ET.SubElement(case, "error", type="ERROR",
                                   message=msg or "test could not run")
                el.text = body or None
            elif t["status"] == "SKIP":
                c["skipped"] += 1
                ET.SubElement(case, "skipped", message=msg)
            elif body:
                ET.SubElement(case, "system-out").text = body
        for k, v in c.items():
            suite.set(k, str(v))
            tot[k] += v
    for k, v in tot.items():
        root.set(k, str(v))
    return ET.ElementTree(root)


def write(results, path):
    tree = build(results)
    ET.indent(tree)
    tree.write(path, encoding="utf-8", xml_declaration=True)
