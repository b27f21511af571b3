#!/bin/sh
# The main job on the bundled sample organisation (samples/): fetch its
# policy and risk register into an evidence snapshot, write the interview
# scripts, score the three interviews, draw an audit sample, and grade the
# findings into the workbook the lead auditor hands over. `make demo` runs it.
set -eu
: "${AUDITKIT:?set AUDITKIT to the binary}"
src=$(cd "$(dirname "$0")/.." && pwd)
out=${DEMO_OUT:-$src/out/demo}
s=$src/samples
mkdir -p "$out/scripts" "$out/scored"

ak() { "$AUDITKIT" "$@"; }

# 1. Evidence: the policy and the register, fetched like any other source
#    (file URLs in samples/audit.json), with their SHA-256 in manifest.json.
ak fetch --audit "$s/audit.json" --output "$out/evidence"

# 2. Interview scripts for each interviewee, against the fetched records
#    completed by hand (samples/facts.json adds the management review):
#    the auditor's copy (also the notes template), printable HTML, the plan
#    as JSON, and the interviewee's agenda.
facts=$s/facts.json
for who in "Maria Keller:ceo:keller-ceo" "Daniel Okafor:cfo:okafor-cfo" "Sofia Lindqvist:coo:lindqvist-coo"; do
	name=${who%%:*}; rest=${who#*:}; role=${rest%%:*}; file=${rest#*:}
	ak interview --role "$role" --audit-type stage2 --minutes 60 --facts "$facts" \
		--interviewee "$name" --auditor "Jonas Osei" --date 2026-11-18 -o "$out/scripts/$file.md"
	ak interview --role "$role" --audit-type stage2 --minutes 60 --facts "$facts" \
		--interviewee "$name" --date 2026-11-18 -f html -o "$out/scripts/$file.html"
	ak interview --role "$role" --audit-type stage2 --minutes 60 --facts "$facts" \
		-f json -o "$out/scripts/$file.json"
	ak interview --role "$role" --audit-type stage2 --minutes 60 --facts "$facts" \
		--interviewee "$name" --date 2026-11-18 --audience interviewee -o "$out/scripts/$file-agenda.md"
done

# 3. The three interviews as the auditors noted them, scored against the
#    records: every score with its quoted evidence.
ak score "$s"/notes/*.md --facts "$facts" -o "$out/scored"
for f in "$s"/notes/*.md; do
	b=$(basename "$f" .md)
	ak score "$f" --facts "$facts" -f md -o "$out/scored/$b.summary.md"
done

# 4. An audit sample: five risks of the register whose treatment is checked
#    against its records, drawn reproducibly (the seed is in the plan).
ak sample draw "$s/risks.csv" --id "Risk ID" -n 5 --seed 20261118 \
	--objective "risk treatment checked against the register (6.1.3)" -o "$out/sampling-plan.json"

# 5. The findings: one per problem, graded for top management as a body
#    (the records say who owns which risk and who approved the policy), in
#    every format; then the client's copy, without the audit team's
#    scoring sheets.
for o in findings.xlsx findings.csv findings.json findings.oscal.json; do
	ak findings "$out"/scored/*.scored.json --audit "$s/audit.json" --manual "$s/manual-findings.csv" \
		--facts "$facts" --evidence "$out/evidence" --sampling "$out/sampling-plan.json" -o "$out/$o"
done
ak findings "$out"/scored/*.scored.json --audit "$s/audit.json" --manual "$s/manual-findings.csv" \
	--facts "$facts" --evidence "$out/evidence" --sampling "$out/sampling-plan.json" --client \
	-o "$out/findings-client.xlsx"

echo "auditkit demo: the sample organisation (Harbourline Logistics Ltd), done:"
echo "  evidence snapshot   $out/evidence (manifest.json, facts.json, raw/)"
echo "  interview scripts   $out/scripts"
echo "  scored interviews   $out/scored"
echo "  sampling plan       $out/sampling-plan.json"
echo "  findings workbook   $out/findings.xlsx (also .csv, .json, .oscal.json; the client's copy"
echo "                      findings-client.xlsx; next year: interview --follow-up findings.json)"
