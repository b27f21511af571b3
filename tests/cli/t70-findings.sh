#!/bin/sh
# findings: grading by every default rule, merging, overrides, manual
# findings (CSV and JSON alike), the JSON, CSV and OSCAL outputs,
# determinism, and bad input with file:line messages and exit 3.
. "$(dirname "$0")/lib.sh"
F=$FIX/findings
AUDIT=$SRC/samples/audit.json
S="$F/keller-ceo.scored.json $F/okafor-cfo.scored.json $F/lindqvist-coo.scored.json"

py() { "$PYTHON" -c "$@"; }

# ---- grading: every default rule, on three interviews by two auditors -------
run findings $S --audit "$AUDIT" -f json -o "$TMP/f.json"
expect_rc 0 "grade three scored interviews"
grades=$(py '
import json,sys
for f in json.load(open(sys.argv[1]))["findings"]:
    print(f["id"], f["grade"], f["rule"])' "$TMP/f.json")
while read -r id grade rule; do
	expect_in "$grades" "$id $grade $rule" "$id is $grade by $rule"
done <<'EOF'
5.1c/no_evidence major major-duty-no-evidence
5.1e/red_flag major major-delegated
5.1f/systemic major major-systemic
5.1d/weak minor minor-weak-duty
5.1e/no_evidence minor minor-no-evidence
5.2a/red_flag minor minor-red-flag
5.1a/weak observation observation-weak
6.1/weak observation observation-weak
5.1a/red_flag observation observation-red-flag
9.3/red_flag observation observation-red-flag
5.1b/no_evidence observation observation-no-evidence-shown-by-others
9.3/contradiction observation observation-contradiction
6.1/knowledge_gap observation observation-knowledge-gap
5.1a/knowledge_gap ofi ofi-knowledge-gap
9.3/knowledge_gap ofi ofi-knowledge-gap
5.1g/conforms conformity conformity
5.1h/conforms conformity conformity
EOF
expect_eq "$(printf '%s\n' "$grades" | wc -l)" "18" "18 findings, no more"
expect_not_in "$grades" "not_asked" "a duty asked of someone else is not a finding"
expect_not_in "$grades" "5.1f/weak" "the minors combined into the systemic finding are gone"

# Merging: one finding per requirement and issue, every interviewee, every
# auditor, each piece of evidence once.
got=$(py '
import json,sys
d={f["id"]: f for f in json.load(open(sys.argv[1]))["findings"]}
c=d["5.1c/no_evidence"]; s=d["5.1f/systemic"]; k=d["9.3/knowledge_gap"]
print(c["interviewees"], c["auditors"], len(c["evidence"]))
print(len(s["evidence"]), len({(e["notes"], e["offset"]) for e in s["evidence"]}), s["interviewees"])
print(len(k["evidence"]), len(k["evidence"][2]["quote"]))
print(c["evidence"][2]["quote"], c["evidence"][2]["line"])' "$TMP/f.json")
expect_in "$got" "['Maria Keller (ceo)', 'Daniel Okafor (cfo)'] ['Jonas Osei', 'Elena Varga'] 4" "merged across interviewees and auditors"
expect_in "$got" "3 3 ['Daniel Okafor (cfo)', 'Sofia Lindqvist (coo)']" "the systemic finding carries each quote once"
expect_in "$got" "3 40000" "overlapping quotes of two proposed findings kept once, the long one whole"
expect_in "$got" "=budget_line_7 in the spreadsheet, I think 21" "a quote beginning with = is kept, with its line"
got=$(py '
import json,sys
d=json.load(open(sys.argv[1]))
print(d["counts"], d["total"], d["recommendation"]["code"], d["report_date"], d["gaps"])' "$TMP/f.json")
expect_eq "$got" "{'major': 3, 'minor': 3, 'observation': 8, 'ofi': 2, 'conformity': 2} 18 not_recommended 2026-11-19 []" "counts, recommendation and report date"

# The same notes scored twice (by the second auditor) are counted once.
run findings $S "$F/okafor-cfo-again.scored.json" --audit "$AUDIT" -f json -o "$TMP/again.json"
expect_rc 0 "a duplicate interview is accepted"
expect_in "$err" "scores the same notes as" "a duplicate interview is named"
py 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a["findings"] != b["findings"])' "$TMP/f.json" "$TMP/again.json" &&
	ok "a duplicate interview changes nothing" || not_ok "a duplicate interview changed the findings"

# A duty no one was asked about is a gap, reported, not a finding.
run findings "$F/gap-ceo.scored.json" -f json -o "$TMP/gap.json"
expect_rc 0 "one interview with a gap"
expect_in "$err" "5.1 f was not asked of any interviewee" "the gap is reported"
got=$(py 'import json,sys; d=json.load(open(sys.argv[1])); print([g["clause"]+" "+g["item"] for g in d["gaps"]], any(f["clause"]=="5.1" and f["item"]=="f" for f in d["findings"]))' "$TMP/gap.json")
expect_eq "$got" "['5.1 f'] False" "the gap is listed and graded as nothing"

# ---- overrides and manual findings ---------------------------------------------
run findings $S --audit "$AUDIT" --manual "$F/manual.csv" -f json -o "$TMP/m.json"
expect_rc 0 "manual findings and overrides (CSV)"
got=$(py '
import json,sys
d={f["id"]: f for f in json.load(open(sys.argv[1]))["findings"]}
b=d["5.1b/no_evidence"]; w=d["5.1d/weak"]; l=d["LA-01"]
print(b["grade"], b["rule_grade"], b["override"]["by"], b["override"]["date"])
print(w["grade"], w["rule_grade"], w["rule"])
print(l["rule"], l["grade"], l["rule_grade"], repr(l["owner"]), repr(l["corrective_action"][:7]), l["response_due"])
print(d["M2"]["response_due"], d["M3"]["status"] == "", sorted(d)[-3:])' "$TMP/m.json")
expect_in "$got" "conformity observation Jonas Osei 2026-11-19" "an override by id keeps the rule's grade beside it"
expect_in "$got" "observation minor minor-weak-duty" "an override by clause, item and kind"
expect_in "$got" "manual minor None '\\tIT Operations' '\\rremove' 2027-02-17" "a manual finding keeps its text exactly and gets a due date"
expect_in "$got" "2027-01-31 True ['LA-01', 'M2', 'M3']" "manual ids, own due dates, no status for an OFI"
run findings $S --audit "$AUDIT" --manual "$F/manual.json" -f json -o "$TMP/mj.json"
expect_rc 0 "manual findings and overrides (JSON)"
py '
import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
sys.exit(a["findings"] != b["findings"] or a["counts"] != b["counts"])' "$TMP/m.json" "$TMP/mj.json" &&
	ok "manual CSV and JSON give the same findings" || not_ok "manual CSV and JSON differ"
py 'import json,sys; d=json.load(open(sys.argv[1])); del d["overrides"]; json.dump(d, open(sys.argv[2], "w"))' "$F/manual.json" "$TMP/no-overrides.json"
run findings --manual "$TMP/no-overrides.json" --date 2026-12-01 -f csv -o "$TMP/only-manual.csv"
expect_rc 0 "manual findings alone"
expect_eq "$(py 'import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline="")))))' "$TMP/only-manual.csv")" "3" "three manual findings alone"

# Refused overrides: a nonconformity never becomes an opportunity for
# improvement; an unknown target and an absorbed minor are named.
run findings $S --manual "$F/bad/manual-refused.csv" -f json -o "$TMP/r.json"
expect_rc 3 "refused overrides exit 3"
expect_in "$err" "manual-refused.csv:2: cannot lower '5.1c/no_evidence' (major nonconformity) to an opportunity for improvement" "lowering a nonconformity to an OFI is refused at its line"
expect_in "$err" "manual-refused.csv:3: override of '5.1z/weak': no such finding" "an unknown override target is named"
expect_in "$err" "manual-refused.csv:4: override of '5.1f/weak': it was combined into a systemic finding" "an absorbed minor points at the systemic finding"
[ ! -e "$TMP/r.json" ] && ok "no output after refused overrides" || not_ok "output written despite errors"
run findings $S --manual "$F/bad/manual-errors.csv" -f json -o "$TMP/r.json"
expect_rc 3 "bad manual CSV exits 3"
expect_in "$err" "manual-errors.csv:2: unknown grade 'severe'" "bad grade at its line"
expect_in "$err" "manual-errors.csv:3: a finding graded minor nonconformity needs objective \"evidence\"" "a nonconformity without evidence is refused"
expect_in "$err" "manual-errors.csv:4: \"date\" must be a date" "bad date at its line"
expect_in "$err" "manual-errors.csv:5: finding id already used on line 2" "duplicate manual ids"
expect_in "$err" "manual-errors.csv:6: an override needs \"why\"" "an override without a reason"
run findings $S --manual "$F/bad/manual-errors.json" -f json -o "$TMP/r.json"
expect_rc 3 "bad manual JSON exits 3"
expect_in "$err" "manual-errors.json:4:104: unknown field 'colour' in a finding" "unknown manual field at line and column"
printf 'clause,grade,statement,auditor,colour\r\n5.1,ofi,s,J,red\r\n' >"$TMP/cols.csv"
run findings --manual "$TMP/cols.csv" -o "$TMP/r.json"
expect_rc 3 "an unknown manual column exits 3"
expect_in "$err" "cols.csv:1: unknown column 'colour'" "the unknown column is named"

# ---- rules files -----------------------------------------------------------------
run findings $S --rules "$F/bad/rules-errors.json" -o "$TMP/r.json"
expect_rc 3 "a rules file with errors exits 3"
expect_in "$err" "rules-errors.json:5:30: unknown field 'minro' in \"due_days\" (did you mean 'minor'?)" "unknown due_days grade at its line"
expect_in "$err" "rules-errors.json:7:69: unknown field 'best_scroe' in a condition (did you mean 'best_score'?)" "misspelt condition at its line"
expect_in "$err" "rules-errors.json:8:27: rule 'b' could record a nonconformity as an opportunity for improvement" "a rule grading nonconformity evidence as OFI is rejected"
expect_in "$err" "rules-errors.json:9:27: unknown grade 'severe'" "unknown grade"
expect_in "$err" "rules-errors.json:10:68: \"red_flag\" pattern does not compile" "bad pattern at its column"
expect_in "$err" "rules-errors.json:11:13: rule id 'a' is used twice" "duplicate rule id"
expect_in "$err" "kind not_asked is never graded" "not_asked cannot be graded"
expect_in "$err" "rules-errors.json:12:27: rule 'e' combines minor nonconformities" "combining minors into an observation is rejected"
# A certification body's own rules: shorter due dates, four minors make a major.
sed -e 's/"major": 90/"major": 30/' -e 's/"minors": { "min": 3 }/"minors": { "min": 4 }/' \
	"$SRC/rules/default.json" >"$TMP/cb.json"
run findings $S --audit "$AUDIT" --rules "$TMP/cb.json" -f json -o "$TMP/cb-out.json"
expect_rc 0 "a certification body's rules"
got=$(py '
import json,sys
d=json.load(open(sys.argv[1])); f={x["id"]: x for x in d["findings"]}
print(f["5.1c/no_evidence"]["response_due"], "5.1f/systemic" in f, f["5.1f/weak"]["grade"], d["rules"]["file"].endswith("cb.json"))' "$TMP/cb-out.json")
expect_eq "$got" "2026-12-19 False minor True" "its due days and systemic threshold apply, and it is recorded"
printf '{"format": "auditkit-rules/1", "id": "x", "version": "1",\n "rules": [{"id": "only", "grade": "minor", "when": {"kind": "weak"}, "why": "w"}]}\n' >"$TMP/narrow.json"
run findings $S --rules "$TMP/narrow.json" -o "$TMP/r.json"
expect_rc 3 "rules that leave findings ungraded exit 3"
expect_in "$err" "no rule grades no_evidence on 5.1 c" "the ungraded finding is named"

# ---- scored interviews -------------------------------------------------------------
run findings "$F/bad/scored-errors.json" $S -o "$TMP/r.json"
expect_rc 3 "a malformed scored interview exits 3"
expect_in "$err" "scored-errors.json:4:40: \"sha256\" must be 64 lower-case hex digits" "bad hash at its line"
expect_in "$err" "scored-errors.json:10:33: unknown field 'scroe' in a question (did you mean 'score'?)" "unknown field at its line"
expect_in "$err" "scored-errors.json:10:54: \"score\" is 5, out of range 0 to 3" "score out of range"
expect_in "$err" "scored-errors.json:18:27: unknown kind 'lukewarm'" "unknown kind"
printf '{"format": "auditkit-scored/1",\n  "questions": [1, 2' >"$TMP/trunc.json"
run findings "$TMP/trunc.json" -o "$TMP/r.json"
expect_rc 3 "truncated JSON exits 3"
expect_in "$err" "trunc.json:2:" "a syntax error is located"
run findings "$TMP/nonexistent.json" -o "$TMP/r.json"
expect_rc 3 "a missing scored interview exits 3"

# ---- outputs -------------------------------------------------------------------------
C="$S --audit $AUDIT --manual $F/manual.csv --evidence $F/evidence"
for fmt in csv json oscal xlsx; do
	"$AUDITKIT" findings $C -f $fmt -o "$TMP/a.$fmt" -q
	"$AUDITKIT" findings $C -f $fmt -o "$TMP/b.$fmt" -q
	expect_file_same "$TMP/a.$fmt" "$TMP/b.$fmt" "$fmt output is byte-identical across runs"
done
run findings $C -o "$TMP/bom.csv" --bom
expect_rc 0 "CSV for Excel"
got=$(py '
import csv,sys
raw=open(sys.argv[1],"rb").read(); rows=list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
l=[r for r in rows if r["id"]=="LA-01"][0]
print(raw[:3]==b"\xef\xbb\xbf", l["statement"][:3], l["correction"][:2], repr(l["owner"][:2]), raw.count(b"\r\n") > 0)' "$TMP/bom.csv")
expect_eq "$got" "True '=H '+ \"'\\t\" True" "--bom: a byte-order mark and formula-like text led by an apostrophe"
got=$(py '
import csv,sys
rows=list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
l=[r for r in rows if r["id"]=="LA-01"][0]
print(len(rows), l["statement"][:3], repr(l["owner"][:2]), rows[0]["id"])' "$TMP/a.csv")
expect_eq "$got" "21 =HY '\\tI' 5.1a/weak" "plain CSV keeps text exactly"

# OSCAL assessment-results: the required keys, UUIDs, observations by interview.
got=$(py '
import json,re,sys
d=json.load(open(sys.argv[1])); ar=d["assessment-results"]
U=re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[45][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
S=re.compile(r"^\S(.*\S)?$"); T=re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
uuids=[]
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "uuid" or k.endswith("-uuid"): uuids.append(v)
            if k == "party-uuids": uuids.extend(v)
            walk(v)
    elif isinstance(x, list):
        for v in x: walk(v)
walk(d)
r=ar["results"][0]; obs=r["observations"]; fs=r["findings"]
props=[p for f in fs for p in f["props"]] + [p for o in obs for p in o["props"]]
parties={p["uuid"] for p in ar["metadata"]["parties"]}
print(sorted(ar) == ["import-ap","metadata","results","uuid"],
      all(k in ar["metadata"] for k in ("title","last-modified","version","oscal-version")),
      all(k in r for k in ("uuid","title","description","start","reviewed-controls")),
      all(U.match(u) for u in uuids), len(set(u for u in uuids)) > 40,
      all(o["methods"] == ["INTERVIEW"] and o["subjects"][0]["type"] == "party" and o["subjects"][0]["subject-uuid"] in parties for o in obs),
      all(S.match(p["value"]) and T.match(p["name"]) for p in props),
      all(T.match(f["target"]["target-id"]) and f["target"]["type"] == "objective-id" for f in fs),
      sorted({f["target"]["status"]["state"] for f in fs}),
      {p["value"] for f in fs for p in f["props"] if p["name"]=="grade"} == {"major","minor","observation","ofi","conformity"},
      ar["metadata"]["last-modified"], len(obs), len(fs))' "$TMP/a.oscal")
expect_eq "$got" "True True True True True True True True ['not-satisfied', 'satisfied'] True 2026-11-19T00:00:00Z 22 21" "OSCAL assessment-results shape, UUIDs, observations and findings"
got=$(py '
import json,sys
r=json.load(open(sys.argv[1]))["assessment-results"]["results"][0]
obs={o["uuid"] for o in r["observations"]}
rel=[x["observation-uuid"] for f in r["findings"] for x in f.get("related-observations", [])]
print(len(rel) > 10, all(u in obs for u in rel))' "$TMP/a.oscal")
expect_eq "$got" "True True" "findings point at the interviews' observations"

# Written whole or not at all.
echo old >"$TMP/keep.xlsx"
run findings $S --manual "$F/bad/manual-refused.csv" -o "$TMP/keep.xlsx"
expect_eq "$(cat "$TMP/keep.xlsx")" "old" "a failed run leaves an existing workbook as it was"
expect_eq "$(ls -A "$TMP" | grep -c '^\.')" "0" "no temporary files left behind"
run findings $S -o - -f json
expect_rc 0 "standard output"
expect_in "$out" '"format": "auditkit-findings/1"' "JSON on standard output"
"$AUDITKIT" findings $S -f xlsx -o - >"$TMP/stdout.xlsx" 2>/dev/null
expect_eq "$(head -c 2 "$TMP/stdout.xlsx")" "PK" "a workbook on standard output (not a terminal)"
if [ "$(id -u)" != 0 ]; then
	mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
	run findings $S -o "$TMP/ro/f.xlsx"
	expect_rc 5 "an unwritable output exits 5"
fi

# Usage.
run findings -o "$TMP/x.xlsx"
expect_rc 2 "no input is a usage error"
run findings $S
expect_rc 2 "no output is a usage error"
run findings $S -f pdf -o "$TMP/x.pdf"
expect_rc 2 "an unknown format is a usage error"
run findings $S --date 2026-02-30 -o "$TMP/x.json"
expect_rc 2 "a bad --date is a usage error"
run findings --help
expect_in "$out" "--manual FILE" "help lists the options"
