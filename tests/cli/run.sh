#!/bin/sh
# Runs every tests/cli/t*.sh against the real binary ($AUDITKIT) and totals
# the results: "cli: N passed, N failed". Each script sources lib.sh and
# reports one line per check. Each script's line gives its time in seconds,
# so a slow CI run shows where the time went.
here=$(cd "$(dirname "$0")" && pwd)
: "${AUDITKIT:?set AUDITKIT to the binary}"
export AUDITKIT
total_pass=0 total_fail=0 failed=""
for t in "$here"/t*.sh; do
	[ -n "${CLI_ONLY:-}" ] && case "$(basename "$t")" in *"$CLI_ONLY"*) ;; *) continue ;; esac
	res=$(mktemp)
	t0=$(date +%s)
	AK_RESULTS=$res sh "$t"
	rc=$?
	p=$(grep -c '^ok' "$res"); f=$(grep -c '^not ok' "$res")
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	total_pass=$((total_pass + p)); total_fail=$((total_fail + f))
	[ "$f" -ne 0 ] && failed="$failed $(basename "$t")"
	printf '  %-40s %s passed, %s failed, %s s\n' "$(basename "$t")" "$p" "$f" $(($(date +%s) - t0))
	rm -f "$res"
done
echo "cli: $total_pass passed, $total_fail failed"
[ -z "$failed" ] || { echo "failing:$failed"; exit 1; }
