#!/usr/bin/env bash
# Run the plugin (syntax only) over every C file kbuild compiles in the
# given directories of a configured and prepared kernel tree, and report
# crashes, errors and timings.  Exit status 0 when nothing crashed or
# timed out.
#
#   scripts/sweep-kernel.sh [-j N] [-o OUT] [--timeout S] TREE [DIR...]
#
# DIRs default to mm kernel fs.  Each file's command is kbuild's own
# (scripts/kernel-commands.py: .o.cmd files, else "make -n"), with
# -fsyntax-only and -fplugin=build/vmalock.so storing into OUT/sweep.db.
# Runs at low priority (nice 19).  A crash is a compiler killed by a
# signal or printing "PLEASE submit a bug report"; an error is any other
# failure (such as a file that does not compile in this configuration).
# OUT (default build/sweep) gets results.tsv (status, wall and CPU ms,
# file), one log per file that failed, and summary.txt.  Not part of any
# test tier: it needs a kernel tree (docs/reliability.md has the figures).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

jobs=$(nproc 2>/dev/null || echo 2)
out=$here/build/sweep
limit=600
while (($#)); do
	case "$1" in
	-j) jobs=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	--timeout) limit=$2; shift 2 ;;
	-h|--help) sed -n '2,17p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
(($#)) || { sed -n '2,17p' "$0" >&2; exit 2; }
tree=$(cd "$1" && pwd)
shift
dirs=("$@")
((${#dirs[@]})) || dirs=(mm kernel fs)

plugin=$here/build/vmalock.so
[[ -f $plugin ]] || { echo "sweep: no $plugin: build first" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/logs" "$out"/sweep.db* "$out/results.tsv"
mkdir -p "$out/logs"

echo "sweep: collecting the compile commands of ${dirs[*]}" >&2
python3 "$here/scripts/kernel-commands.py" "$tree" "${dirs[@]}" > "$out/commands.tsv"
total=$(wc -l < "$out/commands.tsv")
echo "sweep: $total files, $jobs at a time" >&2

# One file: its line number in commands.tsv.  Appends "status wall-ms
# cpu-ms file": CPU time (user + system, of clang and its children) is
# what the file costs; wall time also counts waiting for a CPU.
sweep_one() {
	local n=$1 file cmd log rc=0 status wall user sys
	IFS=$'\t' read -r file cmd < <(sed -n "${n}p" "$out/commands.tsv")
	log=$out/logs/$n.log
	local TIMEFORMAT='%R %U %S'
	# (The inner braces keep the redirections from hiding time's report.)
	{ time { (cd "$tree" && timeout "$limit" bash -c "$cmd \
		-fsyntax-only -fplugin=$plugin \
		-fplugin-arg-vmalock-db=$out/sweep.db \
		-fplugin-arg-vmalock-root=$tree $file") > "$log" 2>&1 \
		|| rc=$?; }; } 2> "$log.time"
	read -r wall user sys < "$log.time"
	rm -f "$log.time"
	if ((rc == 124)); then
		status=timeout
	elif ((rc > 128)) || grep -q -e 'PLEASE submit a bug report' \
			-e '^Stack dump:' -e 'command failed due to signal' \
			"$log"; then
		status=crash
	elif ((rc != 0)); then
		status=error
	else
		status=ok
	fi
	[[ $status == ok ]] && rm -f "$log"
	awk -v s="$status" -v w="$wall" -v u="$user" -v y="$sys" -v f="$file" \
		'BEGIN { printf "%s\t%d\t%d\t%s\n", s, w * 1000, (u + y) * 1000, f }' \
		>> "$out/results.tsv"
}
export -f sweep_one
export out tree plugin limit

began=$(date +%s)
seq 1 "$total" | nice -n 19 xargs -P "$jobs" -I @@ bash -c 'sweep_one @@'
elapsed=$(($(date +%s) - began))

{
	echo "tree: $tree (${dirs[*]})"
	echo "files: $total, wall time: ${elapsed} s with $jobs jobs"
	for s in ok error timeout crash; do
		printf '%s: %d\n' "$s" "$(awk -F'\t' -v s=$s '$1 == s' "$out/results.tsv" | wc -l)"
	done
	awk -F'\t' '{ w += $2; c += $3 } END { printf "compile time: %.1f s CPU in all, %.2f s CPU per file (%.2f s wall per file)\n", c / 1000, NR ? c / 1000 / NR : 0, NR ? w / 1000 / NR : 0 }' "$out/results.tsv"
	echo "slowest (CPU):"
	sort -t$'\t' -k3,3nr "$out/results.tsv" | head -10 | awk -F'\t' '{ printf "  %6.2f s  %s\n", $3 / 1000, $4 }'
	awk -F'\t' '$1 != "ok" { print "  " $1 ": " $4 }' "$out/results.tsv" | sort
} | tee "$out/summary.txt"
! grep -q '^crash' "$out/results.tsv" && ! grep -q '^timeout' "$out/results.tsv"
