#!/usr/bin/env bash
# Install the Debian packages vmalock needs, if any is missing.
#   scripts/install-deps.sh [--llvm N] [extra-package ...]
# Runs "apt-get update" once, and only when something must be installed.
set -euo pipefail

llvm=19
extra=()
while (($#)); do
	case "$1" in
	--llvm) llvm=$2; shift 2 ;;
	*) extra+=("$1"); shift ;;
	esac
done

pkgs=(cmake make gcc g++ python3 sqlite3 libsqlite3-dev
      "clang-$llvm" "libclang-$llvm-dev" "llvm-$llvm-dev" "llvm-$llvm-tools"
      "${extra[@]}")

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing+=("$p")
	fi
done
((${#missing[@]})) || exit 0

echo "vmalock: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "vmalock: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
