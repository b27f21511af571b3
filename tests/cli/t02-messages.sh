#!/bin/sh
# t02-messages: -q and -v on every command, score's line per interview, and
# the warning about the placeholders `auditkit init` writes.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
S=$SRC/samples
cd "$TMP" || exit 1

# ---- -q: nothing but errors ---------------------------------------------------------

# quiet DESC ARGS...: without -q something is said on standard error; with -q
# nothing, and the same exit status
quiet() {
	desc=$1
	shift
	run "$@"
	rc0=$rc
	[ -n "$err" ] && ok "$desc: says something without -q" || not_ok "$desc: says nothing even without -q"
	run "$@" -q
	expect_eq "$rc" "$rc0" "$desc -q: the same exit status"
	expect_eq "$err" "" "$desc -q: nothing on standard error"
}
run init q-init1
[ -n "$err" ] && ok "init: says where it wrote" || not_ok "init: says nothing"
run init q-init2 -q
expect_rc 0 "init -q: exit 0"
expect_eq "$err" "" "init -q: nothing on standard error"
quiet "fetch" fetch --risks "$S/risks.csv" -o q-ev
quiet "interview (a note on the minutes)" interview --role ceo --minutes 20 -o q.md
quiet "score (its line per interview)" score "$S/notes/keller-ceo.md" --facts "$S/facts.json" -o q.json
printf 'clause,grade,statement,auditor,evidence\r\n5.1,minor,A statement of the duty,J. Osei,a record seen\r\n' >m.csv
quiet "findings (a note on the date)" findings --manual m.csv -o q.csv
quiet "banks show (an old spelling)" banks show iso27001-2022 --clause 5.1
quiet "sample draw (the seed drawn)" sample draw "$S/risks.csv" --id "Risk ID" -n 3 -o q-plan.json
quiet "an old spelling's warning" sample size -c 90%
# errors still come
run score no-such-notes.md --facts "$S/facts.json" -q
expect_rc 3 "score -q on a missing file: exit 3"
expect_in "$err" "no-such-notes.md" "score -q: the error is still said"
run interview --role chief -q
expect_rc 2 "interview -q, a bad role: exit 2"
expect_in "$err" "unknown role 'chief'" "interview -q: the usage error is still said"

# ---- -v: why -----------------------------------------------------------------------

# verbose DESC WANT ARGS...: -v says WANT, which is not said without it
verbose() {
	desc=$1 want=$2
	shift 2
	run "$@"
	expect_not_in "$err" "$want" "$desc: not said without -v"
	run "$@" -v
	expect_rc 0 "$desc -v: exit 0"
	expect_in "$err" "$want" "$desc -v: says $want"
}
verbose "fetch" "fetching the risk register from file://$S/risks.csv (csv)" fetch --risks "$S/risks.csv" -o v-ev
verbose "fetch, page by page" "risks: page 1 read, 28 risks so far" fetch --risks "$S/risks.csv" -o v-ev2
verbose "score: the notes" "notes: '$S/notes/keller-ceo.md'" score "$S/notes/keller-ceo.md" --facts "$S/facts.json" -o v.json
verbose "score: the records" "records: '$S/facts.json'" score "$S/notes/keller-ceo.md" --facts "$S/facts.json" -o v.json
verbose "score: the bank" "bank 'iso27001-2022': '" score "$S/notes/keller-ceo.md" --facts "$S/facts.json" -o v.json
verbose "findings: the rules" "grading rules: '" findings --manual m.csv --date 2026-11-19 -o v.csv
verbose "findings: the audit" "the audit: '$S/audit.json'" findings --manual m.csv --audit "$S/audit.json" -o v2.csv
verbose "interview: the bank" "bank 'iso27001-2022': '" interview --role cfo -o v.md
verbose "interview: the plan" "questions for the chief financial officer at a stage 2 audit" interview --role cfo -o v.md
run fetch --risks "$S/risks.csv" -o v-ev3 -v -q
expect_eq "$err" "" "the last of -v and -q counts: -q"

