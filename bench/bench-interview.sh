#!/bin/sh
# Interview scripts: generating the full-bank script (every question that
# suits a chief executive at a stage 2 audit, with the facts beside them),
# against `cat` of the bank files: the floor of reading the same bytes.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
: "${AUDITKIT:?}" "${PYTHON:=/usr/bin/python3}"
runs=${BENCH_RUNS:-51}
banks="$src/question-banks/iso27001-2022/bank.json $src/question-banks/iso9001-2015/bank.json"
set -- $("$PYTHON" "$src/bench/timeit.py" "$runs" -- \
	"$AUDITKIT" interview --role ceo --audit-type stage2 --facts "$src/samples/facts.json" -f md -o - --- \
	"$AUDITKIT" interview --role ceo --audit-type stage2 --bank iso9001-2015 --facts "$src/samples/facts.json" -f json -o - --- \
	cat $banks)
ak27=$1 ak9=$4 cat=$7
n=$("$AUDITKIT" interview --role ceo --audit-type stage2 -f json | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["questions"]))')
bytes=$(cat $banks | wc -c)
"$PYTHON" - "$ak27" "$ak9" "$cat" "$n" "$bytes" "$runs" <<'PY'
import sys
ak27, ak9, cat, n, nbytes, runs = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
print("interview, full 27001 bank (%d questions, md):   median %.2f ms" % (n, ak27 * 1e3))
print("interview, 9001 bank with includes (json):      median %.2f ms" % (ak9 * 1e3))
print("cat of both bank files (%d bytes):            median %.2f ms" % (nbytes, cat * 1e3))
print("ratio auditkit/cat: %.2f (27001), %.2f (9001); %d runs each" % (ak27 / cat, ak9 / cat, runs))
PY
