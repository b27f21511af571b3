#!/bin/sh
# t40-fetch: `auditkit fetch` and `auditkit init` on file sources: the sample
# organisation, CSV shapes, bad data, --offline, and snapshots that are
# replaced whole or not at all.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-python3}
F=$FIX/fetch
SECRET=t40-secret-$$-value

# jq-like: print a value of a JSON file by a Python expression on d
jget() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }

# facts.json holds only the fields docs/facts-format.md defines
facts_shape() {
	"$PY" - "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
top = {"format", "organisation", "policy", "roles", "risks", "management_review", "missing"}
risk = {"id", "title", "description", "owner", "likelihood", "impact", "level", "level_label", "treatment", "status"}
pol = {"title", "version", "approved", "approver", "owner", "review_due", "commitments", "objectives"}
assert d["format"] == "auditkit-facts/1"
assert set(d) <= top, set(d) - top
assert set(d.get("policy", {})) <= pol
assert set(d.get("organisation", {})) <= {"name", "scope"}
for r in d.get("risks", []):
    assert set(r) <= risk and "id" in r and "title" in r, r
for r in d.get("roles", []):
    assert set(r) == {"role", "name"}, r
mr = d.get("management_review", {})
assert set(mr) <= {"date", "chair", "attendees", "apologies", "decisions", "resources", "next_review"}, mr
for x in mr.get("decisions", []):
    assert isinstance(x, str) or (set(x) <= {"decision", "owner", "amount"} and "decision" in x), x
# the top-risk order of docs/facts-format.md
def key(r):
    has = "level" in r
    return (not has, -r.get("level", 0), -r.get("impact", -1), -r.get("likelihood", -1), r["id"].encode())
rs = d.get("risks", [])
assert rs == sorted(rs, key=key), "risks are not in top-risk order"
print("shape ok")
PYEOF
}

# ---- the sample organisation ------------------------------------------------
run fetch --audit "$SRC/samples/audit.json" --output "$TMP/ev"
expect_rc 0 "fetch the sample organisation"
expect_in "$err" "wrote the evidence snapshot" "says where the snapshot is"
expect_in "$err" "risk register: 28 risks, top: R-07" "says how many risks and the top one"
expect_in "$err" "management review: 2026-09-15, 5 present, 1 apologies, 5 decisions" "says what the minutes gave"
expect_not_in "$err" "not found, to add by hand" "and that nothing is missing"
expect_eq "$(facts_shape "$TMP/ev/facts.json")" "shape ok" "sample facts.json has the facts format"
expect_eq "$(jget "$TMP/ev/facts.json" 'd["policy"]["version"], d["policy"]["approved"], d["policy"]["review_due"]')" \
	"3.1 2026-02-10 2027-02-10" "policy version, approval and review dates"
expect_eq "$(jget "$TMP/ev/facts.json" 'd["policy"]["approver"]')" "Maria Keller (CEO)" "policy approver"
expect_eq "$(jget "$TMP/ev/facts.json" 'len(d["policy"]["commitments"]), len(d["policy"]["objectives"])')" "6 5" \
	"six commitments and five objectives"
expect_eq "$(jget "$TMP/ev/facts.json" 'd["roles"][0]')" "{'role': 'ISMS owner', 'name': 'Tom Brandt'}" "the ISMS owner"
expect_eq "$(jget "$TMP/ev/facts.json" '[r["id"] for r in d["risks"][:5]]')" "['R-07', 'R-15', 'R-03', 'R-12', 'R-21']" \
	"top five risks in order"
expect_eq "$(jget "$TMP/ev/facts.json" 'd["organisation"]["name"]')" "Harbourline Logistics Ltd" "organisation from audit.json"
expect_eq "$(jget "$TMP/ev/facts.json" 'd["missing"]')" "[]" "nothing is missing, the management review included"
expect_eq "$(jget "$TMP/ev/facts.json" 'd["management_review"]["apologies"], d["management_review"]["next_review"]')" \
	"['Sofia Lindqvist'] 2027-03-16" "the COO's apologies and the next review, from samples/review.md"
expect_file_same "$TMP/ev/raw/risks-001.csv" "$SRC/samples/risks.csv" "raw register is the bytes as received"
expect_eq "$(jget "$TMP/ev/manifest.json" '[x["sha256"] for x in d["documents"] if x["role"]=="risks"][0]')" \
	"$(sha256sum "$SRC/samples/risks.csv" | cut -d' ' -f1)" "manifest SHA-256 of the register"
