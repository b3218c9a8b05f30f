#!/usr/bin/env bash
# Fetch and prepare the Linux 6.12 tree vmalock is checked against.
#   scripts/kernel-prepare.sh [--debug] [DIR]
# Installs Debian's linux-source-6.12 and the kernel build tools if
# missing, extracts the source into DIR (default build/kernel), configures
# it (x86_64 defconfig plus TRANSPARENT_HUGEPAGE, USERFAULTFD,
# ANON_VMA_NAME; --debug adds PROVE_LOCKING and DEBUG_VM) and runs
# "make prepare" with clang-19.  Prints the tree's path.  Run again, it
# only redoes what is missing or configured differently.
set -euo pipefail
cd "$(dirname "$0")/.."
top=$PWD

debug=0
dir=build/kernel
while (($#)); do
	case "$1" in
	--debug) debug=1; shift ;;
	-h|--help) sed -n '2,9p' "$0"; exit 0 ;;
	-*) echo "kernel-prepare.sh: unknown option $1" >&2; exit 2 ;;
	*) dir=$1; shift ;;
	esac
done

scripts/install-deps.sh --kernel >&2
tarball=/usr/src/linux-source-6.12.tar.xz
[[ -r $tarball ]] || { echo "kernel-prepare.sh: $tarball is missing" >&2; exit 1; }

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
tree=$dir/linux-source-6.12
if [[ ! -f $tree/Makefile ]]; then
	echo "vmalock: extracting $tarball into $dir" >&2
	tar -C "$dir" -xf "$tarball"
fi

options=(-e TRANSPARENT_HUGEPAGE -e USERFAULTFD -e ANON_VMA_NAME)
variant=default
if ((debug)); then
	options+=(-e PROVE_LOCKING -e DEBUG_VM)
	variant=debug
else
	options+=(-d PROVE_LOCKING -d DEBUG_VM)
fi
stamp=$tree/.vmalock-config
cd "$tree"
if [[ ! -f .config || "$(cat "$stamp" 2>/dev/null)" != "$variant" ]]; then
	echo "vmalock: configuring ($variant)" >&2
	make -s LLVM=-19 defconfig >&2
	scripts/config "${options[@]}"
	make -s LLVM=-19 olddefconfig >&2
	echo "$variant" > "$stamp"
fi
echo "vmalock: make prepare" >&2
make -s LLVM=-19 -j"$(nproc)" prepare >&2
echo "$tree"
