#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# deps.sh GROUP... - install the Debian packages a make target needs, only
# those missing; 'apt-get update' runs at most once per machine boot.
#   build   compilers and sanitizer runtimes
#   spec    TeX Live, latexmk, poppler (PDF to PNG)
#   qemu    QEMU, the Debian 6.1 kernel, busybox, cpio
#   dpdk    DPDK 22.11 runtime and headers
#   bench   Linux sources (tools/virtio/ringtest) for side-by-side benchmarks
set -euo pipefail

declare -A PKGS=(
	[build]="gcc make clang libclang-rt-14-dev python3 pkg-config"
	[spec]="texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-pictures latexmk poppler-utils"
	[qemu]="qemu-system-x86 qemu-utils linux-image-amd64 busybox-static cpio"
	[dpdk]="dpdk dpdk-dev libdpdk-dev pkg-config"
	[bench]="linux-source-6.1 xz-utils"
)

want=()
for g in "$@"; do
	[[ -n "${PKGS[$g]:-}" ]] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
	for p in ${PKGS[$g]}; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || want+=("$p")
	done
done
[[ ${#want[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
stamp=/tmp/.pvspec-apt-updated
if [[ ! -e $stamp ]]; then
	$SUDO apt-get update -q >/dev/null
	touch "$stamp"
fi
echo "deps: installing ${want[*]}"
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${want[@]}" >/dev/null
