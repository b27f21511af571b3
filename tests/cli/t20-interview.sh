#!/bin/sh
# interview: coverage, time budget, seeds, earlier scripts, facts, formats,
# determinism and bad input.
. "$(dirname "$0")/lib.sh"
FACTS=$SRC/samples/facts.json

py() { "$PYTHON" -c "$@"; }

# The issue's done-means: 60 minutes cover all eight duties of 5.1 ...
run interview --role ceo --audit-type stage2 --minutes 60 --format json
expect_rc 0 "ceo stage2 60 minutes"
printf '%s' "$out" >"$TMP/s60.json"
got=$(py 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(sorted(d["coverage"]["covered"])), len(d["coverage"]["left_out"]), d["total_minutes"] <= 60)' "$TMP/s60.json")
expect_eq "$got" "5.1 a 5.1 b 5.1 c 5.1 d 5.1 e 5.1 f 5.1 g 5.1 h 0 True" "60 minutes cover all eight duties and fit"
got=$(py 'import json,sys; d=json.load(open(sys.argv[1])); q=d["questions"]; print(all(q[i]["priority"] <= q[i+1]["priority"] for i in range(len(q)-1)))' "$TMP/s60.json")
expect_eq "$got" "True" "key questions first (priority never goes down)"

# ... and 20 minutes fit 20 minutes and name what was left out.
run interview --role ceo --audit-type stage2 --minutes 20 --format json
expect_rc 0 "ceo stage2 20 minutes"
printf '%s' "$out" >"$TMP/s20.json"
got=$(py 'import json,sys; d=json.load(open(sys.argv[1])); print(d["total_minutes"] <= 20, sum(q["minutes"] for q in d["questions"]) + d["opening_minutes"] + d["closing_minutes"] == d["total_minutes"], len(d["coverage"]["left_out"]) > 0, all(g["reason"] == "time" for g in d["coverage"]["left_out"]))' "$TMP/s20.json")
expect_eq "$got" "True True True True" "20 minutes fit, add up and name the duties left out for time"
expect_in "$err" "20 minutes do not cover every duty" "a note says the time does not cover every duty"
run interview --role ceo --audit-type stage2 --minutes 20
expect_in "$out" "**Not covered by this script:**" "the Markdown script lists what it left out"
expect_in "$out" "5.1 h (" "the left-out duty is named with its paraphrase"

# Every role of top management gets every duty of 5.1 at every audit type
# in an hour.
for r in ceo board cfo coo ciso cio dept-head; do
	for a in stage1 stage2 surveillance recertification internal; do
		run interview --role $r --audit-type $a --minutes 60 --format json
		got=$(printf '%s' "$out" | py 'import json,sys; print(len(json.load(sys.stdin)["coverage"]["left_out"]))')
		[ "$got" = 0 ] || not_ok "$r $a leaves duties out"
	done
done
ok "every role and audit type covers all duties in 60 minutes"

# Same inputs, same bytes; in every format.
for f in md html json; do
	"$AUDITKIT" interview -r cfo --audit-type surveillance --minutes 45 --facts "$FACTS" -f $f -s 7 -o "$TMP/a.$f"
	"$AUDITKIT" interview -r cfo --audit-type surveillance --minutes 45 --facts "$FACTS" -f $f -s 7 -o "$TMP/b.$f"
	expect_file_same "$TMP/a.$f" "$TMP/b.$f" "$f output is byte-identical across runs"
done

# Seeds rotate interchangeable wordings, reproducibly.
seen=""
for s in 0 1 2 3 4 5 6 7; do
	"$AUDITKIT" interview -r ceo -f json -s $s -o "$TMP/seed$s.json"
	seen="$seen $(py 'import json,sys; print(",".join(sorted(q["id"] for q in json.load(open(sys.argv[1]))["questions"])))' "$TMP/seed$s.json" | md5sum | cut -c1-8)"
