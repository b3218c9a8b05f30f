#!/usr/bin/env bash
# Measure what vmalock costs on a real kernel, side by side in one run.
#   scripts/bench-kernel.sh [-j N] [-r N] [-o OUT] [--sparse] TREE [DIR...]
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
# -r N (default 1) runs every file N times, each pair in the other order
# on every second round: on a virtual machine one compile's CPU time
# varies by tens of percent, so one round's ratio moves by a few.
# Prints the ratios of the totals and the median of the files' ratios;
# OUT (default build/bench) keeps bench.tsv and the logs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

jobs=$(nproc 2>/dev/null || echo 2)
rounds=1
out=$here/build/bench
sparse=0
while (($#)); do
	case "$1" in
	-j) jobs=$2; shift 2 ;;
	-r) rounds=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	--sparse) sparse=1; shift ;;
	-h|--help) sed -n '2,18p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench: -r needs a positive count" >&2; exit 2; }
(($#)) || { sed -n '2,18p' "$0" >&2; exit 2; }
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
echo "bench: $total files of ${dirs[*]}, $jobs at a time, $rounds round(s)" >&2

# One file in one round, the four configurations in turn, each plain one
# next to its plugin one, which comes first on odd rounds:
# "config cpu-s peak-kB file".
bench_one() {
	local round=$1 n=$2 file cmd obj
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
	pair() {
		if ((round % 2)); then
			run "$1+plugin" "$3"
			run "$1" "$2"
		else
			run "$1" "$2"
			run "$1+plugin" "$3"
		fi
	}
	pair compile "-c -o $obj" "-c -o $obj -fplugin=$plugin -fplugin-arg-vmalock-db=$out/compile.db"
	pair syntax "-fsyntax-only" "-fsyntax-only -fplugin=$plugin -fplugin-arg-vmalock-db=$out/analysis.db"
	rm -f "$obj"
}
export -f bench_one
export out tree plugin
for ((r = 0; r < rounds; r++)); do
	seq "$total" | xargs -P "$jobs" -I{} bash -c "bench_one $r {}" >> "$out/bench.tsv"
done

sum() { awk -F'\t' -v c="$1" '$1 == c { t += $2 } END { printf "%.1f", t }' "$out/bench.tsv"; }
# The median over files of (CPU with the plugin) / (CPU without), each
# file's times summed over the rounds: what one file typically costs,
# less moved by the compiles that the machine slowed down.
median() {
	awk -F'\t' -v a="$1" -v b="$1+plugin" '
		$1 == a { x[$4] += $2 } $1 == b { y[$4] += $2 }
		END { for (f in x) if (x[f] > 0) print y[f] / x[f] }' \
		"$out/bench.tsv" | sort -g |
		awk '{ v[NR] = $1 } END {
			if (NR % 2) printf "%.3f", v[(NR + 1) / 2]
			else printf "%.3f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
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
	echo "files: $total (${dirs[*]}), $jobs at a time, $rounds round(s); CPU seconds (user + system)"
	printf 'compile:        %8s s   with plugin and store: %8s s   x%s (median of files x%s)\n' "$c" "$cp" "$(ratio "$cp" "$c")" "$(median compile)"
	printf 'syntax only:    %8s s   with plugin (analysis): %7s s   x%s (median of files x%s)\n' "$s" "$sp" "$(ratio "$sp" "$s")" "$(median syntax)"
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
		"$sp_t" "$m" "$(ratio "$(echo "scale=3; $sp / $rounds" | bc)" "$sp_t")" | tee -a "$out/summary.txt"
fi