expect_eq "$(jget "$TMP/ev/manifest.json" '[x["bytes"] for x in d["documents"] if x["role"]=="policy"][0]')" \
	"$(wc -c <"$SRC/samples/policy.md" | tr -d ' ')" "manifest byte count of the policy"
expect_in "$(cat "$TMP/ev/policy.txt")" "## Commitments" "policy.txt keeps the headings"

# ---- CSV shapes -------------------------------------------------------------
run fetch --risks "$F/risks-semicolon.csv" --output "$TMP/semi"
expect_rc 0 "semicolon CSV with BOM, CRLF and a quoted newline"
expect_in "$err" "not found, to add by hand: organisation.name, organisation.scope, policy, roles, risks[].description, management_review" \
	"the note lists what facts.json's missing does, in its order"
expect_eq "$(jget "$TMP/semi/facts.json" '", ".join(d["missing"])')" \
	"organisation.name, organisation.scope, policy, roles, risks[].description, management_review" "the same list in facts.json"
expect_eq "$(jget "$TMP/semi/facts.json" '[r["id"] for r in d["risks"]]')" "['R-2', 'R-1', 'R-3']" "semicolon CSV ordered by level"
expect_eq "$(jget "$TMP/semi/facts.json" 'd["risks"][0]["title"]')" "$(printf 'Fraud, "CEO" mail\nand phishing')" \
	"quoted field with comma, quote and newline"
expect_eq "$(jget "$TMP/semi/facts.json" 'd["risks"][0]["level"], d["risks"][0]["level_label"]')" "16 critical" \
	"level from likelihood x impact, label from the bands"

run fetch --risks "$F/risks-noid.csv" --output "$TMP/noid"
expect_rc 3 "a register without an id column is bad data"
expect_in "$err" "risks-noid.csv:1:" "names the file and the header line"
expect_in "$err" "no id column" "says the id column is missing"

run fetch --risks "$F/risks-badlikelihood.csv" --output "$TMP/bad"
expect_rc 3 "a non-numeric likelihood is bad data"
expect_in "$err" "risks-badlikelihood.csv:3: likelihood 'high' is not a number" "names file, line and value"
[ -e "$TMP/bad" ] && not_ok "no snapshot after bad data" || ok "no snapshot after bad data"

cp "$F/risks-mapped.csv" "$TMP/mapped.csv"
cat >"$TMP/audit-map.json" <<JSON
{ "format": "auditkit-audit/1", "organisation": "Map Ltd",
  "sources": { "risks": { "url": "file:mapped.csv", "format": "csv",
    "column_map": { "id": "risk no.", "title": "Name of risk", "likelihood": "Chance", "impact": "Effect" } } } }
JSON
run fetch --audit "$TMP/audit-map.json" --output "$TMP/mapped"
expect_rc 0 "column_map names unusual headings"
expect_eq "$(jget "$TMP/mapped/facts.json" '[(r["id"], r["level"]) for r in d["risks"]]')" "[('X-2', 12), ('X-1', 10)]" \
	"mapped columns read"

cat >"$TMP/audit-typo.json" <<JSON
{ "format": "auditkit-audit/1",
  "sources": { "risks": { "url": "file:mapped.csv", "format": "csv",
    "colum_map": { "id": "risk no." } } } }
JSON
run fetch --audit "$TMP/audit-typo.json" --output "$TMP/typo"
expect_rc 3 "an unknown field in a source is bad data"
expect_in "$err" "audit-typo.json:3:" "names the line of the unknown field"

# ---- other file formats ------------------------------------------------------
run fetch --policy "$F/policy.html" --output "$TMP/html"
expect_rc 0 "HTML policy"
expect_eq "$(jget "$TMP/html/facts.json" 'd["policy"]["approved"], d["policy"]["review_due"], d["policy"]["version"]')" \
	"2026-02-10 2027-02-10 4.0" "dates in words normalised"
expect_eq "$(jget "$TMP/html/facts.json" 'd["policy"]["objectives"]')" \
	"['Fewer than 3 % click the simulation', 'WMS restored within 4 hours']" "objectives from the Target column"
expect_not_in "$(cat "$TMP/html/policy.txt")" "not text" "scripts are dropped"

run fetch --policy "file:$F/confluence/page-v2.json" --policy-format confluence --output "$TMP/conf"
expect_rc 0 "Confluence page saved as JSON"
expect_eq "$(jget "$TMP/conf/facts.json" 'd["policy"]["title"], d["policy"]["approved"], d["policy"]["review_due"]')" \
	"Acceptable Use Policy 2026-03-03 2027-03-03" "Confluence title and day-first dates"
