#!/usr/bin/env python3
"""Update the expected-* texts of -verify tests to what the tool prints.

After a deliberate change of wording, run the failing tests through this
script: where a line has exactly one expectation of a kind that was not
seen and exactly one diagnostic of that kind that was not expected, the
expectation's text is replaced by the diagnostic's.  Everything else is
left alone and listed.  Review the result with git diff: blessing a wrong
message is a bug.

usage: bless.py BUILD_DIR TEST.c [TEST.c ...]
"""
import os
import re
import subprocess
import sys

HEAD = re.compile(r"error: '([a-z]+-\w+)' diagnostics (expected but not seen|seen but not expected):")
ITEM = re.compile(r"  File (\S+) Line (\d+)(?: \(directive at (\S+):(\d+)\))?: (.*)$")


def load_ce():
    sys.path.insert(0, os.path.dirname(__file__))
    import importlib
    return importlib.import_module("check-expectations")


def run_commands(build_dir, path):
    """The %check RUN lines of a test."""
    ce = load_ce()
    site = ce.load_site(build_dir)
    src = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return ce.commands(path, open(path).read(), site, src)


def run_verify(cmd, path):
    r = subprocess.run(cmd.replace("%s", path), shell=True,
                       capture_output=True, text=True)
    return r.stderr


def parse(out):
    missing, extra = {}, {}
    kind = which = None
    for line in out.splitlines():
        m = HEAD.search(line)
        if m:
            kind = m.group(1)
            which = missing if m.group(2).startswith("expected") else extra
            continue
        m = ITEM.match(line)
        if m and kind:
            f, n = m.group(1), int(m.group(2))
            dline = int(m.group(4)) if m.group(4) else n
            which.setdefault((f, dline if which is missing else n, kind),
                             []).append(m.group(5))
        elif not line.startswith("  "):
            kind = None
    return missing, extra


def bless(build_dir, path):
    changed, left = 0, []
    # One RUN line at a time: variants (-D...) expect different things.
    for cmd in run_commands(build_dir, path):
        c, l = bless_one(cmd, path)
        changed += c
        left += l
    return changed, sorted(set(left))


def bless_one(cmd, path):
    out = run_verify(cmd, path)
    missing, extra = parse(out)
    lines = open(path).read().split("\n")
    changed, left = 0, []
    for (f, n, kind), texts in missing.items():
        seen = extra.get((f, n, kind), [])
        if os.path.abspath(f) != os.path.abspath(path):
            continue
        if len(texts) != 1 or len(seen) != 1:
            left.append("%s:%d: %s: %d expected, %d seen" %
                        (path, n, kind, len(texts), len(seen)))
            continue
        old, new = texts[0], seen[0]
        i = n - 1
        tok = "%s {{%s}}" % (kind, old)
        if tok not in lines[i]:
            left.append("%s:%d: cannot find the expectation" % (path, n))
            continue
        lines[i] = lines[i].replace(tok, "%s {{%s}}" % (kind, new), 1)
        changed += 1
    for (f, n, kind), seen in extra.items():
        if (f, n, kind) not in missing:
            left.append("%s:%d: %s seen, not expected: %s" %
                        (path, n, kind, seen[0][:100]))
    if changed:
        open(path, "w").write("\n".join(lines))
    return changed, left


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    total = 0
    for path in sys.argv[2:]:
        changed, left = bless(sys.argv[1], path)
        total += changed
        for l in left:
            print(l)
    print("bless: %d expectations updated" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main())
