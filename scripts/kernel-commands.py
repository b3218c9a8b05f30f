#!/usr/bin/env python3
"""Print the compile command of every C file kbuild compiles in DIRS.

    kernel-commands.py TREE DIR...

TREE is a configured and prepared kernel tree.  An object already built
has its command in its .NAME.o.cmd file (savedcmd_...); for the others,
"make -n DIR/" prints the commands it would run (a dry run: nothing is
compiled).  Each output line is "FILE<TAB>COMMAND", COMMAND a shell
command to run from TREE with -c -o and the dependency-file flag taken
out: scripts/sweep-kernel.sh adds -fsyntax-only and the plugin.
"""
import glob
import os
import re
import subprocess
import sys

# The compiler call inside a kbuild command, up to its source file.
COMPILE = re.compile(r"(clang(?:-\d+)? .*? -c -o (\S+\.o) (\S+\.c))(?=\s|$)")


def syntax_only(cmd, obj):
    cmd = re.sub(r" -Wp,-MMD,\S+", "", cmd)
    # Plugins of the build that made the .cmd files (KCFLAGS) are not
    # the one swept, and must not write to their databases.
    cmd = re.sub(r" -fplugin(?:-arg-[\w-]+)?(?:=\S*)?", "", cmd)
    return cmd.replace(" -c -o %s " % obj, " ")


def from_cmd_files(tree, d, found):
    for path in glob.glob(os.path.join(tree, d, "**", ".*.o.cmd"),
                          recursive=True):
        with open(path, errors="replace") as f:
            first = f.readline()
        m = COMPILE.search(first)
        if m and first.startswith("savedcmd_"):
            found.setdefault(m.group(3), syntax_only(m.group(1), m.group(2)))


def from_dry_run(tree, d, found):
    out = subprocess.run(["make", "LLVM=-19", "-n", d.rstrip("/") + "/"],
                         cwd=tree, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True,
                         errors="replace").stdout
    for line in out.splitlines():
        for m in COMPILE.finditer(line):
            found.setdefault(m.group(3), syntax_only(m.group(1), m.group(2)))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip())
    tree, dirs = sys.argv[1], sys.argv[2:]
    found = {}
    for d in dirs:
        from_cmd_files(tree, d, found)
        from_dry_run(tree, d, found)
    for path in sorted(found):
        if any(path.startswith(d.rstrip("/") + "/") for d in dirs):
            print("%s\t%s" % (path, found[path]))


main()
