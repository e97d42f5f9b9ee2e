# SPDX-License-Identifier: GPL-2.0-only
"""reqlib - parse requirement macros out of the pvspec LaTeX chapters.

Shared by extract_reqs.py, trace.py and ballot.py.  Python 3 standard
library only.  See docs/conventions.md section 1 for the ID scheme.
"""
import os
import re

LEVELS = ("MUST", "MUST NOT", "SHOULD", "SHOULD NOT", "MAY")

# AREA -> chapters (file stems under spec/chapters/) that may hold it
AREA_CHAPTERS = {
    "FEAT": ("features",),
    "VQP": ("packed-ring",),
    "VQS": ("split-ring",),
    "KPV": ("kvm-pv",),
    "PVT": ("pv-timer", "kvm-pv"),
    "RTP": ("rt-profile", "kvm-pv"),
    "VMC": ("vm-creation", "kvm-pv"),
}
# AREA -> permitted TARGETs
AREA_TARGETS = {
    "FEAT": ("DRV", "DEV"),
    "VQP": ("DRV", "DEV"),
    "VQS": ("DRV", "DEV"),
    "KPV": ("GST", "HST"),
    "PVT": ("GST", "HST"),
    "RTP": ("GST", "HST"),
    "VMC": ("GST", "HST"),
}
# Chapter order of spec/pvspec.tex; other files follow in name order.
CHAPTER_ORDER = ("conventions", "features", "packed-ring", "split-ring",
                 "kvm-pv", "pv-timer", "rt-profile", "vm-creation",
                 "conformance")

ID_RE = re.compile(r"^([A-Z]+)-([A-Z]+)-([0-9]{3})$")
CMD_RE = re.compile(r"\\(chapter|section|subsection|subsubsection|reqwithdrawn|req)"
                    r"(?![A-Za-z@])(\*?)")


class SpecError(Exception):
    """A list of 'file:line: message' strings."""

    def __init__(self, errors):
        super().__init__("\n".join(errors))
        self.errors = errors


def strip_comments(text):
    """Remove TeX comments (an unescaped % to end of line), keeping the
    newline so that line numbers stay right."""
    out = []
    for line in text.split("\n"):
        i = 0
        cut = len(line)
        while i < len(line):
            c = line[i]
            if c == "\\":
                i += 2
                continue
            if c == "%":
                cut = i
                break
            i += 1
        out.append(line[:cut])
    return "\n".join(out)


def read_group(text, pos, open_ch="{", close_ch="}"):
    """Return (content, end) of the balanced group starting at text[pos]
    (after optional white space), or (None, pos) if there is none."""
    i = pos
    while i < len(text) and text[i] in " \t\n":
        i += 1
    if i >= len(text) or text[i] != open_ch:
        return None, pos
    depth = 0
    j = i
    while j < len(text):
        c = text[j]
        if c == "\\":
            j += 2
            continue
        if c == open_ch:
            depth += 1
        elif c == close_ch:
            depth -= 1
            if depth == 0:
                return text[i + 1:j], j + 1
        j += 1
    return None, pos


_SIMPLE_ARG_CMDS = ("field", "flag", "texttt", "emph", "textbf", "textit",
                    "textsc", "reqref", "mbox", "textsf", "url", "ref",
                    "text", "mathbf", "mathrm", "hyperref")


def detex(s):
    """Plain text of a short LaTeX fragment (requirement text, titles)."""
    s = s.replace("\\\\", " ")
    # \ref{x} -> x is meaningless in plain text; keep a marker
    s = re.sub(r"\\(?:page)?ref\{([^{}]*)\}", r"[\1]", s)
    s = re.sub(r"\\hyperref\[[^\]]*\]", "", s)
    for _ in range(4):
        s = re.sub(r"\\(?:%s)\*?\{([^{}]*)\}" % "|".join(_SIMPLE_ARG_CMDS), r"\1", s)
    s = re.sub(r"\\(?:ldots|dots)(?![A-Za-z])", "...", s)
    s = re.sub(r"\\(?:le|leq)(?![A-Za-z])", "<=", s)
    s = re.sub(r"\\(?:ge|geq)(?![A-Za-z])", ">=", s)
    s = re.sub(r"\\(?:ne|neq)(?![A-Za-z])", "!=", s)
    s = re.sub(r"\\times(?![A-Za-z])", "x", s)
    s = re.sub(r"\\(?:enspace|quad|qquad|,|;| )", " ", s)
    s = re.sub(r"\\([_%&#${}])", r"\1", s)
    s = re.sub(r"\\[A-Za-z@]+\*?", "", s)
    s = s.replace("~", " ").replace("$", "").replace("{", "").replace("}", "")
    s = s.replace("``", '"').replace("''", '"').replace("---", "-").replace("--", "-")
    return re.sub(r"\s+", " ", s).strip()


