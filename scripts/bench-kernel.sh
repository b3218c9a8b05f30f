#!/usr/bin/env bash
# Measure what vmalock costs on a real kernel, side by side in one run.
#   scripts/bench-kernel.sh [-j N] [-o OUT] [--sparse] TREE [DIR...]
# For every C file kbuild compiles in DIRs (default mm) of a configured
# and prepared tree (scripts/kernel-prepare.sh), with kbuild's own
# command (scripts/kernel-commands.py), runs one after the other:
#   compile        clang-19 -c (plain)
#   compile+plugin clang-19 -c with the plugin and a database
#   syntax         clang-19 -fsyntax-only (plain)
#   syntax+plugin  clang-19 -fsyntax-only with the plugin (analysis only)
# and records CPU time (user + system) and peak memory of each; then
# "vmalock link" and "vmalock report" on the analysis database.  With
# --sparse, also "make C=2" (Debian's sparse) over the same directories.
# Prints ratios; OUT (default build/bench) keeps bench.tsv and the logs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

jobs=$(nproc 2>/dev/null || echo 2)
out=$here/build/bench
sparse=0
while (($#)); do
	case "$1" in
	-j) jobs=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	--sparse) sparse=1; shift ;;
	-h|--help) sed -n '2,15p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
(($#)) || { sed -n '2,15p' "$0" >&2; exit 2; }
tree=$(cd "$1" && pwd)
shift
dirs=("$@")
((${#dirs[@]})) || dirs=(mm)

plugin=$here/build/vmalock.so
[[ -f $plugin ]] || { echo "bench: no $plugin: build first" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out"/*.db* "$out/bench.tsv" "$out/obj"
mkdir -p "$out/obj"

python3 "$here/scripts/kernel-commands.py" "$tree" "${dirs[@]}" > "$out/commands.tsv"
total=$(wc -l < "$out/commands.tsv")
echo "bench: $total files of ${dirs[*]}, $jobs at a time" >&2

# One file, the four configurations in turn: "config cpu-s peak-kB file".
bench_one() {
	local n=$1 file cmd obj
	IFS=$'\t' read -r file cmd < <(sed -n "${n}p" "$out/commands.tsv")
	obj=$out/obj/$n.o
	run() {
		local name=$1
		shift
		/usr/bin/time -f "%U %S %M" -o "$out/obj/$n.time" \
			bash -c "cd '$tree' && $cmd $*" >/dev/null 2>&1 || true
		read -r u s m < "$out/obj/$n.time"
		printf '%s\t%s\t%s\t%s\n' "$name" \
			"$(echo "$u + $s" | bc)" "$m" "$file"
	}
	run compile "-c -o $obj"
	run compile+plugin "-c -o $obj -fplugin=$plugin -fplugin-arg-vmalock-db=$out/compile.db"
	run syntax "-fsyntax-only"
	run syntax+plugin "-fsyntax-only -fplugin=$plugin -fplugin-arg-vmalock-db=$out/analysis.db"
	rm -f "$obj"
}
export -f bench_one
export out tree plugin
seq "$total" | xargs -P "$jobs" -I{} bash -c 'bench_one {}' >> "$out/bench.tsv"

sum() { awk -F'\t' -v c="$1" '$1 == c { t += $2 } END { printf "%.1f", t }' "$out/bench.tsv"; }
peak() { awk -F'\t' -v c="$1" '$1 == c && $3 > m { m = $3 } END { print m }' "$out/bench.tsv"; }
ratio() { echo "scale=3; $1 / $2" | bc; }
c=$(sum compile); cp=$(sum compile+plugin); s=$(sum syntax); sp=$(sum syntax+plugin)

echo "== link and report on the analysis database" >&2
/usr/bin/time -f "%e %M" -o "$out/link.time" \
	"$here/build/vmalock" link "$out/analysis.db" > "$out/link.log" 2>&1
read -r lt lm < "$out/link.time"
/usr/bin/time -f "%e %M" -o "$out/report.time" \
	"$here/build/vmalock" report --no-link --format html \
	-o "$out/report.html" "$out/analysis.db"
read -r rt rm_ < "$out/report.time"

{
	echo "files: $total (${dirs[*]}), $jobs at a time; CPU seconds (user + system)"
	printf 'compile:        %8s s   with plugin and store: %8s s   x%s\n' "$c" "$cp" "$(ratio "$cp" "$c")"
	printf 'syntax only:    %8s s   with plugin (analysis): %7s s   x%s\n' "$s" "$sp" "$(ratio "$sp" "$s")"
	printf 'peak memory:    compile %s kB, with plugin %s kB; syntax %s kB, with plugin %s kB\n' \
		"$(peak compile)" "$(peak compile+plugin)" "$(peak syntax)" "$(peak syntax+plugin)"
	printf 'link:           %s s, %s kB (%s)\n' "$lt" "$lm" "$(tail -1 "$out/link.log")"
	printf 'report (html):  %s s, %s kB\n' "$rt" "$rm_"
} | tee "$out/summary.txt"

if ((sparse)); then
	command -v sparse >/dev/null || "$here/scripts/install-deps.sh" sparse
	targets=()
	for d in "${dirs[@]}"; do targets+=("${d%/}/"); done
	# Bring the objects up to date first (their flags may differ from
	# the last build), so that the timed run below only checks.
	make -C "$tree" -s LLVM=-19 -j"$jobs" "${targets[@]}" > /dev/null 2>&1 || true
	/usr/bin/time -f "%U %S %M" -o "$out/sparse.time" \
		make -C "$tree" -s LLVM=-19 -j"$jobs" C=2 CHECK=sparse \
		"${targets[@]}" > "$out/sparse.log" 2>&1 || true
	read -r u s_ m < "$out/sparse.time"
	# make C=2 checks every file; nothing is left to compile, so its
	# CPU time is sparse's (and make's own, which is small).
	sp_t=$(echo "$u + $s_" | bc)
	printf 'sparse (C=2):   %8s s CPU, make peak %s kB; vmalock analysis only / sparse: x%s\n' \
		"$sp_t" "$m" "$(ratio "$sp" "$sp_t")" | tee -a "$out/summary.txt"
fi
