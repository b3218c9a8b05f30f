#!/usr/bin/env bash
# Build vmalock and run its tests: C unit tests and the lit suite (ctest).
#   scripts/test.sh              the default tier (minutes)
#   scripts/test.sh --sanitize   also: ASan+UBSan build running the suite
#   scripts/test.sh --fuzz       also: libFuzzer run of the spec parser for
#                                VMALOCK_FUZZ_SECONDS (default 60) seconds
#   scripts/test.sh --all        every tier (also: chromium, for the
#                                HTML report's screenshot test)
#   scripts/test.sh --no-kernel  skip fetching the Linux 6.12 tree (the
#                                kbuild test is then skipped)
# Installs missing Debian packages first (scripts/install-deps.sh) and
# prepares Linux 6.12 in build/kernel (scripts/kernel-prepare.sh) for the
# test that runs the plugin inside a real kbuild.
set -euo pipefail
cd "$(dirname "$0")/.."

sanitize=0
fuzz=0
kernel=1
deps=(--test-tools)
while (($#)); do
	case "$1" in
	--sanitize) sanitize=1 ;;
	--fuzz) fuzz=1 ;;
	--all) sanitize=1; fuzz=1; deps+=(--browser) ;;
	--no-kernel) kernel=0 ;;
	-h|--help) sed -n '2,13p' "$0"; exit 0 ;;
	*) echo "test.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done

jobs=$(nproc 2>/dev/null || echo 2)
((kernel)) && deps+=(--kernel)
# libFuzzer is in clang's runtime package.
((fuzz)) && deps+=(libclang-rt-19-dev)
scripts/install-deps.sh "${deps[@]}"
if ((kernel)); then
	echo "== Linux 6.12 tree" >&2
	scripts/kernel-prepare.sh build/kernel >/dev/null
fi

echo "== build" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== tests" >&2
ctest --test-dir build --output-on-failure -j"$jobs"

if ((sanitize)); then
	echo "== ASan+UBSan build and tests" >&2
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVMALOCK_SANITIZE=ON >/dev/null
	cmake --build build-asan -j"$jobs"
	ctest --test-dir build-asan --output-on-failure -j"$jobs"
fi
if ((fuzz)); then
	# New inputs go to build-fuzz/corpus; fuzz/corpus/spec (kept in the
	# repository) is read only.  A crash leaves its input in
	# build-fuzz/crashes/ and fails the tier.
	seconds=${VMALOCK_FUZZ_SECONDS:-60}
	echo "== libFuzzer: spec parser, ${seconds} s" >&2
	cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_C_COMPILER=/usr/lib/llvm-19/bin/clang \
		-DCMAKE_CXX_COMPILER=/usr/lib/llvm-19/bin/clang++ \
		-DVMALOCK_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j"$jobs" --target spec_fuzzer
	mkdir -p build-fuzz/corpus build-fuzz/crashes
	build-fuzz/spec_fuzzer -max_total_time="$seconds" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix=build-fuzz/crashes/ \
		build-fuzz/corpus fuzz/corpus/spec
fi
echo "== all tests passed" >&2