def chapter_files(chapters_dir):
    """Chapter files in document order."""
    names = [f[:-4] for f in os.listdir(chapters_dir) if f.endswith(".tex")]
    known = [c for c in CHAPTER_ORDER if c in names]
    rest = sorted(n for n in names if n not in CHAPTER_ORDER)
    return [os.path.join(chapters_dir, n + ".tex") for n in known + rest]


def parse_file(path, display=None):
    """Requirements of one chapter file, unchecked: a list of dicts with
    id, level, text, withdrawn, section, chapter, file, line."""
    display = display or path
    with open(path, encoding="utf-8") as f:
        text = strip_comments(f.read())
    chapter = os.path.splitext(os.path.basename(path))[0]
    heads = {"chapter": "", "section": "", "subsection": "", "subsubsection": ""}
    order = ("chapter", "section", "subsection", "subsubsection")
    reqs = []
    errors = []
    for m in CMD_RE.finditer(text):
        cmd = m.group(1)
        line = text.count("\n", 0, m.start()) + 1
        pos = m.end()
        if cmd in heads:
            _, pos2 = read_group(text, pos, "[", "]")
            title, _ = read_group(text, pos2)
            if title is None:
                continue
            heads[cmd] = detex(title)
            for lower in order[order.index(cmd) + 1:]:
                heads[lower] = ""
            continue
        nargs = 3 if cmd == "req" else 2
        args = []
        for _ in range(nargs):
            a, pos = read_group(text, pos)
            if a is None:
                break
            args.append(a)
        if len(args) != nargs:
            errors.append("%s:%d: \\%s needs %d brace arguments" % (display, line, cmd, nargs))
            continue
        section = " / ".join(heads[k] for k in order if heads[k])
        if cmd == "req":
            rid, level, body = args
            withdrawn = False
        else:
            rid, body = args
            level = ""
            withdrawn = True
        reqs.append({"id": rid.strip(), "level": " ".join(level.split()),
                     "text": detex(body), "withdrawn": withdrawn,
                     "section": section, "chapter": chapter,
                     "file": display, "line": line})
    return reqs, errors


def check(reqs):
    """Validate IDs, levels, areas, targets, duplicates and gaps."""
    errors = []
    seen = {}
    for r in reqs:
        where = "%s:%d" % (r["file"], r["line"])
        m = ID_RE.match(r["id"])
        if not m:
            errors.append("%s: malformed requirement ID '%s' (want AREA-TARGET-NNN)" % (where, r["id"]))
            continue
        area, target, num = m.groups()
        r["area"], r["target"] = area, target
        if area not in AREA_CHAPTERS:
            errors.append("%s: %s: unknown area %s" % (where, r["id"], area))
            continue
        if target not in AREA_TARGETS[area]:
            errors.append("%s: %s: target %s is not valid for area %s (want %s)"
                          % (where, r["id"], target, area, "/".join(AREA_TARGETS[area])))
        if r["chapter"] not in AREA_CHAPTERS[area]:
            errors.append("%s: %s: area %s does not belong in chapter %s (it belongs in %s)"
                          % (where, r["id"], area, r["chapter"], " or ".join(AREA_CHAPTERS[area])))
        if num == "000":
            errors.append("%s: %s: numbers start at 001" % (where, r["id"]))
        if not r["withdrawn"] and r["level"] not in LEVELS:
            errors.append("%s: %s: unknown level '%s' (want one of %s)"
                          % (where, r["id"], r["level"], ", ".join(LEVELS)))
        if not r["text"]:
            errors.append("%s: %s: empty text" % (where, r["id"]))
        if r["id"] in seen:
            errors.append("%s: %s: duplicate ID (first at %s)" % (where, r["id"], seen[r["id"]]))
        else:
            seen[r["id"]] = where
    # IDs are allocated in sequence and never deleted: no gaps.
    groups = {}
    for rid in seen:
        a, t, n = rid.split("-")
        groups.setdefault((a, t), set()).add(int(n))
    for (a, t), nums in sorted(groups.items()):
        for n in range(1, max(nums) + 1):
            if n not in nums:
                errors.append("%s-%s-%03d: missing; a requirement that no longer applies "
                              "stays in the source as \\reqwithdrawn" % (a, t, n))
    return errors


def extract(chapters_dir, display_prefix=None):
    """All requirements of a chapters directory, checked.  Raises SpecError."""
    reqs, errors = [], []
    for path in chapter_files(chapters_dir):
        disp = path
        if display_prefix is not None:
            disp = os.path.join(display_prefix, os.path.basename(path))
        r, e = parse_file(path, disp)
        reqs += r
        errors += e
    errors += check(reqs)
    if errors:
        raise SpecError(errors)
    out = []
    for r in reqs:
        out.append({"id": r["id"], "area": r["area"], "target": r["target"],
                    "level": r["level"], "section": r["section"],
                    "chapter": r["chapter"], "text": r["text"],
                    "withdrawn": r["withdrawn"], "file": r["file"], "line": r["line"]})
    return out
