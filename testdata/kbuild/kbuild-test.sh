#!/usr/bin/env bash
# vmalock inside a real kbuild: compile three real mm/ files of Linux 6.12
# with the plugin through the kernel's own make, then check the database
# and the whole-program link, and that both analysis-only ways (make C=2
# with scripts/vmalock-check, vmalock run over compile_commands.json)
# store what the build stored.
#   kbuild-test.sh BUILD_DIR TREE
# Exits 77 (skipped) when TREE is not a prepared kernel tree.
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
tree=$2
if [[ ! -f $tree/Makefile || ! -f $tree/include/generated/autoconf.h ]]; then
	echo "kbuild-test: no prepared kernel tree at $tree" \
	     "(scripts/kernel-prepare.sh makes one)" >&2
	exit 77
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/kbuild.db
objs=(mm/mprotect.o mm/mremap.o mm/mseal.o)

fail() { echo "kbuild-test: FAIL: $*" >&2; exit 1; }

cd "$tree"
rm -f "${objs[@]}"
# Warnings are findings; the build itself must succeed and produce the
# objects.
make -s LLVM=-19 -j"$(nproc)" \
	KCFLAGS="-fplugin=$build/vmalock.so -fplugin-arg-vmalock-db=$db" \
	"${objs[@]}" 2> "$work/make.log" || { cat "$work/make.log" >&2; fail "make"; }
for o in "${objs[@]}"; do
	[[ -s $o ]] || fail "$o was not built"
done
grep -q "vmalock" "$work/make.log" || fail "no vmalock diagnostic in the build log"
if grep -E "error:|PLEASE submit a bug report" "$work/make.log"; then
	fail "compiler errors"
fi

q() { sqlite3 "$db" "$1"; }
units=$(q "select count(*) from units where path like 'mm/%.c'")
[[ $units == 3 ]] || fail "expected 3 units, found $units"
funcs=$(q "select count(*) from functions")
((funcs > 100)) || fail "only $funcs functions stored"
# (kbuild also recompiles its own helper units whose flags changed, such
# as kernel/bounds.c: they are stored too.)
ir=$(q "select count(*) from unit_ir i join units u on u.id = i.unit_id
	where u.path like 'mm/%.c'")
[[ $ir == 3 ]] || fail "expected 3 stored IRs of mm/ units, found $ir"
[[ $(q "pragma integrity_check") == ok ]] || fail "integrity_check"
# Every finding of the build log is in the database.
logged=$(grep -c "warning: .*\[vmalock-" "$work/make.log" || true)
stored=$(q "select count(*) from findings f join finding_units fu
	    on fu.finding_id = f.id join units u on u.id = fu.unit_id
	    where u.path <> '<link>'")
((stored > 0)) || fail "no finding stored"
((logged >= stored)) || fail "$stored stored, only $logged in the log"

# The whole-program link runs over the units and is reported.
"$build/vmalock" link "$db" > "$work/link.log" 2>&1 || { cat "$work/link.log" >&2; fail "link"; }
grep -qE "linked [0-9]+ units" "$work/link.log" ||
	{ cat "$work/link.log" >&2; fail "link output"; }
[[ $(q "select count(*) from units where path = '<link>'") == 1 ]] ||
	fail "no link results stored"
"$build/vmalock" report --format json -o "$work/r.json" "$db" || fail "report"
n=$(sqlite3 :memory: "select json_array_length(readfile('$work/r.json'))")
((n > 0)) || fail "empty JSON report"
# Analysis only, through kbuild's checker hook: C=2 runs the checker on
# the file although its object is up to date (same flags: nothing is
# recompiled), and it stores the same findings as the build did.
cdb=$work/check.db
VMALOCK_DB=$cdb VMALOCK_PLUGIN=$build/vmalock.so make -s LLVM=-19 C=2 \
	CHECK="$src/scripts/vmalock-check" \
	KCFLAGS="-fplugin=$build/vmalock.so -fplugin-arg-vmalock-db=$db" \
	mm/mseal.o 2> "$work/check.log" || { cat "$work/check.log" >&2; fail "make C=2"; }
qc() { sqlite3 "$cdb" "$1"; }
[[ $(qc "select count(*) from units where path = 'mm/mseal.c'") == 1 ]] ||
	{ cat "$work/check.log" >&2; fail "C=2 stored no unit for mm/mseal.c"; }
per_unit="select count(*) from findings f join finding_units fu
	  on fu.finding_id = f.id join units u on u.id = fu.unit_id
	  where u.path = 'mm/mseal.c'"
[[ $(qc "$per_unit") == $(q "$per_unit") ]] ||
	fail "C=2 found $(qc "$per_unit") in mm/mseal.c, the build $(q "$per_unit")"


# Analysis only over compile_commands.json: the kernel's own generator
# reads the .cmd files of the build (their commands carry the build's
# plugin, which vmalock run drops), and vmalock run analyses the three
# files; every unit stores the same findings as in the build.
python3 scripts/clang-tools/gen_compile_commands.py -d . -o "$work/cc.json" mm ||
	fail "gen_compile_commands.py"
rdb=$work/run.db
"$build/vmalock" run -j"$(nproc)" --db "$rdb" "$work/cc.json" \
	mm/mprotect.c mm/mremap.c mm/mseal.c 2> "$work/run.log" ||
	{ cat "$work/run.log" >&2; fail "vmalock run"; }
grep -qE "^vmalock run: 3 units analysed, 0 failed, [0-9]+ findings? \(linked\)" \
	"$work/run.log" || { cat "$work/run.log" >&2; fail "vmalock run summary"; }
qr() { sqlite3 "$rdb" "$1"; }
[[ $(qr "select group_concat(path, ' ') from (select path from units
	where path <> '<link>' order by path)") == "mm/mprotect.c mm/mremap.c mm/mseal.c" ]] ||
	fail "vmalock run stored $(qr "select group_concat(path, ' ') from units")"
per_file="select u.path, f.fingerprint, f.checker, f.line, f.message
	  from findings f join finding_units fu on fu.finding_id = f.id
	  join units u on u.id = fu.unit_id
	  where u.path in ('mm/mprotect.c', 'mm/mremap.c', 'mm/mseal.c')
	  order by 1, 2"
q "$per_file" > "$work/build.findings"
qr "$per_file" > "$work/run.findings"
diff "$work/build.findings" "$work/run.findings" >&2 ||
	fail "vmalock run and the build stored different findings"
rn=$(qr "select count(*) from finding_units fu join units u
	 on u.id = fu.unit_id where u.path = '<link>'")

echo "kbuild-test: 3 units, $funcs functions, $stored findings in the build," \
     "$n after the link; C=2 checker hook agrees on mm/mseal.c;" \
     "vmalock run agrees on the 3 units ($rn findings linked)"
