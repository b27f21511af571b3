#!/bin/sh
# t96-reading: files as people save them and messages that point the right
# way (issue 14, "Reading what people write" and "Resources"). A file with
# a byte-order mark, in UTF-16, with capitalised front-matter keys or old
# Mac line ends is read as its writer meant it: the same result as the
# plain file. What cannot be read is refused with exit 3 (or 2 for an
# option), a message naming the file and the line, nothing left in out/
# and the inputs unchanged (the fails() of t90). docs/failures.md, rows 93
# onwards.
. "$(dirname "$0")/lib.sh"
W=$TMP/w
mkdir -p "$W/in" "$W/out"
S=$SRC/samples
PY=${PYTHON:-python3}

sums() { (cd "$W" && find in -type f -exec sha256sum {} + | sort); }

# fails DESC RC MESSAGE ARGS...: auditkit ARGS in $W, refused
fails() {
	desc=$1 want=$2 msg=$3
	shift 3
	rm -rf "$W/out" && mkdir "$W/out"
	before=$(sums)
	(cd "$W" && "$AUDITKIT" "$@") >"$TMP/out" 2>"$TMP/err"
	rc=$?
	err=$(cat "$TMP/err")
	expect_rc "$want" "$desc: exit $want"
	expect_in "$err" "$msg" "$desc: message"
	expect_eq "$(ls -A "$W/out")" "" "$desc: nothing left in the output folder"
	expect_eq "$(sums)" "$before" "$desc: inputs unchanged"
}
# works DESC ARGS...: auditkit ARGS in $W succeeds
works() {
	desc=$1
	shift
	(cd "$W" && "$AUDITKIT" "$@") >"$TMP/out" 2>"$TMP/err"
	rc=$?
	err=$(cat "$TMP/err")
	expect_rc 0 "$desc: exit 0"
}
# judgement FILE: a scored interview without the notes' name and hash (what
# must not change when only the notes' encoding or layout does)
judgement() {
	"$PY" -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(json.dumps([[r["clause"], r["item"], r["score"], r["verdict"]] for r in d["requirements"]]),
      json.dumps([[q["id"], q["score"]] for q in d["questions"]]),
      d["interviewee"], d["role"], d["date"], d["audit"])' "$1"
}
u16() { "$PY" -c 'import sys; d=open(sys.argv[1],encoding="utf-8").read(); open(sys.argv[2],"wb").write(d.encode(sys.argv[3]))' "$@"; }

cp "$S/notes/keller-ceo.md" "$S/facts.json" "$S/manual-findings.csv" "$W/in/"
N=in/keller-ceo.md
FA=in/facts.json
(cd "$W" && "$AUDITKIT" score $N --facts $FA -o "$TMP/plain.json" -q) || not_ok "the plain notes score"
PLAIN=$(judgement "$TMP/plain.json")

# ---- a UTF-8 byte-order mark, everywhere UTF-8 is read --------------------------------
bom() { printf '\357\273\277' >"$2"; cat "$1" >>"$2"; }
bom "$S/facts.json" "$W/in/bom-facts.json"
works "a facts file with a BOM" score $N --facts in/bom-facts.json -o "$TMP/bf.json"
expect_eq "$(judgement "$TMP/bf.json")" "$PLAIN" "a facts file with a BOM: the same judgement"
works "interview --facts with a BOM" interview -r ceo --facts in/bom-facts.json -o "$TMP/s.md"
expect_in "$(cat "$TMP/s.md")" "organisation: Harbourline Logistics Ltd" "interview --facts with a BOM: the organisation read"
bom "$S/audit.json" "$W/in/bom-audit.json"
works "audit.json with a BOM" interview -r ceo --audit in/bom-audit.json -o "$TMP/s2.md"
bom "$SRC/rules/default.json" "$W/in/bom-rules.json"
works "findings --rules with a BOM" findings "$TMP/plain.json" --rules in/bom-rules.json -f json -o "$TMP/f1.json"
printf '\357\273\277' >"$W/in/bom-manual.json"
"$PY" -c 'import json; print(json.dumps({"format": "auditkit-manual/1", "findings": []}))' >>"$W/in/bom-manual.json"
(cd "$W" && "$AUDITKIT" findings "$TMP/plain.json" --manual in/bom-manual.json -f json -o "$TMP/f2.json") 2>"$TMP/err"
expect_not_in "$(cat "$TMP/err")" "$(printf '\357\273\277')" "manual findings JSON with a BOM: no invisible character in any message"
printf '\357\273\277[{"id": "A", "amount": "5"}, {"id": "B", "amount": "7"}]\n' >"$W/in/bom-pop.json"
works "a JSON population with a BOM" sample draw in/bom-pop.json -n 2 --seed 1 -o "$TMP/p.json"
printf '\357\273\277{"id": "A"}\n{"id": "B"}\n' >"$W/in/bom-pop.jsonl"
works "a JSON-lines population with a BOM" sample draw in/bom-pop.jsonl -n 2 --seed 1 -o "$TMP/p2.json"
(cd "$W" && "$AUDITKIT" sample draw in/bom-pop.json -n 2 --seed 1 -o "$TMP/plan.json" -q)
bom "$TMP/plan.json" "$W/in/bom-plan.json"
works "a sampling plan with a BOM" findings "$TMP/plain.json" --sampling in/bom-plan.json -f json -o "$TMP/f3.json"

