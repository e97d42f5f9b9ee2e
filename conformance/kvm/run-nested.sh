#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# run-nested.sh BIN [ARGS...]: boot KERNEL under QEMU TCG (-cpu max, which
# offers SVM) with a busybox initramfs holding the KVM modules and BIN,
# run "BIN ARGS" there and print its output (taken from the serial console
# between two marker lines, so kernel messages are left out).
#
#   KERNEL=/boot/vmlinuz-6.1.0-56-amd64   default: the newest /boot/vmlinuz-*
#   MODULES=/lib/modules/<version>        default: derived from KERNEL
#   NESTED_TIMEOUT=60                     seconds for one QEMU boot
#   NESTED_BOOTS=4                        boots at most: when the nested kernel
#                                         hangs (a soft lockup seen under TCG
#                                         nested SVM), the tier resumes in a
#                                         fresh boot after the last reported test
set -u
bin=$1
shift
kernel=${KERNEL:-$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)}
ver=${kernel##*/vmlinuz-}
mods=${MODULES:-/lib/modules/$ver}
limit=${NESTED_TIMEOUT:-60}
max_boots=${NESTED_BOOTS:-4}
begin="@@PVC-KVM-BEGIN@@"
end="@@PVC-KVM-END@@"

fail() {
	case " $* " in *" --bench "*) echo "exitcount: $*" >&2; exit 1;; esac
	echo "KTAP version 1"
	echo "# pvspec tier=kvm target=${PVC_TARGET:-linux} peer=\"Linux $ver KVM (nested)\""
	echo "1..1"
	echo "not ok 1 kvm_guest_runs # ERROR $*"
	exit 0
}

for p in qemu-system-x86_64 busybox cpio; do
	command -v $p >/dev/null || fail "$p not installed (scripts/deps.sh qemu)"
done
[ -r "$kernel" ] || fail "kernel $kernel not readable"
busybox=$(command -v busybox)   # busybox-static: no shared libraries needed

work=$(mktemp -d /tmp/pvc-kvm-nested.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/root"/{bin,dev,proc,sys,lib,tmp}
cp "$busybox" "$work/root/bin/busybox"
cp "$bin" "$work/root/pvc-kvm"
# a dynamically linked build (sanitizer variants) takes its libraries along
if ldd "$bin" >/dev/null 2>&1; then
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$work/root$(dirname "$lib")"
		cp -L "$lib" "$work/root$lib"
	done
fi

# KVM and its dependencies, in load order; .ko.xz/.ko.zst are unpacked.
modlist=""
for m in virt/lib/irqbypass arch/x86/kvm/kvm drivers/crypto/ccp/ccp arch/x86/kvm/kvm-amd \
	 arch/x86/kvm/kvm-intel; do
	base=$(basename $m)
	src=""
	for ext in .ko .ko.xz .ko.zst .ko.gz; do
		[ -e "$mods/kernel/$m$ext" ] && { src=$mods/kernel/$m$ext; break; }
	done
	[ -n "$src" ] || continue
	case $src in
	*.xz) xz -dc "$src" > "$work/root/lib/$base.ko" ;;
	*.zst) zstd -qdc "$src" > "$work/root/lib/$base.ko" ;;
	*.gz) gzip -dc "$src" > "$work/root/lib/$base.ko" ;;
	*) cp "$src" "$work/root/lib/$base.ko" ;;
	esac
	modlist="$modlist $base"
done
case "$modlist" in *" kvm "*) ;; *) fail "no kvm.ko under $mods";; esac

args=""
for a in "$@"; do args="$args '${a//\'/}'"; done
cat > "$work/root/init" <<INIT
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
for m in $modlist; do
	# kvm-amd or kvm-intel: the one that does not match the CPU fails
	insmod /lib/\$m.ko 2>/dev/null
done
echo "$begin"
/pvc-kvm --target ${PVC_TARGET:-linux} $args --from \$(cat /from)
echo "$end rc=\$?"
poweroff -f
INIT
chmod +x "$work/root/init"

