#!/usr/bin/env bash
# vmalock quick start: install what is missing, build, analyse, report.
#   scripts/quickstart.sh [-o DIR]
# Analyses the bundled kernel-shaped example (testdata/example/) with the
# bundled Linux 6.12 spec and leaves DIR/vmalock.db and DIR/report.html
# (DIR defaults to ./quickstart).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

out=quickstart
while (($#)); do
	case "$1" in
	-o) out=$2; shift 2 ;;
	-h|--help) sed -n '2,6p' "$0"; exit 0 ;;
	*) echo "quickstart.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

jobs=$(nproc 2>/dev/null || echo 2)
echo "[1/4] checking dependencies" >&2
scripts/install-deps.sh
echo "[2/4] building" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null

mkdir -p "$out"
out=$(cd "$out" && pwd)
db=$out/vmalock.db
rm -f "$db" "$db-wal" "$db-shm"
echo "[3/4] analysing testdata/example with the bundled Linux 6.12 spec" >&2
clang=/usr/lib/llvm-19/bin/clang
n=0
for f in testdata/example/*.c; do
	n=$((n + 1))
	echo "      $f" >&2
	# Warnings are findings: the compile itself must succeed.
	"$clang" -c -o /dev/null -I testdata/include \
		-fplugin="$top/build/vmalock.so" -fplugin-arg-vmalock-db="$db" \
		"$f" 2>/dev/null
done
echo "[4/4] writing the report" >&2
build/vmalock report --format html -o "$out/report.html" "$db"
build/vmalock report --format text "$db"
count=$(sqlite3 "$db" 'select count(*) from findings')
echo >&2
echo "vmalock: $count findings in $n files" >&2
sqlite3 "$db" 'select "  " || checker || ": " || count(*) from findings group by checker order by checker' >&2
echo "database: $db" >&2
echo "report:   $out/report.html" >&2