# transcripts: WebVTT allows a BOM; SRT files from Windows tools carry one
printf '\357\273\277WEBVTT\n\nNOTE\ninterviewee: Maria Keller\nrole: ceo\ndate: 2026-11-18\n\n00:00:01.000 --> 00:00:04.000\n<v Auditor>How do you approve the security budget?\n\n00:00:05.000 --> 00:00:09.000\n<v Maria Keller>I sign every security purchase above 100,000 and I chaired the review.\n' >"$W/in/bom.vtt"
works "a WebVTT transcript with a BOM" score in/bom.vtt --facts $FA -o "$TMP/v.json"
expect_eq "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["interviewee"])' "$TMP/v.json")" "Maria Keller" "a WebVTT transcript with a BOM: its NOTE block read"
printf '\357\273\2771\r\n00:00:01,000 --> 00:00:04,000\r\nAuditor: How do you approve the security budget?\r\n\r\n2\r\n00:00:05,000 --> 00:00:09,000\r\nMaria: I sign every security purchase above 100,000.\r\n' >"$W/in/bom.srt"
works "an SRT transcript with a BOM" score in/bom.srt --interviewee Maria --role ceo --date 2026-11-18 --facts $FA -o "$TMP/srt.json"

# ---- UTF-16 --------------------------------------------------------------------------------
u16 "$S/facts.json" "$W/in/facts-le.json" utf-16
u16 "$S/facts.json" "$W/in/facts-be.json" utf-16-be
printf '\376\377' | cat - "$W/in/facts-be.json" >"$W/in/facts-be-bom.json" && rm "$W/in/facts-be.json"
works "UTF-16 facts (little-endian, BOM)" score $N --facts in/facts-le.json -o "$TMP/le.json"
expect_eq "$(judgement "$TMP/le.json")" "$PLAIN" "UTF-16 facts: converted, the same judgement"
works "UTF-16 facts (big-endian, BOM)" score $N --facts in/facts-be-bom.json -o "$TMP/be.json"
expect_eq "$(judgement "$TMP/be.json")" "$PLAIN" "UTF-16BE facts: the same judgement"
u16 "$S/manual-findings.csv" "$W/in/manual16.csv" utf-16
works "UTF-16 manual findings CSV" findings "$TMP/plain.json" --manual in/manual16.csv -f csv -o "$TMP/m16.csv"
(cd "$W" && "$AUDITKIT" findings "$TMP/plain.json" --manual in/manual-findings.csv -f csv -o "$TMP/m8.csv" -q)
expect_file_same "$TMP/m16.csv" "$TMP/m8.csv" "UTF-16 manual findings: the same findings as UTF-8"
u16 "$S/notes/keller-ceo.md" "$W/in/notes16.md" utf-16
fails "UTF-16 notes" 3 "'in/notes16.md' is UTF-16 (little-endian): save as UTF-8" score in/notes16.md --facts $FA -o out/s.json
u16 "$S/notes/keller-ceo.md" "$W/in/notes16-nobom.md" utf-16-le
fails "UTF-16 notes without a BOM" 3 "'in/notes16-nobom.md' looks like UTF-16 without a byte-order mark: save as UTF-8" \
	score in/notes16-nobom.md --facts $FA -o out/s.json
