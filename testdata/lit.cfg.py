# lit configuration for vmalock's self-checking tests.
#
# Each test is a C file (or a .test script) with RUN lines; C files use
# clang's -verify with "// expected-warning {{...}}" marks.  Paths to the
# tools come from lit.site.cfg.py, written by CMake into the build tree.
import os

import lit.formats

config.name = "vmalock"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".c", ".test"]
config.excludes = ["unit", "include", "example", "Inputs", "CMakeLists.txt",
                   "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.vmalock_build_dir, "lit")

inc = os.path.join(config.test_source_root, "include")
config.substitutions.append(("%clang", config.vmalock_clang))
config.substitutions.append(("%plugin", config.vmalock_plugin))
config.substitutions.append(("%vmalock", config.vmalock_tool))
config.substitutions.append(("%kinc", inc))
config.substitutions.append(("%spec", config.vmalock_spec))
config.substitutions.append(("%annotations", config.vmalock_annotations))
# The usual compile line of a test: syntax only, plugin loaded, -verify.
# %checkp is the same without -verify, for tests that choose their
# prefixes (-Xclang -verify=expected,strict).
compile_line = "%s -fsyntax-only -I %s -I %s -fplugin=%s" % (
    config.vmalock_clang, inc, config.vmalock_annotations,
    config.vmalock_plugin)
config.substitutions.append(("%checkp", compile_line))
config.substitutions.append(("%check", compile_line + " -Xclang -verify"))

# A clang of another major version than the plugin's, if one is
# installed: feature other-clang and %other_clang (plugin/wrong-clang.test).
import glob
import re
own = re.search(r"llvm-(\d+)/", config.vmalock_clang)
for other in sorted(glob.glob("/usr/lib/llvm-*/bin/clang"), reverse=True):
    if own and "/llvm-%s/" % own.group(1) not in other:
        config.available_features.add("other-clang")
        config.substitutions.append(("%other_clang", other))
        break

# File permissions only bind an unprivileged user: as root, %as_user runs
# a command as nobody (if nobody can read the plugin), else it is empty.
# Feature unprivileged when permissions can be tested (store/read-only.test).
import subprocess
if os.geteuid() != 0:
    config.available_features.add("unprivileged")
    config.substitutions.append(("%as_user", ""))
else:
    as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups"
    probe = subprocess.run(as_nobody.split() + ["test", "-r", config.vmalock_plugin],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if probe.returncode == 0:
        config.available_features.add("unprivileged")
        config.substitutions.append(("%as_user", as_nobody))

llvm_bin = config.vmalock_llvm_bin
config.environment["PATH"] = os.pathsep.join(
    [llvm_bin, config.environment.get("PATH", os.environ.get("PATH", ""))])
# A sanitizer build: clang itself is not sanitized, so the runtime is
# preloaded; clang frees nothing at exit by design, so leaks are not
# checked.
if config.vmalock_preload:
    config.environment["LD_PRELOAD"] = config.vmalock_preload
    config.environment["ASAN_OPTIONS"] = "detect_leaks=0:abort_on_error=1"
    config.environment["UBSAN_OPTIONS"] = "halt_on_error=1:print_stacktrace=1"
# Tests must not depend on the caller's run grouping.
config.environment.pop("VMALOCK_RUN", None)

# Optional test tools (scripts/install-deps.sh --test-tools, --browser):
# tests that need one say REQUIRES and are UNSUPPORTED without it.
import shutil
import subprocess

tools_dir = os.path.join(os.path.dirname(config.test_source_root), ".tools")
# Tools that are not ours run without the sanitizer runtime preloaded
# (.NET and chromium abort under it).
no_preload = "env -u LD_PRELOAD -u ASAN_OPTIONS -u UBSAN_OPTIONS "
multitool = os.path.join(tools_dir, "node_modules", ".bin", "sarif-multitool")
if os.access(multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif_multitool", no_preload + multitool))
    # The schema that the multitool ships, for a second, independent check.
    config.substitutions.append(("%sarif_schema", os.path.join(
        tools_dir, "node_modules", "@microsoft", "sarif-multitool-linux",
        "sarif-2.1.0.json")))
    # .NET without ICU: no libicu needed on the machine.
    config.environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"
if subprocess.run(["python3", "-c", "import jsonschema"],
                  capture_output=True).returncode == 0:
    config.available_features.add("jsonschema")
chromium = shutil.which("chromium")
if chromium:
    config.available_features.add("chromium")
    config.substitutions.append(("%chromium", no_preload + chromium))
