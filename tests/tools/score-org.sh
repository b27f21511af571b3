#!/bin/sh
# score-org.sh ORG AUDIT OUTDIR: fetch an evaluation organisation's records
# and score its interviews of one audit type (stage2, internal) from the
# notes, as a lead auditor's team would, into OUTDIR/scored/. The notes are
# scored at test time, never from stored scored files, so the findings tests
# follow the scorer as it is tuned.
#
#   AUDITKIT   the binary (default: auditkit on PATH)
#   AK_SRCDIR  the source tree (default: this script's ../..)
set -eu
org=$1 audit=$2 out=$3
ak=${AUDITKIT:-auditkit}
src=${AK_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
orgdir=$src/tests/eval/orgs/$org
notes=$src/tests/eval/notes
mkdir -p "$out/records" "$out/scored"
cp "$orgdir"/* "$out/records/"
# fetch may not know every source of the corpus yet: keep the ones it takes.
if ! (cd "$out/records" && "$ak" fetch -q --audit audit.json --output ../EV) 2>"$out/fetch.err"; then
	python3 - "$out/records/audit.json" <<'PY'
import json, sys
p = sys.argv[1]
a = json.load(open(p))
a.get("sources", {}).pop("review", None)
json.dump(a, open(p, "w"), indent=2)
PY
	(cd "$out/records" && "$ak" fetch -q --audit audit.json --output ../EV)
fi
# interviews.csv: file,style,interviewee,role,date,auditor,audit
python3 - "$orgdir/interviews.csv" "$audit" >"$out/list" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="")):
    if r["audit"] == sys.argv[2]:
        print("\t".join([r["file"], r["interviewee"], r["role"], r["date"], r["auditor"], r["audit"]]))
PY
tab=$(printf '\t')
while IFS=$tab read -r file who role date auditor type; do
	base=${file%.*}
	"$ak" score -q "$notes/$file" --evidence "$out/EV" --interviewee "$who" --role "$role" \
		--date "$date" --auditor "$auditor" --audit-type "$type" -o "$out/scored/$base.scored.json"
done <"$out/list"