printf '\377\376\000\330' >"$W/in/bad16.json"
fails "UTF-16 with an unpaired surrogate" 3 "'in/bad16.json' is UTF-16 but not valid UTF-16" score $N --facts in/bad16.json -o out/s.json

u16 "$S/risks.csv" "$W/in/risks16.csv" utf-16
works "a UTF-16 CSV register" fetch --risks in/risks16.csv --output "$TMP/ev16"
cp "$S/risks.csv" "$W/in/risks8.csv"
works "the same register in UTF-8" fetch --risks in/risks8.csv --output "$TMP/ev8"
expect_file_same "$TMP/ev16/facts.json" "$TMP/ev8/facts.json" "a UTF-16 CSV register: converted, the same facts"
rm -f "$W/in/risks8.csv"
printf 'id,dept\nA,x\nB,y\n' >"$TMP/pop8.csv"
u16 "$TMP/pop8.csv" "$W/in/pop16.csv" utf-16
fails "a UTF-16 population" 3 "in/pop16.csv:1: UTF-16: save the population as UTF-8" sample draw in/pop16.csv -n 1 --seed 1 -o out/p.json

# ---- front matter as people write it -----------------------------------------------------
sed 's/^interviewee:/Interviewee:/; s/^role:/ROLE :/; s/^date:/Date:/' "$S/notes/keller-ceo.md" >"$W/in/caps.md"
works "capitalised front-matter keys" score in/caps.md --facts $FA -o "$TMP/caps.json"
expect_eq "$(judgement "$TMP/caps.json")" "$PLAIN" "capitalised keys: the same judgement"
sed 's/^---$/---   /' "$S/notes/keller-ceo.md" >"$W/in/fence.md"
works "'---' with trailing spaces" score in/fence.md --facts $FA -o "$TMP/fence.json"
expect_eq "$(judgement "$TMP/fence.json")" "$PLAIN" "'---' with trailing spaces: the same judgement"
tr '\n' '\r' <"$S/notes/keller-ceo.md" >"$W/in/cr.md"
works "CR-only line ends" score in/cr.md --facts $FA -o "$TMP/cr.json"
expect_eq "$(judgement "$TMP/cr.json")" "$PLAIN" "CR-only line ends: the same judgement"
expect_eq "$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(max(s["line"] for s in d["statements"]) > 20)' "$TMP/cr.json")" True "CR-only line ends: statements on their own lines"
sed 's/^audit: stage2/audit: Northwind Freight stage 2/' "$S/notes/keller-ceo.md" >"$W/in/audit.md"
works "a free-text audit line" score in/audit.md --facts $FA -o "$TMP/audit.json"
expect_eq "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["audit"])' "$TMP/audit.json")" "Northwind Freight stage 2" "a free-text audit line: kept as the audit's name"
sed "s/^interviewee: Maria Keller/interviewee: \"Maria Keller\"/; s/^role: ceo/role: 'ceo'/" "$S/notes/keller-ceo.md" >"$W/in/quoted.md"
works "quoted front-matter values" score in/quoted.md --facts $FA -o "$TMP/quoted.json"
expect_eq "$(judgement "$TMP/quoted.json")" "$PLAIN" "quoted values, as YAML has them: the same judgement"
sed 's/^date: 2026-11-18/date: 2026-11-18\nDate: 2026-11-19/' "$S/notes/keller-ceo.md" >"$W/in/dup.md"
fails "a front-matter key given twice" 3 "in/dup.md:6:1: 'date' is given twice, on lines 5 and 6: keep one" \
	score in/dup.md --facts $FA -o out/s.json
sed 's/^date: 2026-11-18/date: 18.11.2026/' "$S/notes/keller-ceo.md" >"$W/in/baddate.md"
fails "a bad date names its line" 3 "in/baddate.md:5: the interview date '18.11.2026' is not YYYY-MM-DD" \
	score in/baddate.md --facts $FA -o out/s.json
