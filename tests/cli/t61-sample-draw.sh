#!/bin/sh
# t61-sample-draw: `auditkit sample draw` and `interviewees`: golden plans
# compared byte for byte, the same items from an independent implementation
# (tests/fixtures/sample/redraw.py, written from docs/sampling-format.md),
# the three population formats, standard input, and drawn seeds.
. "$(dirname "$0")/lib.sh"
S=$FIX/sample
PY=${PYTHON:-python3}

# The version in created_by changes from release to release; nothing else may.
norm() { sed 's/\(created_by.*auditkit \)[0-9][^"]*/\1VERSION/'; }

# golden NAME ARGS...: run in the fixtures folder (relative source path) and
# compare with golden/NAME.
golden() {
	g=$1
	shift
	(cd "$S" && "$AUDITKIT" sample "$@") >"$TMP/plan" 2>"$TMP/err"
	rc=$?
	expect_rc 0 "golden $g: exit 0"
	norm <"$TMP/plan" >"$TMP/plan.norm"
	expect_file_same "$TMP/plan.norm" "$S/golden/$g" "golden $g: byte-identical plan"
}

golden random-seed42.json draw changes.csv -n 8 --seed 42 \
	--objective "change management: were changes approved before deployment (A.8.32)"
golden systematic-seed7.csv draw changes.csv -m systematic -n 6 --seed 7 -f csv
golden stratified-seed3.json draw changes.csv -m stratified --strata department --all-strata -n 9 --seed 3
golden mus-seed11.json draw changes.csv -m mus --value amount -n 6 --seed 11
golden cell-seed5.json draw changes.csv -m cell --value amount -n 6 --seed 5
golden interviewees-seed1.json interviewees staff.csv --seed 1
golden judgement-seed9.json draw changes.csv -n 4 --seed 9 --include CHG-0013 --exclude CHG-0004 \
	--where site=Paris --keep description --objective "change approvals, Paris data centre"

# items of a JSON plan as "row,id[,hits]" lines
items() {
	"$PY" -c '
import json, sys
for it in json.load(open(sys.argv[1]))["items"]:
    print("%d,%s%s" % (it["row"], it["id"], ",%d" % it["hits"] if "hits" in it else ""))' "$1"
}

# cross: the same items as the independent implementation, for many seeds
cross() {
	desc=$1
	shift
	m=$1 n=$2 seed=$3
	shift 3
	case $m in mus | cell) extra_py="--value amount" extra="--value amount" ;;
	stratified) extra_py="--strata department $*" extra="--strata department $*" ;;
	*) extra_py="" extra="" ;;
	esac
	# shellcheck disable=SC2086
	"$AUDITKIT" sample draw "$S/changes.csv" -m "$m" -n "$n" --seed "$seed" $extra -o "$TMP/c.json" 2>/dev/null
	items "$TMP/c.json" >"$TMP/c.items"
	# shellcheck disable=SC2086
	"$PY" "$S/redraw.py" draw "$S/changes.csv" "$m" "$n" "$seed" $extra_py >"$TMP/p.items"
	if cmp -s "$TMP/c.items" "$TMP/p.items"; then ok "$desc"; else
		not_ok "$desc"
		diff "$TMP/c.items" "$TMP/p.items" | head -10 >&2
	fi
}
for seed in 0 1 2 3 18446744073709551615; do
	cross "random n=7 seed $seed matches redraw.py" random 7 "$seed"
	cross "systematic n=7 seed $seed matches redraw.py" systematic 7 "$seed"
	cross "stratified n=12 seed $seed matches redraw.py" stratified 12 "$seed"
	cross "stratified all strata n=6 seed $seed matches redraw.py" stratified 6 "$seed" --all-strata
	cross "mus n=9 seed $seed matches redraw.py" mus 9 "$seed"
	cross "cell n=9 seed $seed matches redraw.py" cell 9 "$seed"
done
cross "random n=N takes everything" random 40 5
cross "systematic n=N takes everything" systematic 40 5
cross "systematic n=1" systematic 1 5

# the three formats give the same items (the SHA-256 differs, the sample not)
for f in changes.csv changes.jsonl changes.json; do
	run sample draw "$S/$f" -m stratified --strata department -n 10 --seed 77 -o "$TMP/$f.plan.json"
	expect_rc 0 "format $f: exit 0"
	items "$TMP/$f.plan.json" >"$TMP/$f.items"
