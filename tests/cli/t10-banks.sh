#!/bin/sh
# banks: list, show, validate; every malformed bank gets its own message at
# file:line:column and exit 3.
. "$(dirname "$0")/lib.sh"

run banks validate "$SRC/question-banks/iso27001-2022/bank.json" "$SRC/question-banks/iso9001-2015"
expect_rc 0 "the shipped banks validate"
expect_in "$out" "iso27001-2022 1.1.0" "27001 bank named with its version"
expect_in "$out" "iso9001-2015 1.1.0" "9001 bank named with its version"

run banks validate "$FIX/banks/good"
expect_rc 0 "a good bank folder validates"

# A folder of banks, as a user types it: each bank in it, in path order.
run banks validate "$SRC/question-banks"
expect_rc 0 "the folder of banks validates"
expect_in "$out" "question-banks/iso27001-2022/bank.json: ok: iso27001-2022" "the folder's 27001 bank"
expect_in "$out" "question-banks/iso9001-2015/bank.json: ok: iso9001-2015" "the folder's 9001 bank"
mkdir -p "$TMP/banks2/a" "$TMP/banks2/b"
cp "$FIX/banks/good/bank.json" "$TMP/banks2/a/bank.json"
cp "$FIX/banks/bad/12-unknown-role.json" "$TMP/banks2/b/bank.json"
run banks validate "$TMP/banks2"
expect_rc 3 "a folder with a bad bank exits 3"
expect_in "$out" "banks2/a/bank.json: ok" "the good bank in the folder is reported ok"
expect_in "$err" "banks2/b/bank.json:40:24" "the bad bank in the folder is named at file:line:column"
run banks validate "$TMP"
expect_rc 3 "a folder with no bank in it exits 3"
expect_in "$err" "bank.json: cannot open" "a folder with no bank in it is named"

# Each malformed bank: exit 3 and the exact diagnostic of its .expect file,
# where @ stands for the folder of the bad banks.
D=$FIX/banks/bad
n=0
for f in "$D"/*.json; do
	case $f in *-b.json) continue ;; esac
	name=$(basename "$f" .json)
	want=$(sed "s|@|$D|g" "$D/$name.expect")
	run banks validate "$f"
	expect_rc 3 "$name exits 3"
	expect_in "$err" "$want" "$name message"
	n=$((n + 1))
done
[ "$n" -ge 15 ] && ok "at least 15 malformed banks ($n)" || not_ok "only $n malformed banks"

# Several files: every problem reported, the good one still says ok, exit 3.
run banks validate "$FIX/banks/good/bank.json" "$D/09-weight-range.json" "$D/12-unknown-role.json"
expect_rc 3 "mixed good and bad files exit 3"
expect_in "$out" "mini 1.0.0, 3 questions" "the good file is still reported ok"
expect_in "$err" "09-weight-range.json:29:61" "first bad file reported"
expect_in "$err" "12-unknown-role.json:40:24" "second bad file reported"

run banks validate "$TMP/nope.json"
expect_rc 3 "a missing file exits 3"
expect_in "$err" "nope.json: cannot open" "a missing file is named"

run banks validate
expect_rc 2 "validate with no files is a usage error"

# list and show find the shipped banks through the binary's location.
run banks list
expect_rc 0 "banks list"
expect_in "$out" "iso27001-2022" "list shows the 27001 bank"
expect_in "$out" "iso9001-2015" "list shows the 9001 bank"

AUDITKIT_BANKS=$FIX/banks run banks list
expect_in "$out" "mini" "AUDITKIT_BANKS folders are searched first"

run banks show iso27001-2022 --clauses "5.1 c"
expect_rc 0 "banks show by id"
expect_in "$out" "5.1c-tell" "show filters by clause item"
expect_not_in "$out" "5.1a-tell" "show leaves out other items"

run banks show iso27001-2022 --format json
expect_rc 0 "banks show json"
n=$(printf '%s' "$out" | "$PYTHON" -c 'import json,sys; print(len(json.load(sys.stdin)["questions"]))')
[ "$n" -ge 60 ] && ok "27001 bank has at least 60 questions ($n)" || not_ok "27001 bank has $n questions"

# The 9001 bank reuses the 27001 core with its own words and clause numbers.
run banks show iso9001-2015 --format json
printf '%s' "$out" >"$TMP/9001.json"
"$PYTHON" - "$TMP/9001.json" <<'PY' >"$TMP/check" 2>&1
import json, sys
b = json.load(open(sys.argv[1]))
qs = b["questions"]
core = [q for q in qs if "hs-core" in q["tags"]]
assert len(core) >= 30, "few core questions: %d" % len(core)
for q in core:
    text = " ".join([q["question"]] + q["follow_ups"] + q["good"])
    assert "ISMS" not in text and "information security" not in text.lower(), q["id"]
items = {q["item"] for q in qs if q["clause"] == "5.1.1"}
assert set("abcdefghij") <= items, sorted(items)
assert any(q["clause"] == "5.1.2" for q in qs), "no customer focus"
assert any(q["clause"] == "5.1.1" and q["item"] == "a" for q in qs)
assert any(q["clause"] == "5.1.1" and q["item"] == "d" for q in qs)
print("ok")
PY
expect_in "$(cat "$TMP/check")" "ok" "9001 reuses the core with quality words and adds its own items"
# The id the auditor types notes under agrees with the clause it asks about
# (an included question's id follows the include's clause map).
for bk in iso27001-2022 iso9001-2015; do
	"$AUDITKIT" banks show $bk --format json >"$TMP/b.json"
	got=$("$PYTHON" -c '
import json, re, sys
b = json.load(open(sys.argv[1]))
bad = [q["id"] + " on " + q["clause"] + " " + (q.get("item") or "") for q in b["questions"]
       if not re.match(r"^q?" + re.escape(q["clause"] + (q.get("item") or "")) + "-", q["id"])]
print(len(b["questions"]) > 50, bad[:5])' "$TMP/b.json")
	expect_eq "$got" "True []" "$bk: every question id opens with its clause and item"
done
# At 20 minutes the 9001 chief executive is asked about customers too.
run interview --bank iso9001-2015 --role ceo --minutes 20 -f json
got=$(printf '%s' "$out" | "$PYTHON" -c 'import json,sys; print(sorted({q["clause"] for q in json.load(sys.stdin)["questions"]}))')
expect_eq "$got" "['5.1.2', '5.2.1', '6.1', '9.3']" "9001 at 20 minutes: risks, policy, customer focus and the review"

run banks show no-such-bank
expect_rc 3 "show of an unknown bank exits 3"