sed 's/^role: ceo/role: chef/' "$S/notes/keller-ceo.md" >"$W/in/badrole.md"
fails "a bad role names its line" 3 "in/badrole.md:4: unknown role 'chef'" score in/badrole.md --facts $FA -o out/s.json
printf 'WEBVTT\n\nNOTE\ninterviewee: A\nInterviewee: B\nrole: ceo\n\n00:00:01.000 --> 00:00:02.000\n<v A>Yes.\n' >"$W/in/dup.vtt"
fails "a NOTE key given twice" 3 "in/dup.vtt:5:1: 'interviewee' is given twice, on lines 4 and 5" score in/dup.vtt --facts $FA -o out/s.json

# ---- values written into headers ----------------------------------------------------------
fails "interview --interviewee with a line break" 2 "--interviewee holds a line break" \
	interview -r ceo --interviewee "$(printf 'Maria\nrole: board')" -o out/s.md
fails "interview --auditor with an escape" 2 "--auditor holds control character U+001B" \
	interview -r ceo --auditor "$(printf 'Jonas\033[2J')" -o out/s.md
fails "interview --interviewee with a line separator" 2 "--interviewee holds a Unicode line separator" \
	interview -r ceo --interviewee "$(printf 'Maria\342\200\250## 5.1 c')" -o out/s.md
fails "score --interviewee with a line break" 2 "--interviewee holds a line break" \
	score $N --facts $FA --interviewee "$(printf 'M\n## 5.1 c')" -o out/s.json
works "a name with accents and an apostrophe" interview -r ceo --interviewee "Zoë O'Brien" -o "$TMP/zoe.md"
expect_in "$(cat "$TMP/zoe.md")" "interviewee: Zoë O'Brien" "a name with accents and an apostrophe: written as given"

# ---- ids given twice ------------------------------------------------------------------------
printf 'Risk ID,Title,Likelihood,Impact\nR-1,Fire,2,5\nR-2,Flood,3,4\nR-1,Theft,1,1\n' >"$W/in/dup-risks.csv"
fails "a CSV register with an id twice" 3 "gives the id 'R-1' twice:" fetch --risks in/dup-risks.csv --output out/ev
expect_in "$err" "dup-risks.csv:2 and " "a CSV register with an id twice: the first line named"
expect_in "$err" "dup-risks.csv:4" "a CSV register with an id twice: the second line named"
printf '[{"id": "R1", "title": "a"}, {"id": "R2", "title": "b"}, {"id": "R1", "title": "c"}]\n' >"$W/in/dup-risks.json"
fails "a JSON register with an id twice" 3 "gives the id 'R1' twice:" fetch --risks in/dup-risks.json --risks-format json --output out/ev
expect_in "$err" "[0] and " "a JSON register with an id twice: both items named"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["risks"].append(dict(d["risks"][0])); json.dump(d, open(sys.argv[2], "w"), indent=2)' "$S/facts.json" "$W/in/dup-facts.json"
fails "facts.json with a risk id twice" 3 "risk id 'R-01' is given twice: here and on line" score $N --facts in/dup-facts.json -o out/s.json
expect_in "$err" "in/dup-facts.json:" "facts.json with a risk id twice: the file and line of the repeat"

printf 'id,dept\nA,x\nB,y\nA,z\n' >"$W/in/dup-pop.csv"
fails "a CSV population with an id twice" 3 "in/dup-pop.csv:4: id 'A' is given twice, on lines 2 and 4" \
	sample draw in/dup-pop.csv -n 2 --seed 1 -o out/p.json
printf '[{"id": "A"}, {"id": "B"}, {"id": "A"}]\n' >"$W/in/dup-pop.json"
fails "a JSON population with an id twice" 3 "in/dup-pop.json: id 'A' is given twice, items 1 and 3" \
	sample draw in/dup-pop.json -n 2 --seed 1 -m systematic -o out/p.json
works "an id twice outside the --where filter" sample draw in/dup-pop.csv --where dept=x -n 1 --seed 1 -o "$TMP/dp.json"
# the check's table at its bound: 500,000 ids, the last a repeat of the
# first, refused; one more row, and the repeat is past the bound: a warning
"$PY" -c 'import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("id,dept\n")
    f.writelines("T%07d,x\n" % i for i in range(1, n))
    f.write("T0000001,x\n")' "$W/in/bound.csv" 500000
