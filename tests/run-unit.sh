#!/bin/sh
# Runs each cmocka test binary given and totals the results in the plain
# closing line CI reads: "unit: N passed, N failed".
pass=0 fail=0 failed_bins=""
for t in "$@"; do
	out=$("$t" 2>&1); rc=$?
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	pass=$((pass + ${p:-0}))
	fail=$((fail + ${f:-0}))
	if [ "$rc" -ne 0 ]; then
		[ -z "$f" ] && fail=$((fail + 1))
		failed_bins="$failed_bins $t"
		printf '%s\n' "$out"
	else
		printf '  %-40s %s passed\n' "$(basename "$t")" "${p:-0}"
	fi
done
echo "unit: $pass passed, $fail failed"
[ -z "$failed_bins" ] || { echo "failing:$failed_bins"; exit 1; }