# One boot: run the tier from test $1 on; its output goes to tier.txt.
# Returns 0 when the tier finished (end marker seen).
boot_once() {
	local start rc
	echo "$1" > "$work/root/from"
	(cd "$work/root" && find . | cpio -o -H newc 2>/dev/null | gzip -1 > "$work/initramfs.gz") ||
		fail "cannot build the initramfs"
	start=$(date +%s)
	timeout --kill-after=5 "$limit" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m 1024 \
		-nographic -no-reboot -net none -serial file:"$work/serial.log" -monitor none \
		-kernel "$kernel" -initrd "$work/initramfs.gz" \
		-append "console=ttyS0 loglevel=4 panic=-1" </dev/null >"$work/qemu.out" 2>&1
	rc=$?
	qemu_rc=$rc
	echo "pvc-kvm: nested run under $kernel from test $1 took $(( $(date +%s) - start )) s (qemu rc=$rc)" >&2
	tr -d '\r' < "$work/serial.log" > "$work/serial.txt"
	: > "$work/tier.txt"
	if ! grep -q "$begin" "$work/serial.txt"; then
		tail -20 "$work/serial.txt" >&2
		return 1
	fi
	# the console may put escape sequences before the first marker on its
	# line; kernel messages ("[   12.345] ...") go to stderr, the rest is KTAP
	awk -v b="$begin" -v e="$end" 'index($0, e) { exit } on { print } index($0, b) { on = 1 }' \
		"$work/serial.txt" > "$work/tier.raw"
	grep -E '^\[ *[0-9]+\.[0-9]+\]' "$work/tier.raw" >&2
	grep -vE '^\[ *[0-9]+\.[0-9]+\]' "$work/tier.raw" > "$work/tier.txt"
	grep -q "$end" "$work/serial.txt"
}

filter=""
prev=""
for a in "$@"; do [ "$prev" = --filter ] && filter=$a; prev=$a; done
results() { grep -cE '^(not )?ok [0-9]+ ' "$work/all.txt"; }

total=$("$bin" --list ${filter:+--filter "$filter"} | wc -l)
: > "$work/all.txt"
from=1
boots=0
qemu_rc=0
finished=no
while [ $boots -lt $max_boots ]; do
	boots=$((boots + 1))
	if boot_once $from; then
		cat "$work/tier.txt" >> "$work/all.txt"
		finished=yes
		break
	fi
	# a first boot that reported nothing leaves no partial header behind
	if [ $from -gt 1 ] || grep -qE '^(not )?ok [0-9]+ ' "$work/tier.txt"; then
		cat "$work/tier.txt" >> "$work/all.txt"
	fi
	if [ $boots -eq 1 ] && ! grep -q "$begin" "$work/serial.txt"; then
		fail "nested guest did not start the tier (qemu rc=$qemu_rc; see stderr)"
	fi
	case " $* " in *" --bench "*) break;; esac
	tail -30 "$work/serial.txt" >&2
	done_n=$(results)
	lockup=$(grep -m1 -oE 'soft lockup - CPU#[0-9]+ stuck for [0-9]+s|Kernel panic[^]]*' "$work/serial.txt")
	if [ "$done_n" -ge "$total" ]; then
		# every test reported: what stopped was the exit-count benchmark
		# that follows them, which is not resumed
		echo "# nested kernel stopped after the last test (${lockup:-no console message}; qemu rc=$qemu_rc): exit-count benchmark not completed" >> "$work/all.txt"
		finished=yes
		break
	fi
	next=$((done_n + 1))
	if [ $next -le $from ] && [ $boots -gt 1 ]; then
		# a fresh boot made no progress at this test: it hangs the kernel
		name_ids=$("$bin" --list ${filter:+--filter "$filter"} | sed -n "${from}p")
		IFS=$'\t' read -r name ids _ <<<"$name_ids"
		echo "not ok $from ${ids// /,} $name # ERROR the nested kernel hung in this test, in a fresh boot too (${lockup:-no console message}; qemu rc=$qemu_rc)" >> "$work/all.txt"
		next=$((from + 1))
		if [ $next -gt "$total" ]; then
			finished=yes
			break
		fi
	fi
	echo "# nested kernel stopped after test $done_n (${lockup:-no console message}; qemu rc=$qemu_rc): resuming at test $next in a fresh boot" >> "$work/all.txt"
	from=$next
done
cat "$work/all.txt"
[ $finished = yes ] && exit 0
case " $* " in *" --bench "*) exit 1;; esac

# The nested runs stopped early: every test without a result is an ERROR.
why="nested run ended before this test reported (after $boots boots of at most ${limit} s)"
done_n=$(results)
if ! grep -qE '^1\.\.[0-9]+' "$work/all.txt"; then
	echo "KTAP version 1"
	echo "# pvspec tier=kvm target=${PVC_TARGET:-linux} peer=\"Linux $ver KVM (nested)\""
	echo "1..$total"
fi
n=0
"$bin" --list ${filter:+--filter "$filter"} | while IFS=$'\t' read -r name ids tags; do
	n=$((n + 1))
	[ "$n" -le "$done_n" ] && continue
	echo "not ok $n ${ids// /,} $name # ERROR $why"
done
