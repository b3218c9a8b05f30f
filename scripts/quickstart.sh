#!/usr/bin/env bash
# vmalock quick start: install what is missing, build, analyse, report.
#   scripts/quickstart.sh [-o DIR] [-j N]              Linux 6.12 (default)
#   scripts/quickstart.sh [-o DIR] [-j N] TREE [PATH...] your configured tree
#   scripts/quickstart.sh [-o DIR] --example           the bundled example
# With no tree, fetches Debian's linux-source-6.12, configures and prepares
# it (scripts/kernel-prepare.sh) and analyses mm/ plus kernel/fork.c,
# fs/exec.c, fs/userfaultfd.c, fs/proc/task_mmu.c and arch/x86/mm/fault.c
# inside the kernel's own build.  With TREE, analyses PATH... (directories
# or .c files; default mm/) of that configured and prepared tree.  Leaves
# DIR/vmalock.db and DIR/report.html (DIR defaults to ./quickstart).
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

out=quickstart
example=0
jobs=$(nproc 2>/dev/null || echo 2)
tree=
paths=()
while (($#)); do
	case "$1" in
	-o) out=$2; shift 2 ;;
	-j) jobs=$2; shift 2 ;;
	--example) example=1; shift ;;
	-h|--help) sed -n '2,11p' "$0"; exit 0 ;;
	-*) echo "quickstart.sh: unknown option $1" >&2; exit 2 ;;
	*) if [[ -z $tree ]]; then tree=$1; else paths+=("$1"); fi; shift ;;
	esac
done

echo "[1/5] checking dependencies" >&2
scripts/install-deps.sh
echo "[2/5] building vmalock" >&2
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs" >/dev/null

mkdir -p "$out"
out=$(cd "$out" && pwd)
db=$out/vmalock.db
rm -f "$db" "$db-wal" "$db-shm"
plugin=(-fplugin="$top/build/vmalock.so" -fplugin-arg-vmalock-db="$db")

if ((example)); then
	echo "[3/5] no kernel tree needed" >&2
	echo "[4/5] analysing testdata/example" >&2
	n=0
	for f in testdata/example/*.c; do
		n=$((n + 1))
		echo "      $f" >&2
		# Warnings are findings: the compile itself must succeed.
		/usr/lib/llvm-19/bin/clang -c -o /dev/null -I testdata/include \
			"${plugin[@]}" "$f" 2>/dev/null
	done
else
	if [[ -z $tree ]]; then
		echo "[3/5] preparing Linux 6.12 (build/kernel)" >&2
		tree=$(scripts/kernel-prepare.sh build/kernel)
		paths=(mm/ kernel/fork.c fs/exec.c fs/userfaultfd.c
		       fs/proc/task_mmu.c arch/x86/mm/fault.c)
	else
		echo "[3/5] using the kernel tree $tree" >&2
		tree=$(cd "$tree" && pwd)
		[[ -f $tree/.config ]] || { echo "quickstart.sh: $tree is not configured (make defconfig)" >&2; exit 1; }
		((${#paths[@]})) || paths=(mm/)
	fi
	# Make targets: a directory as is, a .c file as its object; remove
	# the objects so that each file is compiled, and so analysed.
	targets=()
	for p in "${paths[@]}"; do
		if [[ $p == *.c ]]; then
			targets+=("${p%.c}.o")
			rm -f "$tree/${p%.c}.o"
		else
			p=${p%/}/
			targets+=("$p")
			find "$tree/$p" -maxdepth 1 -name '*.o' -delete
		fi
	done
	echo "[4/5] analysing ${paths[*]} in the kernel build (make -j$jobs)" >&2
	log=$out/build.log
	n=0
	# Progress: one line per compiled file; the warnings go to the log.
	make -C "$tree" LLVM=-19 -j"$jobs" KCFLAGS="${plugin[*]}" \
		"${targets[@]}" 2> "$log" |
	while read -r what file; do
		if [[ $what == CC ]]; then
			n=$((n + 1))
			printf '      [%3d] %s\n' "$n" "$file" >&2
		fi
	done
	rc=${PIPESTATUS[0]}
	if ((rc)); then
		grep -E "error" "$log" | head -20 >&2
		echo "quickstart.sh: the kernel build failed (rc $rc); see $log" >&2
		exit 1
	fi
	# Count the units asked for (kbuild also recompiles its own helpers,
	# such as kernel/bounds.c, whose flags changed).
	where=0
	for p in "${paths[@]}"; do
		if [[ $p == *.c ]]; then
			where="$where or path = '$p'"
		else
			where="$where or (path like '${p%/}/%' and path not like '${p%/}/%/%')"
		fi
	done
	n=$(sqlite3 "$db" "select count(*) from units where $where")
	echo "      whole-program link" >&2
	build/vmalock link "$db" >&2
fi

echo "[5/5] writing the report" >&2
build/vmalock report --format html -o "$out/report.html" "$db"
build/vmalock report --format text -o "$out/report.txt" "$db"
build/vmalock report --format json -o "$out/report.json" "$db"
count=$(sqlite3 :memory: "select json_array_length(readfile('$out/report.json'))")
echo >&2
echo "vmalock: $count findings in $n files" >&2
sqlite3 :memory: "select '  ' || c || ': ' || count(*) from
	(select json_extract(value, '\$.checker') as c
	 from json_each(readfile('$out/report.json'))) group by c order by c" >&2
echo "database: $db" >&2
echo "report:   $out/report.html (also report.txt, report.json)" >&2