# ---- score: one line per interview ---------------------------------------------------

run score "$S"/notes/*.md --facts "$S/facts.json" -o scored
expect_rc 0 "score three interviews"
expect_eq "$(printf '%s\n' "$err" | grep -c "^auditkit: '")" "3" "one line for each"
for n in "$S"/notes/*.md; do
	b=$(basename "$n" .md)
	line=$(printf '%s\n' "$err" | grep -F "auditkit: '$n' (")
	got=$("$PY" - "scored/$b.scored.json" "$n" "$line" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
pf = d["proposed_findings"]
c = sum(1 for p in pf if p["kind"] == "conformity")
f = len(pf) - c
line = sys.argv[3]
head = "auditkit: '%s' (%s, %s): " % (sys.argv[2], d["interviewee"], d["role"])
tail = ", in '%s'" % sys.argv[1]
counts = "%d proposed finding%s%s" % (f, "" if f == 1 else "s",
                                      " and %d conformit%s" % (c, "y" if c == 1 else "ies") if c else "")
print(line.startswith(head), line.endswith(tail), (counts + tail) in line)
PY
)
	want="True True True"
	expect_eq "$got" "$want" "$b: its line names the notes, who, the file, and the findings it holds"
done
run score "$S/notes/keller-ceo.md" --facts "$S/facts.json"
expect_in "$err" "(Maria Keller, ceo): " "to standard output, the line still comes, on standard error"
expect_not_in "$err" ", in '" "and names no file"

# ---- init's placeholders --------------------------------------------------------------

"$AUDITKIT" init audit -q
A=audit/audit.json
placeholders="'$A' still has the placeholders 'auditkit init' wrote for"
run fetch --audit "$A" -o p-ev
expect_eq "$(printf '%s\n' "$err" | grep -c "$placeholders")" "1" "fetch: the placeholders, once"
expect_in "$err" "$placeholders the organisation and the scope: replace them" "fetch: names what it reads of them"
run interview --audit "$A" -f json -o p.json
expect_rc 0 "interview --audit FILE"
expect_eq "$(printf '%s\n' "$err" | grep -c "$placeholders")" "1" "interview: the placeholders, once"
expect_in "$err" "the organisation, the scope, the audit team and the interviewees" "interview: every one left"
run findings --manual m.csv --audit "$A" -o p.csv
expect_eq "$(printf '%s\n' "$err" | grep -c "$placeholders")" "1" "findings: the placeholders, once"
run fetch --audit "$A" -o p-ev -q
expect_not_in "$err" "$placeholders" "-q: not even that"
# as the auditor fills them in, the warning shrinks and goes
"$PY" - "$A" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["organisation"] = "Harbourline Logistics Ltd"
d["team"][0]["name"] = "Jonas Osei"
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
run interview --audit "$A" -f json -o p.json
expect_in "$err" "$placeholders the scope and the interviewees:" "half filled in: the rest named"
"$PY" - "$A" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["scope"] = "Freight forwarding from the Rotterdam and Hamburg offices"
d["interviewees"][0]["name"] = "Maria Keller"
d["audit_type"] = "surveillance"
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
run interview --audit "$A" -f json -o p.json
expect_eq "$err" "" "all filled in: no warning"
expect_eq "$("$PY" -c 'import json; print(json.load(open("p.json"))["audit"])')" "surveillance" \
	"interview --audit FILE takes the audit type from it"
run interview --audit "$A" --audit-type internal -f json -o p.json
expect_eq "$("$PY" -c 'import json; print(json.load(open("p.json"))["audit"])')" "internal" \
	"--audit-type overrides the audit file's"
run fetch --audit "$S/audit.json" -o s-ev
expect_not_in "$err" "placeholders" "the sample organisation's audit.json has none"