fails "an id repeated as the 500,000th row" 3 "in/bound.csv:500001: id 'T0000001' is given twice, on lines 2 and 500001" \
	sample draw in/bound.csv -n 2 --seed 1 -o out/p.json
"$PY" -c 'import sys
n = int(sys.argv[2])
with open(sys.argv[1], "w") as f:
    f.write("id,dept\n")
    f.writelines("T%07d,x\n" % i for i in range(1, n))
    f.write("T0000001,x\n")' "$W/in/bound.csv" 500001
works "an id repeated past the 500,000th row" sample draw in/bound.csv -n 2 --seed 1 -o "$TMP/bound.json"
expect_in "$err" "ids were checked for duplicates in the first 500000 rows only" "past the bound: the warning says how far"
rm -f "$W/in/bound.csv"

# ---- messages that point the right way -----------------------------------------------------
printf 'id;amount\nA;1.234,56\nB;12,50\nC;100\n' >"$W/in/eu.csv"
fails "a decimal comma" 3 "in/eu.csv:2: value '1.234,56' in column 'amount' looks like a decimal comma" \
	sample draw in/eu.csv -m mus --value amount -n 2 --seed 1 -o out/p.json
expect_in "$err" "--decimal-comma" "a decimal comma: how to read it"
works "--decimal-comma" sample draw in/eu.csv -m mus --value amount -n 2 --seed 1 --decimal-comma -o "$TMP/eu.json"
expect_eq "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["parameters"]["total"])' "$TMP/eu.json")" "1347.06" "--decimal-comma: 1.234,56 + 12,50 + 100"
printf 'id,amount\nA,"1,234.56"\n' >"$W/in/th.csv"
fails "a thousands separator" 3 "has thousands separators: give --thousands" \
	sample draw in/th.csv -m mus --value amount -n 1 --seed 1 -o out/p.json
printf 'Risk ID,Title,Likelihood,Impact\nR-1,Fire,-3,5\n' >"$W/in/neg.csv"
fails "likelihood -3" 3 "in/neg.csv:2: likelihood '-3' is below zero" fetch --risks in/neg.csv --output out/ev
expect_not_in "$err" "not a number" "likelihood -3: not called 'not a number'"
printf '[{"id": "R1", "title": "a", "impact": -2}]\n' >"$W/in/neg.json"
fails "impact -2 in a JSON register" 3 "impact '-2' is below zero" fetch --risks in/neg.json --risks-format json --output out/ev
(cd "$W" && "$AUDITKIT" findings "$TMP/plain.json" --manual in/manual-findings.csv -f json -o "$TMP/mf.json" -q)
(cd "$W" && "$AUDITKIT" findings "$TMP/plain.json" --manual /dev/stdin -f json -o "$TMP/mp.json" -q <in/manual-findings.csv)
rc=$?
expect_rc 0 "--manual a pipe: exit 0"
# the same findings; the input named as given, with the SHA-256 of what was read
nofile() { grep -v '"file": ' "$1"; }
expect_eq "$(nofile "$TMP/mp.json")" "$(nofile "$TMP/mf.json")" "--manual a pipe: read, the same findings and hash as the file"
(cd "$W" && cat in/manual-findings.csv | "$AUDITKIT" findings "$TMP/plain.json" --manual - -f json -o "$TMP/ms.json" -q)
expect_eq "$(nofile "$TMP/ms.json")" "$(nofile "$TMP/mf.json")" "--manual -: the same findings and hash as the file"
(cd "$W" && "$AUDITKIT" score $N --facts - -o "$TMP/stdin.json" -q <$FA) 2>"$TMP/err"
rc=$?
expect_rc 0 "score --facts -: exit 0"
expect_eq "$(judgement "$TMP/stdin.json")" "$PLAIN" "score --facts -: the same judgement"
(cd "$W" && "$AUDITKIT" score $N --facts /dev/stdin -o "$TMP/pipe.json" -q <$FA) 2>"$TMP/err"
expect_eq "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["facts"]["sha256"])' "$TMP/pipe.json")" \
	"$(sha256sum <"$W/$FA" | cut -d' ' -f1)" "score --facts a pipe: the SHA-256 of the records read, not of the drained pipe"
