#!/bin/sh
# Scoring: 1,000 notes files of about 2 KB against a 5,000-risk register,
# in one auditkit process, timed in the same run as grep -ciE -f with the
# bank's patterns over the same files (the floor: matching the patterns and
# nothing more; auditkit also normalises, stems, probes the records and
# writes a JSON explanation per file).
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
: "${AUDITKIT:?}" "${PYTHON:=/usr/bin/python3}"
runs=${BENCH_RUNS:-5}
dir=$(mktemp -d "${BENCH_TMP:-/tmp}/ak-bench-score.XXXXXX")
trap 'rm -rf "$dir"' EXIT
"$AUDITKIT" banks show iso27001-2022 --format json >"$dir/bank.json"
# BENCH_SCORE_NOTES: how many notes files (1,000 unless set; the issue
# asks 10,000 too, and that memory stays flat between them)
count=${BENCH_SCORE_NOTES:-1000}
set -- $("$PYTHON" "$src/bench/score-gen.py" "$dir" "$dir/bank.json" "$count")
npat=$1 nskip=$2
mkdir -p "$dir/out"
# grep must accept every pattern it is given, or the comparison is void
grep -ciE -f "$dir/patterns.txt" "$dir/notes/n0000.md" >/dev/null || [ $? -eq 1 ]
set -- $("$PYTHON" "$src/bench/timeit.py" "$runs" -- \
	sh -c "\"$AUDITKIT\" score \"$dir\"/notes/*.md --facts \"$dir/facts.json\" -o \"$dir/out\"" --- \
	sh -c "grep -ciE -f \"$dir/patterns.txt\" \"$dir\"/notes/*.md | cat >/dev/null; true")
ak=$1 gr=$4
n=$(ls "$dir/out" | wc -l)
# peak memory of one more run, as the kernel counts it for the child
rss=$("$PYTHON" -c '
import glob, resource, subprocess, sys
ak, d = sys.argv[1], sys.argv[2]
subprocess.run([ak, "score"] + sorted(glob.glob(d + "/notes/*.md")) +
               ["--facts", d + "/facts.json", "-o", d + "/out"], check=True, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$AUDITKIT" "$dir")
"$PYTHON" - "$ak" "$gr" "$n" "$npat" "$nskip" "$runs" "$rss" <<'PY'
import sys
ak, gr, n, npat, nskip, runs = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
print("score peak memory: %.1f MiB" % (int(sys.argv[7]) / 1024))
print("score, {:,} notes x 2 KB, 5,000-risk register: median {:.3f} s ({} scored files)".format(n, ak, n))
print("grep -ciE -f (%d patterns; %d PCRE-only left out): median %.3f s" % (npat, nskip, gr))
print("ratio auditkit/grep: %.2f (goal 3 or less for issue 11, 2.5 for issue 16); %d runs each" % (ak / gr, runs))
PY
