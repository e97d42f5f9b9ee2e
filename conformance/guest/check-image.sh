#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# check-image.sh IMAGE REFSRC - TAP: the test guest image is a 32-bit ELF
# with a valid multiboot v1 header, and the reference driver inside it was
# compiled from the files now in reference/guest/, byte for byte:
#   - the sha256 recorded when each object was compiled (REFSRC) equals the
#     sha256 of the file in reference/guest/ now, and the two sets of files
#     are the same;
#   - each object's dependency list names reference/guest/<file>.c itself
#     (no copy was compiled);
#   - the image carries the same hashes (the guest prints them in its KTAP).
set -uo pipefail
img=$1 refsrc=$2
out=$(dirname "$img")
n=0 pass=0 fail=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n $1"; }
nok() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n $1"; [[ -n ${2:-} ]] && echo "# $2"; }

echo "TAP version 13"
if readelf -h "$img" 2>/dev/null | grep -q 'Class:.*ELF32' &&
   readelf -h "$img" | grep -q 'Machine:.*80386'; then
	ok "image is an elf32-i386 file"
else
	nok "image is an elf32-i386 file" "$(file "$img" 2>&1)"
fi

# multiboot v1: magic 0x1badb002, flags, checksum (sum 0 mod 2^32), 4-aligned, first 8 KiB
if python3 - "$img" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read(8192)
for off in range(0, len(data) - 12, 4):
    magic, flags, csum = struct.unpack_from("<III", data, off)
    if magic == 0x1BADB002 and (magic + flags + csum) & 0xFFFFFFFF == 0:
        sys.exit(0)
sys.exit(1)
PY
then
	ok "multiboot v1 header in the first 8 KiB"
else
	nok "multiboot v1 header in the first 8 KiB"
fi

mism=""
while read -r h p; do
	[[ -f $p ]] || { mism+=" $p(missing)"; continue; }
	now=$(sha256sum "$p" | cut -d' ' -f1)
	[[ $now == "$h" ]] || mism+=" $p"
done < "$refsrc"
if [[ -z $mism ]]; then
	ok "sha256 of each compiled reference source equals reference/guest/ now"
else
	nok "sha256 of each compiled reference source equals reference/guest/ now" "differ:$mism (rebuild)"
fi

want=$(ls reference/guest/*.c | sort)
have=$(awk '{print $2}' "$refsrc" | sort)
if [[ "$want" == "$have" ]]; then
	ok "every reference/guest/*.c is in the image, nothing else"
else
	nok "every reference/guest/*.c is in the image, nothing else" \
		"$(diff <(echo "$want") <(echo "$have") | grep '^[<>]' | tr '\n' ' ')"
fi

bad=""
for p in $have; do
	d=$out/ref/$(basename "${p%.c}").d
	sed 's/\\$//' "$d" 2>/dev/null | tr -s ' \n' '  ' |
		grep -q "^$out/ref/$(basename "${p%.c}").o: $p " || bad+=" $p"
done
if [[ -z $bad ]]; then
	ok "each driver object was compiled from reference/guest/ itself"
else
	nok "each driver object was compiled from reference/guest/ itself" "not shown in .d:$bad"
fi

missing=""
while read -r h p; do
	grep -qa "$h" "$img" || missing+=" $p"
done < "$refsrc"
if [[ -z $missing ]]; then
	ok "the image carries the recorded hashes"
else
	nok "the image carries the recorded hashes" "absent:$missing"
fi

echo "1..$n"
echo "$pass passed, $fail failed, 0 skipped"
[[ $fail -eq 0 ]]