expect_not_in "$(cat "$TMP/conf/policy.txt")" "hidden parameter" "macro parameters are dropped"

# ---- credentials ---------------------------------------------------------------
cat >"$TMP/audit-env.json" <<JSON
{ "format": "auditkit-audit/1",
  "sources": { "risks": { "url": "https://127.0.0.1:9/api", "format": "ciso-assistant",
    "auth": { "type": "token", "env": "AUDITKIT_T40_UNSET_TOKEN" } } } }
JSON
run fetch --audit "$TMP/audit-env.json" --output "$TMP/env"
expect_rc 2 "a credential variable that is not set"
expect_in "$err" "AUDITKIT_T40_UNSET_TOKEN" "names the variable"
run fetch --risks "https://user:$SECRET@127.0.0.1:9/x.csv" --output "$TMP/cred"
expect_rc 2 "credentials in a URL are refused"
expect_not_in "$out$err" "$SECRET" "the refused credential is not printed"

# ---- offline and atomic refresh --------------------------------------------------
mkdir "$TMP/org"
cp "$SRC/samples/policy.md" "$SRC/samples/risks.csv" "$SRC/samples/review.md" "$SRC/samples/audit.json" "$TMP/org/"
run fetch --audit "$TMP/org/audit.json" --output "$TMP/snap"
expect_rc 0 "fetch a copy of the sample"
cp "$TMP/snap/facts.json" "$TMP/facts.first"
rm "$TMP/org/risks.csv" "$TMP/org/policy.md" "$TMP/org/review.md"
run fetch --offline --audit "$TMP/org/audit.json" --output "$TMP/snap"
expect_rc 0 "--offline works from the snapshot alone"
expect_file_same "$TMP/snap/facts.json" "$TMP/facts.first" "offline facts are the same"
run fetch --offline --output "$TMP/none"
expect_rc 3 "--offline without a snapshot"

cp -R "$TMP/snap" "$TMP/snap.before"
run fetch --audit "$TMP/org/audit.json" --output "$TMP/snap"
expect_rc 4 "a refresh whose source is gone fails"
if diff -r "$TMP/snap" "$TMP/snap.before" >/dev/null; then ok "the failed refresh left the snapshot byte-identical"
else not_ok "the failed refresh left the snapshot byte-identical"; fi
cp "$F/risks-badlikelihood.csv" "$TMP/org/risks.csv"
cp "$SRC/samples/policy.md" "$TMP/org/"
run fetch --audit "$TMP/org/audit.json" --output "$TMP/snap"
expect_rc 3 "a refresh with bad data fails"
if diff -r "$TMP/snap" "$TMP/snap.before" >/dev/null; then ok "bad data left the snapshot byte-identical"
else not_ok "bad data left the snapshot byte-identical"; fi
expect_eq "$(ls -A "$TMP" | grep -c '^\.snap\.tmp')" "0" "no temporary folder left behind"
cp "$SRC/samples/risks.csv" "$SRC/samples/review.md" "$TMP/org/"
run fetch --audit "$TMP/org/audit.json" --output "$TMP/snap"
expect_rc 0 "a good refresh replaces the snapshot"

mkdir "$TMP/notasnap" && echo keep >"$TMP/notasnap/thesis.txt"
run fetch --risks "$SRC/samples/risks.csv" --output "$TMP/notasnap"
expect_rc 5 "refuses to replace a folder that is not a snapshot"
expect_eq "$(cat "$TMP/notasnap/thesis.txt")" "keep" "the folder is untouched"

# ---- init ---------------------------------------------------------------------------
run init "$TMP/audit1"
expect_rc 0 "init makes an audit folder"
expect_eq "$(jget "$TMP/audit1/audit.json" 'd["format"]')" "auditkit-audit/1" "init writes valid JSON"
[ -f "$TMP/audit1/README.md" ] && ok "init writes a README" || not_ok "init writes a README"
run init "$TMP/audit1"
expect_rc 5 "init refuses to overwrite audit.json"
cp "$SRC/samples/policy.md" "$SRC/samples/risks.csv" "$TMP/audit1/"
run fetch --audit "$TMP/audit1/audit.json" --output "$TMP/audit1/evidence"
expect_rc 0 "the audit.json init writes is read by fetch"

run fetch --help
expect_rc 0 "fetch --help"
expect_in "$out" "--offline" "help lists --offline"

# no credential anywhere
expect_not_in "$(cat "$TMP"/*/manifest.json "$TMP"/*/facts.json 2>/dev/null)" "$SECRET" "no secret in any snapshot"