(cd "$W" && printf '{' | "$AUDITKIT" score $N --facts - -o "$TMP/stdin2.json") 2>"$TMP/err"
rc=$?
expect_rc 3 "score --facts - with bad JSON: exit 3"
expect_in "$(cat "$TMP/err")" "(standard input):" "score --facts - with bad JSON: a message naming standard input"
mkdir "$W/outdir"
works "score one.md -o an existing folder/" score $N --facts $FA -o outdir/
expect_eq "$(ls "$W/outdir")" "keller-ceo.scored.json" "score one.md -o folder/: written into it"
expect_in "$err" "'outdir/keller-ceo.scored.json'" "score one.md -o folder/: the path named without '//'"
rm -rf "$W/outdir"
mkdir "$W/outdir"
works "score one.md -o an existing folder" score $N --facts $FA -o outdir
expect_eq "$(ls "$W/outdir")" "keller-ceo.scored.json" "score one.md -o folder: written into it"
rm -rf "$W/outdir"

# ---- the sampling plan's CSV keeps formula-like cells as text ------------------------------
printf 'id,title\n"=HYPERLINK(""http://x"")",a\n-12,b\n@SUM(A1),c\n+1,d\n'"'"'=x,e\nplain,f\n' >"$W/in/inj.csv"
works "a plan of formula-like ids" sample draw in/inj.csv -n 6 --seed 1 --keep title -f csv -o "$TMP/inj-plan.csv"
plan=$(cat "$TMP/inj-plan.csv")
expect_in "$plan" "\"'=HYPERLINK(\"\"http://x\"\")\"" "plan CSV: '=' guarded"
expect_in "$plan" ",'-12," "plan CSV: '-' guarded"
expect_in "$plan" ",'@SUM(A1)," "plan CSV: '@' guarded"
expect_in "$plan" ",'+1," "plan CSV: '+' guarded"
expect_in "$plan" ",''=x," "plan CSV: an apostrophe before '=' doubled, so reading back is exact"
expect_in "$plan" ",plain," "plan CSV: a plain id as it is"
cp "$TMP/inj-plan.csv" "$W/in/inj-plan.csv"
works "a guarded plan read back" findings "$TMP/plain.json" --sampling in/inj-plan.csv -f xlsx -o "$TMP/inj.xlsx"
got=$("$PY" -c 'import zipfile,re,sys
z=zipfile.ZipFile(sys.argv[1]); t=" ".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
c=set(re.findall(r"<t[^>]*>([^<]*)</t>", t))
want = ["=HYPERLINK(\"http://x\")", "-12", "@SUM(A1)", "+1", "\x27=x", "plain"]
print(all(x in c for x in want) or [x for x in want if x not in c])' "$TMP/inj.xlsx")
expect_eq "$got" True "a guarded plan read back: the ids as drawn"

# ---- resources -------------------------------------------------------------------------------
start=$(date +%s)
fails "findings --manual /dev/zero" 3 "/dev/zero:1: not a text file: a NUL byte at offset 0" \
	findings "$TMP/plain.json" --manual /dev/zero -f csv -o out/f.csv
fails "score /dev/zero" 3 "/dev/zero:1: not a text file: a NUL byte" score /dev/zero --facts $FA -o out/s.json
fails "score --facts /dev/zero" 3 "/dev/zero:1: not a text file" score $N --facts /dev/zero -o out/s.json
expect_eq "$(( $(date +%s) - start < 10 ))" 1 "/dev/zero is refused at once, not after the limit"
truncate -s 65M "$W/in/huge.md"
fails "notes over 64 MiB" 3 "'in/huge.md' is larger than the limit of 67108864 bytes (64 MiB)" score in/huge.md --facts $FA -o out/s.json
expect_in "$err" "68157440 bytes" "notes over 64 MiB: refused on their size, before reading"
truncate -s 1025M "$W/in/huge.csv"
fails "manual findings over 1 GiB" 3 "'in/huge.csv' is larger than the limit of 1073741824 bytes (1024 MiB)" \
	findings "$TMP/plain.json" --manual in/huge.csv -f csv -o out/f.csv
# JSON is parsed whole in memory: its limit stays at 256 MiB
printf '{' >"$W/in/huge.json"
truncate -s 257M "$W/in/huge.json"
fails "manual JSON over 256 MiB" 3 "'in/huge.json' is larger than the limit of 268435456 bytes (256 MiB)" \
	findings "$TMP/plain.json" --manual in/huge.json -f csv -o out/f.csv
rm -f "$W/in/huge.md" "$W/in/huge.csv" "$W/in/huge.json"
printf 'Risk ID,Title,Likelihood,Impact\nR-1,Fire,99999,5\n' >"$W/in/huge-risk.csv"
fails "likelihood 99999" 3 "likelihood '99999' is out of range (0 to 100" fetch --risks in/huge-risk.csv --output out/ev
printf 'Risk ID,Title,Level\nR-1,Fire,20000\n' >"$W/in/huge-level.csv"
fails "level 20000" 3 "level '20000' is out of range (0 to 10000" fetch --risks in/huge-level.csv --output out/ev
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["risks"][1]["likelihood"]=99999; json.dump(d, open(sys.argv[2], "w"), indent=2)' "$S/facts.json" "$W/in/big-facts.json"
fails "facts.json likelihood 99999" 3 "\"likelihood\" 99999 is out of range" score $N --facts in/big-facts.json -o out/s.json

# a scored file edited by hand
"$PY" - "$TMP/plain.json" "$W/in" <<'PY'
import json, sys, copy
d = json.load(open(sys.argv[1]))
q = copy.deepcopy(d)
for x in q["questions"]:
    if x["score"] in (0, 1):
        x["score"] = 3; break
json.dump(q, open(sys.argv[2] + "/edited-question.json", "w"), indent=2)
v = copy.deepcopy(d)
for r in v["requirements"]:
    if r["verdict"] == "pass":
        r["verdict"] = "fail"; break
json.dump(v, open(sys.argv[2] + "/edited-verdict.json", "w"), indent=2)
p = copy.deepcopy(d)
for f in p["proposed_findings"]:
    if f["score"] is not None:
        f["score"] = 3 - f["score"] if f["score"] != 1 else 3; break
json.dump(p, open(sys.argv[2] + "/edited-finding.json", "w"), indent=2)
PY
fails "a question's score edited by hand" 3 "cannot come from its statements" findings in/edited-question.json -f json -o out/f.json
expect_in "$err" "was it edited by hand? score the notes again" "a question's score edited by hand: what to do"
fails "a verdict edited by hand" 3 "does not go with score" findings in/edited-verdict.json -f json -o out/f.json
fails "a proposed finding's score edited by hand" 3 "proposed finding P" findings in/edited-finding.json -f json -o out/f.json
works "the file as scored" findings "$TMP/plain.json" -f json -o "$TMP/ok.json"

# many short marked lines: the scored file grows linearly, statements are capped
if [ "${VALGRIND:-}" = 1 ]; then ok "marked lines skipped under valgrind"; exit 0; fi
marked() {
	"$PY" - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ninterviewee: Maria Keller\nrole: ceo\ndate: 2026-11-18\n---\n\n## 5.1 c\n\n")
    for i in range(int(sys.argv[2])):
        f.write("+ I sign every security budget %d.\n" % i)
PY
}
marked "$W/in/m1.md" 5000
marked "$W/in/m2.md" 10000
works "5,000 marked lines" score in/m1.md --facts $FA -o "$TMP/m1.json"
works "10,000 marked lines" score in/m2.md --facts $FA -o "$TMP/m2.json"
got=$("$PY" -c 'import os,sys; r=os.path.getsize(sys.argv[2])/os.path.getsize(sys.argv[1]); print(1.8 < r < 2.2 or r)' "$TMP/m1.json" "$TMP/m2.json")
expect_eq "$got" True "twice the marked lines, twice the scored file (linear)"
"$PY" -c 'import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ninterviewee: Maria Keller\nrole: ceo\ndate: 2026-11-18\n---\n\n## 5.1 c\n\n")
    f.write("+ ok.\n" * 100050)' "$W/in/many.md"
works "100,050 marked lines" score in/many.md --facts $FA -o "$TMP/many.json" -f md
expect_in "$err" "scored on their first 100000 statements; the rest was not read" "100,050 marked lines: capped, and the auditor is told"
expect_in "$err" "in/many.md:100008" "100,050 marked lines: the line where reading stopped"
