#!/usr/bin/env bash
# Install the Debian packages vmalock needs, if any is missing.
#   scripts/install-deps.sh [--llvm N] [--test-tools] [--browser] [--kernel] [extra-package ...]
#   --test-tools  also the report tests' validators: python3-jsonschema,
#                 npm, and Microsoft's SARIF multitool (npm, pinned) in .tools/
#   --browser     also chromium (headless screenshot of the HTML report)
#   --kernel      also linux-source-6.12 and what building it needs
# Runs "apt-get update" once, and only when something must be installed.
set -euo pipefail

llvm=19
extra=()
test_tools=0
while (($#)); do
	case "$1" in
	--llvm) llvm=$2; shift 2 ;;
	--test-tools) test_tools=1; extra+=(python3-jsonschema); shift ;;
	--browser) extra+=(chromium); shift ;;
	--kernel) extra+=(linux-source-6.12 flex bison libelf-dev bc lld-19
			  libssl-dev xz-utils); shift ;;
	*) extra+=("$1"); shift ;;
	esac
done

pkgs=(cmake make gcc g++ python3 sqlite3 libsqlite3-dev
      "clang-$llvm" "libclang-$llvm-dev" "llvm-$llvm-dev" "llvm-$llvm-tools"
      "${extra[@]}")

# npm may come from elsewhere than Debian: only installed when missing.
if ((test_tools)) && ! command -v npm >/dev/null; then
	pkgs+=(npm)
fi

# The SARIF multitool (validator), pinned, into .tools/ of the source tree.
sarif_multitool=5.7.0
install_test_tools() {
	local dir tool
	((test_tools)) || return 0
	dir="$(cd "$(dirname "$0")/.." && pwd)/.tools"
	tool="$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
	if [[ -x $tool ]] && grep -q "\"version\": \"$sarif_multitool\"" \
		"$dir/node_modules/@microsoft/sarif-multitool/package.json" 2>/dev/null; then
		return 0
	fi
	echo "vmalock: installing @microsoft/sarif-multitool@$sarif_multitool into $dir" >&2
	mkdir -p "$dir"
	npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error \
		"@microsoft/sarif-multitool@$sarif_multitool" >&2
	# Its postinstall only makes the binary executable; npm may skip it.
	chmod u+x "$tool"
}

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing+=("$p")
	fi
done
if ((${#missing[@]} == 0)); then
	install_test_tools
	exit 0
fi

echo "vmalock: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) -ne 0 ]]; then
	command -v sudo >/dev/null || { echo "vmalock: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
	sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_test_tools