done
expect_file_same "$TMP/changes.csv.items" "$TMP/changes.jsonl.items" "CSV and JSON Lines: same items"
expect_file_same "$TMP/changes.csv.items" "$TMP/changes.json.items" "CSV and JSON array: same items"
run sample draw "$S/changes.jsonl" -m mus --value amount -n 6 --seed 11 -o "$TMP/mus-jsonl.json"
items "$TMP/mus-jsonl.json" >"$TMP/a.items"
items "$S/golden/mus-seed11.json" >"$TMP/b.items"
expect_file_same "$TMP/a.items" "$TMP/b.items" "JSON Lines mus: same items as the CSV golden"

# the recorded SHA-256 is the file's
sum=$(sha256sum "$S/changes.csv" | cut -d' ' -f1)
expect_in "$(cat "$S/golden/random-seed42.json")" "\"sha256\": \"$sum\"" "plan records the population's SHA-256"

# standard input: one pass for random, spooled for two-pass methods
"$AUDITKIT" sample draw - -n 8 --seed 42 <"$S/changes.csv" >"$TMP/stdin.json" 2>"$TMP/err"
rc=$?
expect_rc 0 "random from standard input: exit 0"
items "$TMP/stdin.json" >"$TMP/a.items"
items "$S/golden/random-seed42.json" >"$TMP/b.items"
expect_file_same "$TMP/a.items" "$TMP/b.items" "standard input: same items as from the file"
expect_in "$(cat "$TMP/stdin.json")" "\"sha256\": \"$sum\"" "standard input: same SHA-256"
cat "$S/changes.csv" | "$AUDITKIT" sample draw - -m stratified --strata department --all-strata -n 9 --seed 3 >"$TMP/stdin2.json" 2>"$TMP/err"
rc=$?
expect_rc 0 "stratified from a pipe: exit 0"
items "$TMP/stdin2.json" >"$TMP/a.items"
items "$S/golden/stratified-seed3.json" >"$TMP/b.items"
expect_file_same "$TMP/a.items" "$TMP/b.items" "stratified from a pipe: same items as from the file"
cat "$S/changes.csv" | "$AUDITKIT" sample draw - -m mus --value amount -n 6 --seed 11 >"$TMP/stdin3.json" 2>"$TMP/err"
rc=$?
expect_rc 0 "mus (two passes) from a pipe: exit 0"
items "$TMP/stdin3.json" >"$TMP/a.items"
items "$S/golden/mus-seed11.json" >"$TMP/b.items"
expect_file_same "$TMP/a.items" "$TMP/b.items" "pipe spooled for two passes: same items as from the file"
expect_in "$(cat "$TMP/stdin3.json")" "\"sha256\": \"$sum\"" "pipe spooled: same SHA-256"

# no --seed: one is drawn, printed, and redraws the same sample
run sample draw "$S/changes.csv" -n 5 -o "$TMP/drawn.json"
expect_rc 0 "drawn seed: exit 0"
expect_in "$err" "(use --seed to draw the same sample again)" "drawn seed is printed"
seed=$(printf '%s\n' "$err" | sed -n 's/^auditkit: seed \([0-9]*\) .*/\1/p')
run sample draw "$S/changes.csv" -n 5 --seed "$seed" -o "$TMP/again.json"
expect_file_same "$TMP/drawn.json" "$TMP/again.json" "the printed seed draws the same plan"
expect_in "$(cat "$TMP/drawn.json")" "\"seed\": \"$seed\"" "the drawn seed is in the plan"
run sample draw "$S/changes.csv" -n 5 --seed 1 -q -o "$TMP/q.json"
expect_eq "$err" "" "--quiet with --seed: nothing on standard error"

# -o FILE.csv chooses the CSV plan
run sample draw "$S/changes.csv" -n 3 --seed 4 -o "$TMP/plan.csv"
expect_rc 0 "-o plan.csv: exit 0"
expect_eq "$(head -1 "$TMP/plan.csv" | tr -d '\r')" '# format: "auditkit-sampling-plan/1"' "-o plan.csv writes the CSV plan"
expect_eq "$(grep -vc '^#' "$TMP/plan.csv")" "4" "CSV plan: header and 3 rows"

# interviewees: every department represented, role and site kept
run sample interviewees "$S/staff.csv" -n 8 --seed 12
expect_rc 0 "interviewees -n 8: exit 0"
depts=$(printf '%s' "$out" | "$PY" -c '
import json, sys
p = json.load(sys.stdin)
print(len(p["items"]), " ".join(sorted({i["stratum"] for i in p["items"]})), all("role" in i["columns"] for i in p["items"]))')
expect_eq "$depts" "8 Finance HR IT Legal Sales True" "interviewees: 8 people, all 5 departments, roles kept"
run sample interviewees "$S/staff.csv" -n 3 --seed 12
expect_rc 3 "interviewees fewer than departments: exit 3"
expect_in "$err" "cannot represent all 5 strata of 'department'" "interviewees: message"
