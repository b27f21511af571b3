#!/bin/sh
# The findings workbook: 100,000 findings streamed from a manual findings CSV
# through `auditkit findings -f xlsx`, with the sample's three interviews
# scored in format 2 at bench time graded beside them, against python3-xlsxwriter in its
# constant-memory mode writing the same register rows with the same frame
# (bench/findings-xlsxwriter.py). Medians of 3 runs each; peak resident
# memory from GNU time. The 10,000-finding run shows whether memory grows
# with the number of findings.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
: "${AUDITKIT:?}" "${PYTHON:=/usr/bin/python3}"
runs=${BENCH_RUNS:-3}
big=${BENCH_FINDINGS:-100000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/auditkit-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "bench-findings: GNU time is missing (apt-get install time)" >&2; exit 1; }
"$PYTHON" -c 'import xlsxwriter' 2>/dev/null ||
	{ echo "bench-findings: python3-xlsxwriter is missing (apt-get install python3-xlsxwriter)" >&2; exit 1; }

# measure NAME CMD...: runs CMD $runs times; prints "median_seconds median_peak_kib"
measure() {
	name=$1
	shift
	i=0
	: >"$tmp/$name.m"
	while [ $i -lt "$runs" ]; do
		"$TIME" -f "%e %M" -o "$tmp/$name.t" "$@" >/dev/null 2>"$tmp/$name.err" ||
			{ cat "$tmp/$name.err" >&2; exit 1; }
		tail -1 "$tmp/$name.t" >>"$tmp/$name.m"
		i=$((i + 1))
	done
	"$PYTHON" -c '
import statistics,sys
rows=[l.split() for l in open(sys.argv[1]) if l.strip()]
print(statistics.median(float(r[0]) for r in rows), int(statistics.median(int(r[1]) for r in rows)))' "$tmp/$name.m"
}

# The sample's interviews, scored now (format 2): grading is in the run.
"$AUDITKIT" score "$src"/samples/notes/*.md --facts "$src/samples/facts.json" -o "$tmp/scored" -q
S=$(ls "$tmp"/scored/*.scored.json | tr '\n' ' ')
G="$S --audit $src/samples/audit.json --facts $src/samples/facts.json"

for n in 10000 "$big"; do
	"$PYTHON" "$src/bench/findings-gen.py" "$n" "$tmp/manual-$n.csv"
	# The peer writes the register auditkit would write: its CSV export.
	"$AUDITKIT" findings $G --manual "$tmp/manual-$n.csv" --date 2026-11-19 -f csv \
		-o "$tmp/register-$n.csv" -q
done
set -- $(measure ak10 "$AUDITKIT" findings $G --manual "$tmp/manual-10000.csv" --date 2026-11-19 \
	-o "$tmp/ak10.xlsx" -q)
ak10_t=$1 ak10_m=$2
set -- $(measure ak "$AUDITKIT" findings $G --manual "$tmp/manual-$big.csv" --date 2026-11-19 \
	-o "$tmp/ak.xlsx" -q)
ak_t=$1 ak_m=$2
set -- $(measure py10 "$PYTHON" "$src/bench/findings-xlsxwriter.py" "$tmp/register-10000.csv" "$tmp/py10.xlsx")
py10_t=$1 py10_m=$2
set -- $(measure py "$PYTHON" "$src/bench/findings-xlsxwriter.py" "$tmp/register-$big.csv" "$tmp/py.xlsx")
py_t=$1 py_m=$2
rows=$("$PYTHON" -c 'import openpyxl,sys; print(openpyxl.load_workbook(sys.argv[1], read_only=True)["Findings"].max_row - 1)' "$tmp/ak.xlsx" 2>/dev/null || echo "?")
"$PYTHON" - "$big" "$ak_t" "$ak_m" "$py_t" "$py_m" "$ak10_t" "$ak10_m" "$py10_t" "$py10_m" "$runs" "$rows" \
	"$(wc -c <"$tmp/manual-$big.csv")" "$(wc -c <"$tmp/ak.xlsx")" "$(wc -c <"$tmp/py.xlsx")" <<'PY'
import sys
a = sys.argv[1:]
n, runs, rows = int(a[0]), int(a[9]), a[10]
ak_t, ak_m, py_t, py_m = float(a[1]), int(a[2]), float(a[3]), int(a[4])
ak10_t, ak10_m, py10_t, py10_m = float(a[5]), int(a[6]), float(a[7]), int(a[8])
print("findings workbook, %d findings (%s rows in the register), input %.1f MB:" % (n, rows, int(a[11]) / 1e6))
print("  auditkit findings -f xlsx:          median %6.2f s, peak %6.1f MiB, workbook %.1f MB" % (ak_t, ak_m / 1024, int(a[12]) / 1e6))
print("  python3-xlsxwriter constant_memory: median %6.2f s, peak %6.1f MiB, workbook %.1f MB" % (py_t, py_m / 1024, int(a[13]) / 1e6))
print("  time ratio auditkit/python: %.3f (goal 0.3 or less); %d runs each" % (ak_t / py_t, runs))
print("  10,000 findings: auditkit %.2f s, %.1f MiB; python %.2f s, %.1f MiB" % (ak10_t, ak10_m / 1024, py10_t, py10_m / 1024))
print("  peak memory from 10,000 to %d findings: auditkit %+.1f MiB, python %+.1f MiB" % (n, (ak_m - ak10_m) / 1024, (py_m - py10_m) / 1024))
PY