done
distinct=$(echo $seen | tr ' ' '\n' | sort -u | wc -l)
[ "$distinct" -ge 2 ] && ok "seeds pick different wordings ($distinct distinct scripts of 8)" || not_ok "seeds never change the script"

# The method's core first at every budget, for every role: the main risks,
# the policy, the review's decisions and resources (core-N tags in the
# bank), then the rest; a larger budget keeps what a smaller one asked.
"$AUDITKIT" banks show iso27001-2022 --format json >"$TMP/bank.json"
for role in board ceo cfo cio ciso coo dept-head isms-manager; do
	for m in 20 30 45 60 90; do
		"$AUDITKIT" interview -r $role --minutes $m -f json -o "$TMP/p-$role-$m.json" 2>/dev/null
	done
	got=$(py '
import json, re, sys
bank = {q["id"]: q for q in json.load(open(sys.argv[1]))["questions"]}
def core(i): return any(re.match(r"core-\d+$", t) for t in bank[i]["tags"])
plans = [[q["id"] for q in json.load(open(f))["questions"]] for f in sys.argv[2:]]
def rank(i): return next((t for t in bank[i]["tags"] if re.match(r"core-\d+$", t)), None)
def core_first(p):
    # every core rank the plan holds is asked before the first other question
    k = next((n for n, i in enumerate(p) if not core(i)), len(p))
    return {rank(i) for i in p if core(i)} <= {rank(i) for i in p[:k]}
first = all(core_first(p) for p in plans)
grows = all(set(filter(core, a)) <= set(filter(core, b)) for a, b in zip(plans, plans[1:]))
risks = any(bank[i]["clause"] == "6.1" for i in plans[0]) or not any(
    bank[i]["clause"] == "6.1" for i in plans[-1])
print(first, grows, risks)' "$TMP/bank.json" "$TMP/p-$role-20.json" "$TMP/p-$role-30.json" \
		"$TMP/p-$role-45.json" "$TMP/p-$role-60.json" "$TMP/p-$role-90.json")
	expect_eq "$got" "True True True" "$role at 20-90 minutes: the core first, kept as time grows, the risks at 20"
done

# An earlier script's questions are not repeated; where a duty has nothing
# else, the repeat is marked.
run interview -r ceo --audit-type surveillance --minutes 60 -f json --exclude-asked "$TMP/s60.json"
expect_rc 0 "exclude-asked runs"
printf '%s' "$out" >"$TMP/again.json"
got=$(py '
import json,sys
a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
asked={q["id"] for q in a["questions"]}
again=b["questions"]
rep=[q["id"] for q in again if q["id"] in asked]
print(all(q["repeated"] for q in again if q["id"] in asked), len(again) > 0, len(rep) < len(again), sorted(b["excluded_asked"]) == sorted(asked))' "$TMP/s60.json" "$TMP/again.json")
expect_eq "$got" "True True True True" "questions asked before are left out or marked as repeats"
# Last year's files as an auditor keeps them: the Markdown script, the notes
# typed into it, the scored interview, the findings register.
"$AUDITKIT" interview -r ceo --minutes 60 -o "$TMP/s60.md" 2>/dev/null
"$AUDITKIT" score "$SRC/samples/notes/keller-ceo.md" --facts "$FACTS" -o "$TMP/k.scored.json" -q
"$AUDITKIT" findings "$TMP/k.scored.json" -f json -o "$TMP/k.findings.json" -q
for f in "$TMP/s60.md" "$SRC/samples/notes/keller-ceo.md" "$TMP/k.scored.json" "$TMP/k.findings.json"; do
	run interview -r ceo --audit-type surveillance --minutes 60 -f json --exclude-asked "$f"
	expect_rc 0 "exclude-asked reads $(basename "$f")"
	printf '%s' "$out" >"$TMP/ex.json"
	got=$(py '
import json, re, sys
src, js = sys.argv[1], json.load(open(sys.argv[2]))
t = open(src).read()
if src.endswith(".md"):
    want = set(re.findall(r"^## (\d[^\s:]*-\w+)(?::|\s|$)", t, re.M))
elif "scored" in src:
    want = {q["id"] for q in json.loads(t)["questions"]}
else:
    want = {q["id"] for f in json.loads(t)["findings"] for q in f["questions"]}
got = js["excluded_asked"]
print(len(want) > 0, sorted(got) == sorted(want), len(got) == len(set(got)))' "$f" "$TMP/ex.json")
	expect_eq "$got" "True True True" "$(basename "$f"): its questions, each once, are the ones excluded"
done
run interview -r ceo --exclude-asked "$SRC/samples/notes/keller-ceo.md" --exclude-asked "$TMP/k.scored.json" \
	--exclude-asked "$TMP/s60.md" -f json
expect_rc 0 "as many --exclude-asked files as given"
printf 'Just some text, no headings.\n' >"$TMP/plain.txt"
run interview -r ceo --exclude-asked "$TMP/plain.txt"
expect_in "$err" "no question headings" "a text with no question headings is said to exclude nothing"

# Each record list once per script; later questions point back at it.
run interview -r ceo --minutes 90 --facts "$FACTS" -q
expect_eq "$(printf '%s\n' "$out" | grep -c '^>   - ISMS owner')" "1" "the named roles are listed once in a 90-minute script"
expect_in "$out" "> - Named roles: as listed under" "and pointed back at after"
run interview -r ceo --minutes 90 --facts "$FACTS" -f html -q
expect_eq "$(printf '%s\n' "$out" | grep -o 'ISMS owner' | wc -l | tr -d ' ')" "1" "once in the HTML script too"
# Room to write in proportion to the question's minutes.
got=$(printf '%s\n' "$out" | grep -o 'class="notes" style="min-height:[0-9.]*em"' | sort -u | wc -l | tr -d ' ')
[ "$got" -ge 2 ] && ok "the notes space follows the question's minutes ($got sizes)" || not_ok "one notes size for every question"

# Facts beside the questions: the top risks, in the register's order.
run interview -r ceo --minutes 60 --facts "$FACTS"
expect_rc 0 "interview with facts"
expect_in "$out" "**Check against the records:**" "records to check are shown"
top=$(py 'import json,sys; r=sorted(json.load(open(sys.argv[1]))["risks"], key=lambda r:(-r["level"], -r["impact"], -r["likelihood"], r["id"])); print(r[0]["id"] + " " + r[0]["title"])' "$FACTS")
expect_in "$out" ">   - $top" "the highest-rated risk is listed first"
expect_in "$out" "Policy version: 3.1" "the policy version is shown where a probe asks for it"

# The interviewee's agenda shows no expected answers.
run interview -r ceo --minutes 60 --facts "$FACTS" --audience interviewee
expect_rc 0 "interviewee agenda"
expect_not_in "$out" "Good evidence" "agenda has no expected answers"
expect_not_in "$out" "Check against" "agenda has no records to check"
expect_in "$out" "Leadership and commitment (clause 5.1)" "agenda groups topics by clause"
# Topics, not questions: an interviewee who has read "give me your top
# three risks" can be briefed, and the test is spoiled.
"$AUDITKIT" interview -r ceo --minutes 60 -f json -o "$TMP/ceo60.json"
words=$(py 'import json,sys; [print(q["question"]) for q in json.load(open(sys.argv[1]))["questions"]]' "$TMP/ceo60.json")
leaked=0
while IFS= read -r q; do
	case "$out" in *"$q"*) leaked=$((leaked + 1)) ;; esac
done <<EOF2
$words
EOF2
expect_eq "$leaked" "0" "the agenda gives no question's words"
expect_eq "$(printf '%s\n' "$out" | grep -c 'Leadership and commitment')" "1" "each topic once"
[ -z "$(printf '%s\n' "$out" | grep -E '[0-9]+ questions')" ] && ok "the agenda counts no questions" || not_ok "the agenda counts no questions"
run interview -r ceo --minutes 60 --audience interviewee -f html
expect_not_in "$out" "top three" "nor does the HTML agenda"
expect_in "$out" "Leadership and commitment (clause 5.1)" "the HTML agenda lists the topics"
run interview -r ceo --minutes 60 --audience interviewee --agenda questions
expect_in "$out" "Give me your top three" "--agenda questions gives the words, for those who want them"
run interview -r ceo --agenda questions
expect_rc 2 "--agenda without --audience interviewee is refused"
run interview -r ceo --audience interviewee --agenda everything
expect_rc 2 "--agenda everything is refused"

# audit.json says who is interviewed when and where: --interviewee takes the
# rest from it (the role too, unless --role is given), its name in any case.
run interview --audit "$SRC/samples/audit.json" --interviewee "daniel okafor" --minutes 30 -q
expect_in "$out" "interviewee: Daniel Okafor
role: cfo
date: 2026-11-18
auditor: Elena Varga" "the interviewee's role, date and auditor come from audit.json"
expect_in "$out" "organisation: Harbourline Logistics Ltd" "and the organisation, with no records given"
expect_not_in "$out" "seed:" "no seed in the auditor's copy unless one was given"
run interview --audit "$SRC/samples/audit.json" --interviewee "Daniel Okafor" --minutes 30 --audience interviewee -q
expect_in "$out" "(Daniel Okafor). 2026-11-18, 10:30, CFO office, Rotterdam HQ. Auditor: Elena Varga." \
	"the agenda says when, where and with whom"
run interview --audit "$SRC/samples/audit.json" --interviewee "Daniel Okafor" --role ceo -q
expect_in "$out" "role: ceo" "--role still wins over audit.json"
run interview --audit "$SRC/samples/audit.json" --interviewee "Nobody Here"
expect_in "$err" "'Nobody Here' is not among the interviewees of" "an interviewee audit.json does not list is said"
run interview -r ceo --seed 7 -q
expect_in "$out" "seed: 7" "a seed given is kept in the front matter"
sed 's/"date": "2026-11-18", "time": "10:30"/"date": "18.11.2026", "time": "10:30"/' "$SRC/samples/audit.json" >"$TMP/audit-bad.json"
run interview --audit "$TMP/audit-bad.json" --interviewee "Daniel Okafor"
expect_rc 3 "an interviewee's date that is not YYYY-MM-DD is refused"
expect_in "$err" "audit-bad.json:" "naming the file and line"

# Front matter and one "## id" section per question: the notes template.
run interview -r coo --minutes 30 --interviewee "Sofia Lindqvist" --auditor "Jonas Osei" --date 2026-11-19
printf '%s\n' "$out" >"$TMP/notes.md"
"$AUDITKIT" interview -r coo --minutes 30 -f json -o "$TMP/notes.json"
got=$(py '
import json,re,sys
md=open(sys.argv[1]).read(); js=json.load(open(sys.argv[2]))
fm=md.split("---\n")[1]
keys=dict(l.split(": ",1) for l in fm.strip().splitlines() if ": " in l)
ids=re.findall(r"^## (\S+): ", md, re.M)
print(keys["interviewee"], keys["role"], keys["date"], ids == [q["id"] for q in js["questions"]])' "$TMP/notes.md" "$TMP/notes.json")
expect_eq "$got" "Sofia Lindqvist coo 2026-11-19 True" "the Markdown is a notes template matching the plan"

# HTML is self-contained and escapes what the records say.
run interview -r ceo --minutes 60 -f html --facts "$FIX/facts/hostile.json"
expect_rc 0 "html with hostile facts"
expect_not_in "$out" "<script>" "no markup from the records reaches the page"
expect_in "$out" "Evil &lt;script&gt;" "record text is escaped"
expect_not_in "$out" "http" "no external resources"
printf '%s' "$out" | py 'import sys,html.parser; html.parser.HTMLParser().feed(sys.stdin.read())' && ok "html parses" || not_ok "html parses"
run interview -r ceo --minutes 60 --facts "$FIX/facts/hostile.json"
expect_eq "$(printf '%s\n' "$out" | grep -c '^## 5.1a-tell$')" "0" "a newline in the records cannot forge a notes section"
expect_eq "$(printf '%s\n' "$out" | grep -c '^## injected')" "0" "nor a heading"

# The top-risk order is level, impact, likelihood, id; unrated last.
run interview -r ceo -c 6.1 --facts "$FIX/facts/hostile.json" -f json
got=$(printf '%s' "$out" | py '
import json,sys
d=json.load(sys.stdin)
for q in d["questions"]:
    for c in q["check"]:
        if c["label"].startswith("Top risks"):
            print(" ".join(v.split()[0] for v in c["values"])); sys.exit()')
expect_eq "$got" "R-9 R-2 R-1 R-0" "top risks ordered by level, impact, likelihood, unrated last"

# The clause filter.
run interview -r ceo -c "5.1 c,9.3" -f json
got=$(printf '%s' "$out" | py 'import json,sys; print(sorted({q["clause"]+" "+(q["item"] or "") for q in json.load(sys.stdin)["questions"]}))')
expect_eq "$got" "['5.1 c', '9.3 ']" "clause filter keeps only 5.1 c and 9.3"

# Bad input.
run interview --role astronaut
expect_rc 2 "unknown role is a usage error"
run interview --minutes lots
expect_rc 2 "bad minutes is a usage error"
run interview --clauses 4.4
expect_rc 2 "a clause the bank does not have is a usage error"
run interview --facts "$FIX/facts/bad-field.json"
expect_rc 3 "facts with an unknown field exit 3"
expect_in "$err" "bad-field.json:5:5: unknown field 'versoin' in the policy" "the unknown facts field is named at its line"
run interview --facts "$FIX/facts/bad-date.json"
expect_rc 3 "facts with a bad date exit 3"
expect_in "$err" "bad-date.json:3:26: \"approved\" must be a date as YYYY-MM-DD" "a bad date is named at its line"
expect_in "$err" "bad-date.json:4:53: \"level\" must be a number" "a non-numeric level is named at its line"
run interview --exclude-asked "$FIX/facts/bad-field.json"
expect_rc 3 "an earlier script that is not a script exits 3"
run interview --bank "$FIX/banks/bad/09-weight-range.json"
expect_rc 3 "a bad bank exits 3"
expect_in "$err" "09-weight-range.json:29:61" "a bad bank is reported at its line"

# Outputs: written whole or not at all.
mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
if [ "$(id -u)" = 0 ]; then ok "read-only folder check skipped as root"; else
	run interview -o "$TMP/ro/script.md"
	expect_rc 5 "an unwritable output exits 5"
fi
echo "old" >"$TMP/keep.md"
run interview --facts "$FIX/facts/bad-field.json" -o "$TMP/keep.md"
expect_eq "$(cat "$TMP/keep.md")" "old" "a failed run leaves an existing output untouched"
run interview -o "$TMP/new.md"
expect_rc 0 "writing to a file"
expect_eq "$(ls -A "$TMP" | grep -c '^\.')" "0" "no temporary files left behind"
head -1 "$TMP/new.md" | grep -q '^---$' && ok "the file holds the script" || not_ok "the file holds the script"
if command -v ulimit >/dev/null 2>&1; then
	(ulimit -f 1; "$AUDITKIT" interview -r ceo --minutes 60 --facts "$FACTS" -o "$TMP/big.md" 2>"$TMP/fsz.err"; echo $? >"$TMP/fsz.rc")
	rc=$(cat "$TMP/fsz.rc")
	expect_eq "$rc" "5" "a file-size limit fails the run with exit 5"
	[ ! -e "$TMP/big.md" ] && ok "no partial output under a file-size limit" || not_ok "partial output left"
	expect_eq "$(ls -A "$TMP" | grep -c '^\.big')" "0" "no temporary file left under a file-size limit"
fi
