#!/bin/sh
# The main job on the bundled sample organisation (samples/): interview
# scripts for its three interviewees, in every format. `make demo` runs it.
set -eu
: "${AUDITKIT:?set AUDITKIT to the binary}"
src=$(cd "$(dirname "$0")/.." && pwd)
out=${DEMO_OUT:-$src/out/demo}
s=$src/samples
mkdir -p "$out"

ak() { "$AUDITKIT" "$@"; }

facts=$s/facts.json

# Interview scripts for each interviewee of samples/audit.json: the auditor's
# copy (Markdown, also the notes template), printable HTML, the plan as JSON,
# and the interviewee's agenda.
for who in "Maria Keller:ceo:keller-ceo" "Daniel Okafor:cfo:okafor-cfo" "Sofia Lindqvist:coo:lindqvist-coo"; do
	name=${who%%:*}; rest=${who#*:}; role=${rest%%:*}; file=${rest#*:}
	ak interview --role "$role" --audit stage2 --minutes 60 --facts "$facts" \
		--interviewee "$name" --auditor "Jonas Osei" --date 2026-11-18 -o "$out/script-$file.md"
	ak interview --role "$role" --audit stage2 --minutes 60 --facts "$facts" \
		--interviewee "$name" --date 2026-11-18 -f html -o "$out/script-$file.html"
	ak interview --role "$role" --audit stage2 --minutes 60 --facts "$facts" \
		-f json -o "$out/script-$file.json"
	ak interview --role "$role" --audit stage2 --minutes 60 --facts "$facts" \
		--interviewee "$name" --date 2026-11-18 --audience interviewee -o "$out/agenda-$file.md"
done
# A short slot: the script says which duties it had to leave out.
ak interview --role ceo --audit surveillance --minutes 20 --facts "$facts" \
	--exclude-asked "$out/script-keller-ceo.json" -o "$out/script-keller-ceo-20min.md" 2>/dev/null

echo "auditkit demo: outputs for the sample organisation (Harbourline Logistics Ltd) are in $out"
for f in "$out"/*; do echo "  $(basename "$f")"; done
