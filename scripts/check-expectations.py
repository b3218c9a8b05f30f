#!/usr/bin/env python3
"""Check that every expectation in the self-checking tests can fail.

For each C test under testdata/ whose RUN lines use %check (clang -verify
through the plugin), remove one expected-warning/error/note mark at a time
and run the test's %check lines on the changed copy: at least one must
fail.  A mark whose removal changes nothing is a test that cannot fail.

usage: check-expectations.py BUILD_DIR SOURCE_DIR [FILE ...]
"""
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile

MARK = re.compile(r"\b[a-z]+-(?:warning|error|note)(?:@[-+]?\d+)?\s*\{\{.*?\}\}")
RUN = re.compile(r"//\s*RUN:\s*(%checkp?\b.*)$")


def load_site(build_dir):
    """The tool paths written by CMake into lit.site.cfg.py."""
    site = {}

    class Config:
        pass

    class LitConfig:
        def load_config(self, config, path):
            pass

    config = Config()
    path = os.path.join(build_dir, "testdata", "lit.site.cfg.py")
    with open(path) as f:
        code = f.read()
    exec(code, {"config": config, "lit_config": LitConfig()})
    site["clang"] = config.vmalock_clang
    site["plugin"] = config.vmalock_plugin
    site["annotations"] = config.vmalock_annotations
    site["preload"] = getattr(config, "vmalock_preload", "")
    return site


def commands(path, text, site, src_dir):
    inc = os.path.join(src_dir, "testdata", "include")
    plain = "%s -fsyntax-only -I %s -I %s -fplugin=%s" % (
        site["clang"], inc, site["annotations"], site["plugin"])
    check = plain + " -Xclang -verify"
    cmds = []
    for line in text.splitlines():
        m = RUN.search(line)
        if not m:
            continue
        cmd = m.group(1).replace("%checkp", plain).replace("%check", check)
        cmd = cmd.replace("%S", os.path.dirname(os.path.abspath(path)))
        cmd = cmd.replace("%kinc", inc)
        cmds.append(cmd)
    return cmds


ENV = dict(os.environ)


def run_all(cmds, file_path):
    """True if every command passes on file_path."""
    for cmd in cmds:
        r = subprocess.run(cmd.replace("%s", file_path), shell=True,
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=ENV)
        if r.returncode != 0:
            return False
    return True


def check_file(path, site, src_dir):
    with open(path) as f:
        text = f.read()
    cmds = commands(path, text, site, src_dir)
    # Known gaps (XFAIL) fail as they are, by design.
    if not cmds or re.search(r"//\s*XFAIL:", text):
        return []
    problems = []
    if not run_all(cmds, path):
        return ["%s: fails as it is" % path]
    marks = list(MARK.finditer(text))
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, os.path.basename(path))
        for m in marks:
            with open(copy, "w") as f:
                f.write(text[:m.start()] + text[m.end():])
            if run_all(cmds, copy):
                line = text.count("\n", 0, m.start()) + 1
                problems.append("%s:%d: still passes without %s" %
                                (path, line, m.group(0)[:70]))
    return problems


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    build_dir, src_dir = sys.argv[1], sys.argv[2]
    site = load_site(build_dir)
    if site["preload"]:
        ENV["LD_PRELOAD"] = site["preload"]
        ENV["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"
    files = sys.argv[3:]
    if not files:
        for root, dirs, names in os.walk(os.path.join(src_dir, "testdata")):
            dirs[:] = [d for d in dirs if d not in ("Inputs", "include",
                                                    "unit", "example")]
            files += [os.path.join(root, n) for n in names if n.endswith(".c")]
    files.sort()
    problems = []
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for result in ex.map(lambda p: check_file(p, site, src_dir), files):
            problems += result
    for p in problems:
        print(p)
    nmarks = sum(len(MARK.findall(open(p).read())) for p in files)
    print("check-expectations: %d files, %d marks, %d problems" %
          (len(files), nmarks, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
