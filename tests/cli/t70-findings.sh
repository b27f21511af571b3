#!/bin/sh
# findings: the bundled sample scored at test time (never from stored scored
# files) and graded: at most 8 findings, the COO's minor on 5.1, the CEO's
# conformities, no line of the notes in two findings, the reason on every
# row; format 1 refused; every --manual kept; overrides in their own file;
# a one-interview internal audit; JSON, CSV and OSCAL; determinism; bad
# input with file:line messages and exit 3.
. "$(dirname "$0")/lib.sh"
F=$FIX/findings
AUDIT=$SRC/samples/audit.json
PY=${PYTHON:-/usr/bin/python3}
py() { "$PY" -c "$@"; }

"$AUDITKIT" score "$SRC"/samples/notes/*.md --facts "$SRC/samples/facts.json" -o "$TMP/scored" -q
S=$(ls "$TMP"/scored/*.scored.json | tr '\n' ' ')
run findings $S --audit "$AUDIT" --facts "$SRC/samples/facts.json" \
	--manual "$SRC/samples/manual-findings.csv" -f json -o "$TMP/f.json"
expect_rc 0 "grade the sample's three interviews"

got=$(py '
import json,sys
d=json.load(open(sys.argv[1]))
fs=d["findings"]
print("n", len(fs))
for f in fs: print("F", f["id"], f["grade"], f["clause"], f["kind"], ";".join(f["interviewees"]))
lines={}
for f in fs:
    for e in f["evidence"]:
        if e.get("notes"):
            k=(e["notes"], e["line"])
            lines.setdefault(k, []).append(f["id"])
print("repeated", [k for k,v in lines.items() if len(v) > 1])
print("reasons", all(f["reason"] and f["rule"] in f["reason"] and "Counted:" in f["reason"] for f in fs if f["kind"] != "manual"))
print("ids", sorted(f["id"][:2] for f in fs))
' "$TMP/f.json")
n=$(printf '%s\n' "$got" | sed -n 's/^n //p')
[ "$n" -le 8 ] && ok "at most 8 findings on the sample ($n)" || not_ok "at most 8 findings on the sample: $n"
expect_in "$got" "minor 5.1 leadership Chief operating officer (Sofia Lindqvist)" "the COO's minor nonconformity on 5.1"
expect_in "$got" "conformity 5.1 conformity Chief executive officer (Maria Keller)" "the CEO's conformity on 5.1"
expect_in "$got" "conformity 9.3 conformity Chief executive officer (Maria Keller)" "the CEO's conformity on 9.3"
expect_in "$got" "observation 6.2 no_evidence" "the observation on objectives"
expect_in "$got" "minor A.5.18 manual" "the hand-written finding"
expect_in "$got" "repeated []" "no line of the notes is quoted in two findings"
expect_in "$got" "reasons True" "every graded row names its rule and the facts it counted"
expect_not_in "$got" " major " "no major nonconformity on the sample"
expect_in "$(printf '%s\n' "$got" | grep '^F NC-01')" "NC-01 minor" "numbered by grade: NC-01 first"

# The same inputs give the same bytes.
"$AUDITKIT" findings $S --audit "$AUDIT" --facts "$SRC/samples/facts.json" \
	--manual "$SRC/samples/manual-findings.csv" -f json -o "$TMP/f2.json" -q
expect_file_same "$TMP/f.json" "$TMP/f2.json" "the JSON is byte-identical on a second run"
expect_not_in "$(cat "$TMP/f.json")" "$TMP" "no machine path in the JSON"

# ---- format 1 is refused with what to do --------------------------------------
printf '{"format": "auditkit-scored/1", "generator": "auditkit 0.0.9"}\n' >"$TMP/old.scored.json"
run findings "$TMP/old.scored.json" -o "$TMP/x.json"
expect_rc 3 "a format-1 scored interview is refused"
expect_in "$err" "auditkit-scored/1" "the message names the format"
expect_in "$err" "score the notes again" "and says to score again"
expect_in "$err" "old.scored.json:1:" "with its file and line"

# ---- every input kept: --manual twice, overrides in their own file ------------
cat >"$TMP/m2.csv" <<'EOF'
type,id,clause,requirement,grade,statement,evidence,auditor
finding,LA-02,A.8.13,Backup,observation,Restore tests are not recorded at Felixstowe.,Backup log 2026-10,Elena Varga
EOF
cat >"$TMP/ov.csv" <<'EOF'
type,finding,grade,by,why
override,6.2/no_evidence,minor,Jonas Osei,The CFO signs off the objectives each quarter and could not name them
EOF
run findings $S --audit "$AUDIT" --manual "$SRC/samples/manual-findings.csv" --manual "$TMP/m2.csv" \
	--overrides "$TMP/ov.csv" -f json -o "$TMP/f3.json"
expect_rc 0 "two manual files and an overrides file"
got=$(py '
import json,sys
d=json.load(open(sys.argv[1]))
print([f["key"] for f in d["findings"] if f["kind"]=="manual"])
o=[f for f in d["findings"] if f["key"]=="6.2/no_evidence"][0]
print(o["grade"], o["rule_grade"], o["override"]["by"], o["id"])
print(sorted(i["kind"] for i in d["inputs"]))' "$TMP/f3.json")
expect_in "$got" "['LA-01', 'LA-02']" "both manual files are kept"
expect_in "$got" "minor observation Jonas Osei NC-" "the override wins, the rule's grade beside it, numbered by the new grade"
expect_in "$got" "'manual findings', 'manual findings', 'overrides'" "every input is listed"
run findings $S --manual "$TMP/m2.csv" --manual "$TMP/m2.csv" -o "$TMP/x.json"
expect_rc 2 "the same manual file twice is refused"
run findings $S --overrides "$TMP/m2.csv" -o "$TMP/x.json"
expect_rc 2 "an overrides file that holds findings is refused"
expect_in "$err" "overrides only" "saying so"
cat >"$TMP/ovbad.csv" <<'EOF'
type,finding,grade,by,why
override,5.1/leadership: Sofia Lindqvist,ofi,Jonas Osei,she is nice
EOF
run findings $S --audit "$AUDIT" --overrides "$TMP/ovbad.csv" -o "$TMP/x.json"
expect_rc 3 "a nonconformity lowered to an improvement is refused"
expect_in "$err" "ovbad.csv:2" "with its file and line"
# The sample's manual file takes an override row as it is.
cp "$SRC/samples/manual-findings.csv" "$TMP/m3.csv"
printf 'override,,,,observation,,,,,,,9.3/conformity,,Jonas Osei,kept for the test\n' >>"$TMP/m3.csv"
run findings $S --audit "$AUDIT" --manual "$TMP/m3.csv" -f json -o "$TMP/x.json"
expect_rc 0 "the sample's manual file accepts an override row"

# ---- a manual finding id used twice: each repeat names the use before it -------
# 40,000 ids are more than one run of the id check's sort (32,768): the
# repeats are found across runs merged from its temporary file.
"$PY" -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,clause,grade,statement,auditor\n")
    for i in range(1, 40001):
        f.write("F-%d,5.1,ofi,s,A\n" % i)
    for i in (1, 20000, 1):
        f.write("F-%d,5.1,ofi,s,A\n" % i)' "$TMP/dup-ids.csv"
run findings --manual "$TMP/dup-ids.csv" -f csv -o "$TMP/x.csv"
expect_rc 3 "a manual finding id used twice is exit 3"
expect_in "$err" "dup-ids.csv:40002: finding id already used on line 2" "the first repeat names the first use"
expect_in "$err" "dup-ids.csv:40003: finding id already used on line 20001" "a repeat across runs"
expect_in "$err" "dup-ids.csv:40004: finding id already used on line 40002" "a third use names the second"
expect_eq "$(grep -c 'already used' "$TMP/err")" 3 "three repeats, three messages"
saved_tmpdir=${TMPDIR-unset}
export TMPDIR=/nonexistent/auditkit
# valgrind itself cannot start without a temporary folder, so under make
# valgrind this one run uses the binary directly (AK_VG_BIN).
saved_auditkit=$AUDITKIT
AUDITKIT=${AK_VG_BIN:-$AUDITKIT}
run findings --manual "$TMP/dup-ids.csv" -f csv -o "$TMP/x.csv"
AUDITKIT=$saved_auditkit
if [ "$saved_tmpdir" = unset ]; then unset TMPDIR; else TMPDIR=$saved_tmpdir; fi
expect_rc 5 "no temporary folder for the id check is exit 5"
expect_in "$err" "cannot write a temporary file for the finding ids of" "and says what it was for"
printf '{"format": "auditkit-manual/1", "findings": [%s]}\n' \
	'{"id": "A", "clause": "5.1", "grade": "ofi", "statement": "s", "auditor": "A"},
	 {"id": "B", "clause": "5.1", "grade": "ofi", "statement": "s", "auditor": "A"},
	 {"id": "A", "clause": "5.1", "grade": "ofi", "statement": "s", "auditor": "A"}' >"$TMP/dup-ids.json"
run findings --manual "$TMP/dup-ids.json" -f csv -o "$TMP/x.csv"
expect_rc 3 "a JSON manual finding id used twice is exit 3"
expect_in "$err" "finding id already used by finding 1" "the JSON repeat names the finding"

# ---- a one-interview internal audit never turns one line into a major ---------
cat >"$TMP/one.md" <<'EOF'
---
interviewee: Daniel Okafor
role: cfo
date: 2026-10-06
auditor: Marta Zielinska
audit: internal
---

## 5.1 d

- No personal communication to staff this year.
EOF
"$AUDITKIT" score "$TMP/one.md" --facts "$SRC/samples/facts.json" -o "$TMP/one.scored.json" -q
run findings "$TMP/one.scored.json" -f json -o "$TMP/one.json"
expect_rc 0 "grade a one-interview internal audit"
got=$(py '
import json,sys
fs=json.load(open(sys.argv[1]))["findings"]
print([f["grade"] for f in fs], [f["rule"] for f in fs])' "$TMP/one.json")
expect_not_in "$got" "major" "one line of one interview is not a major"

# ---- CSV, OSCAL -----------------------------------------------------------------
run findings $S --audit "$AUDIT" --manual "$SRC/samples/manual-findings.csv" -o "$TMP/f.csv"
expect_rc 0 "CSV"
expect_in "$(head -1 "$TMP/f.csv")" "id,key,standard,clause,item,related,requirement,kind,grade,rule,rule_grade,reason" "the CSV's columns"
run findings $S --audit "$AUDIT" -o "$TMP/f-oscal.json"
expect_rc 0 "OSCAL"
expect_in "$(cat "$TMP/f-oscal.json")" '"assessment-results"' "an OSCAL assessment-results document"

# ---- bad input ---------------------------------------------------------------------
printf '{"format": "auditkit-scored/2"' >"$TMP/broken.scored.json"
run findings "$TMP/broken.scored.json" -o "$TMP/x.json"
expect_rc 3 "broken JSON is exit 3"
expect_in "$err" "broken.scored.json:1:" "named with its line"
run findings -o "$TMP/x.json"
expect_rc 2 "nothing to grade is a usage error"
run findings $S --rules "$F/bad/rules-errors.json" -o "$TMP/x.json"
expect_rc 3 "a rules file with errors is exit 3"
