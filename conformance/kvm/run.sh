#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# Run the KVM tier (or, with --bench, only the exit-count benchmark) and
# print KTAP on stdout.  Where: directly when this machine's /dev/kvm runs
# an ordinary guest (pvc-kvm --probe: port I/O and a hypercall within 1 s),
# otherwise nested, inside a QEMU TCG guest running KERNEL (run-nested.sh).
#
#   KVM_MODE=auto|direct|nested|host   (default auto; host: directly, or a
#                                 SKIP when this /dev/kvm runs no guest)
#   KERNEL=/boot/vmlinuz-...      kernel of the nested run
#   PVC_KVM_BIN=path              the test binary (default: make kvm-build in PVC_BUILD)
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${PVC_BUILD:-$root/build}
bin=${PVC_KVM_BIN:-}
mode=${KVM_MODE:-auto}

ktap_error() {
	echo "KTAP version 1"
	echo "# pvspec tier=kvm target=${PVC_TARGET:-linux} peer=\"unknown\""
	echo "1..1"
	echo "not ok 1 kvm_guest_runs # ERROR $*"
}

if [ -z "$bin" ]; then
	# the default build, brought up to date (a no-op when it is)
	bin=$build/gcc/kvmtier/pvc-kvm
	make -s -C "$root" -j1 BUILD="$build" kvm-build >&2 || { ktap_error "cannot build $bin"; exit 0; }
fi
[ -x "$bin" ] || { ktap_error "$bin missing"; exit 0; }

if [ "$mode" = direct ] || { [ "$mode" = auto ] && [ -c /dev/kvm ] && "$bin" --probe 2>/dev/null; }; then
	echo "pvc-kvm: running directly on this machine's /dev/kvm" >&2
	exec "$bin" --target "${PVC_TARGET:-linux}" "$@"
fi
if [ "$mode" = host ]; then
	echo "KTAP version 1"
	echo "# pvspec tier=kvm target=${PVC_TARGET:-linux} peer=\"$(uname -sr) KVM\""
	echo "1..1"
	echo "ok 1 kvm_guest_runs # SKIP this machine's /dev/kvm runs no ordinary guest" \
		"($("$bin" --probe 2>&1 | head -1)); the nested targets test KVM here"
	exit 0
fi
[ "$mode" = auto ] && echo "pvc-kvm: /dev/kvm runs no ordinary guest here ($("$bin" --probe 2>&1 | head -1)); running nested" >&2
exec "$here/run-nested.sh" "$bin" "$@"
