#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# check-freestanding.sh OUTDIR OBJ... - the reference core includes only
# <stdint.h>, <stddef.h>, <stdbool.h> and calls no library function but
# memcpy/memmove/memset/memcmp.
set -euo pipefail
out=$1; shift
fail=0
for obj in "$@"; do
	dep=${obj%.o}.dep
	# every dependency: a reference/ file, or one of the three allowed
	# compiler headers (stdint.h pulls stdint-gcc.h in freestanding mode)
	while read -r f; do
		case "$f" in
		reference/*) ;;
		*/stdint.h|*/stdint-gcc.h|*/stddef.h|*/stdbool.h) ;;
		*) echo "freestanding: $obj includes $f" >&2; fail=1 ;;
		esac
	done < <(sed -e 's/\\$//' -e 's/^[^:]*://' "$dep" | tr ' ' '\n' | grep -v '^$' | grep -v '\.c$')
done
ld -r -o "$out/pvref-core.o" "$@"
undef=$(nm -u "$out/pvref-core.o" | awk '{print $2}' | grep -vxE 'memcpy|memmove|memset|memcmp' || true)
if [[ -n "$undef" ]]; then
	echo "freestanding: undefined symbols: $undef" >&2
	fail=1
fi
n=$#
if [[ $fail -eq 0 ]]; then
	echo "freestanding: $n core files, only <stdint.h> <stddef.h> <stdbool.h>, no libc calls: ok"
fi
exit $fail
