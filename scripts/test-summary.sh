#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# test-summary.sh DIR - sum the closing lines ("N passed, N failed, N skipped")
# of every TAP file in DIR and print the total; exit 1 if anything failed.
set -euo pipefail
p=0 f=0 s=0
for t in "$1"/*.tap; do
	[[ -e $t ]] || continue
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$t" | tail -n1 || true)
	if [[ -z $line ]]; then
		echo "summary: $t has no closing line" >&2
		f=$((f + 1))
		continue
	fi
	read -r a _ b _ c _ <<<"${line//,/}"
	p=$((p + a)); f=$((f + b)); s=$((s + ${c:-0}))
	printf '  %-40s %s\n' "$(basename "$t" .tap)" "$line"
done
echo "$p passed, $f failed, $s skipped"
[[ $f -eq 0 ]]
