#!/bin/sh
# interview --follow-up: at a surveillance audit, the questions on last
# year's open findings come first; closed ones and conformities do not.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}

"$AUDITKIT" score "$SRC"/samples/notes/*.md --facts "$SRC/samples/facts.json" -o "$TMP/scored" -q
"$AUDITKIT" findings "$TMP"/scored/*.scored.json --audit "$SRC/samples/audit.json" -f json -o "$TMP/f.json" -q
"$PY" -c '
import json,sys
d=json.load(open(sys.argv[1]))
keep=[f for f in d["findings"] if f["clause"] in ("6.2", "9.3")]
for f in keep:
    if f["clause"] == "9.3": f["status"] = "closed"; f["grade"] = "minor"
d["findings"]=keep
json.dump(d, open(sys.argv[2], "w"))' "$TMP/f.json" "$TMP/last.json"
run interview --role cfo --audit-type surveillance --minutes 30 --follow-up "$TMP/last.json" -f json -o "$TMP/s.json"
expect_rc 0 "a surveillance script following up last year's findings"
expect_in "$err" "following up OBS-" "it says which findings it follows up"
first=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["questions"][0]["clause"])' "$TMP/s.json")
expect_eq "$first" "6.2" "the question on the open finding comes first"
"$AUDITKIT" interview --role cfo --audit-type surveillance --minutes 30 -f json -o "$TMP/s0.json" -q
first=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["questions"][0]["clause"])' "$TMP/s0.json")
[ "$first" != "6.2" ] && ok "without it, 6.2 is not first ($first)" || not_ok "without --follow-up 6.2 comes first too: the test proves nothing"
expect_not_in "$err" "9.3" "a closed finding is not followed up"
printf '{"format": "auditkit-scored/2"}' >"$TMP/notfindings.json"
run interview --role cfo --follow-up "$TMP/notfindings.json" -o "$TMP/x.md"
expect_rc 3 "a file that is not a findings register is refused"
