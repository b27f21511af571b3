#!/bin/sh
# t62-sample-errors: bad input gets exit 3, a clear message with file and
# line where there is one, an unchanged input and no output file left.
. "$(dirname "$0")/lib.sh"
S=$FIX/sample

# fails_cleanly DESC FILE MESSAGE ARGS...: `sample draw` on a copy of FILE
# with -o, expecting exit 3, MESSAGE on standard error, the input's checksum
# unchanged, and nothing (not even a temporary file) in the output folder.
fails_cleanly() {
	desc=$1 file=$2 msg=$3
	shift 3
	rm -rf "$TMP/w" && mkdir -p "$TMP/w/out"
	cp "$S/$file" "$TMP/w/$file"
	before=$(sha256sum "$TMP/w/$file" | cut -d' ' -f1)
	(cd "$TMP/w" && "$AUDITKIT" sample draw "$file" "$@" -o out/plan.json) >"$TMP/out" 2>"$TMP/err"
	rc=$?
	err=$(cat "$TMP/err")
	expect_rc 3 "$desc: exit 3"
	expect_in "$err" "$msg" "$desc: message"
	after=$(sha256sum "$TMP/w/$file" | cut -d' ' -f1)
	expect_eq "$after" "$before" "$desc: input unchanged"
	expect_eq "$(ls -A "$TMP/w/out")" "" "$desc: no output file left"
}

fails_cleanly "ragged row" ragged.csv "ragged.csv:4: row has 2 fields, the header has 3" -n 1 --seed 1
fails_cleanly "bare quote in an unquoted field" bare-quote.csv \
	"bare-quote.csv:5: field 3 has a quote but does not start with one" -n 1 --seed 1
fails_cleanly "missing id column" changes.csv "changes.csv:1: no column 'ref' in the header" -n 1 --seed 1 --id ref
fails_cleanly "missing strata column" changes.csv "changes.csv:1: no column 'dept' in the header" \
	-m stratified --strata dept -n 5 --seed 1
fails_cleanly "missing value column" changes.csv "changes.csv:1: no column 'value' in the header" \
	-m mus --value value -n 5 --seed 1
fails_cleanly "non-numeric value for mus" bad-amount.csv \
	"bad-amount.csv:3: value '1O.00' in column 'amount' is not a number" -m mus --value amount -n 2 --seed 1
fails_cleanly "negative value for mus" negative-amount.csv \
	"negative-amount.csv:4: value '-3.00' in column 'amount' is negative" -m mus --value amount -n 2 --seed 1
fails_cleanly "too many decimals for mus" changes.csv "has more decimals than --decimals allows" \
	-m cell --value amount --decimals 1 -n 2 --seed 1
fails_cleanly "sample larger than the population" changes.csv \
	"a sample of 41 is larger than the population of 40 rows in 'changes.csv'" -n 41 --seed 1
fails_cleanly "systematic larger than the population" changes.csv \
	"a sample of 41 is larger than the population of 40 rows in 'changes.csv'" -m systematic -n 41 --seed 1
fails_cleanly "larger than the filtered population" changes.csv \
	"a sample of 14 is larger than the population of 13 rows in 'changes.csv'" -n 14 --seed 1 --where site=Paris
fails_cleanly "include of an unknown id" changes.csv "--include 'CHG-9999' matches no row of 'changes.csv'" \
	-n 2 --seed 1 --include CHG-9999
# a population that cannot be read
rm -rf "$TMP/w" && mkdir -p "$TMP/w/out"
run sample draw "$TMP/w/nope.csv" -n 1 --seed 1 -o "$TMP/w/out/plan.json"
expect_rc 3 "missing file: exit 3"
expect_in "$err" "cannot open '$TMP/w/nope.csv': No such file or directory" "missing file: message"
expect_eq "$(ls -A "$TMP/w/out")" "" "missing file: no output file left"
run sample draw "$TMP/w" -n 1 --seed 1
expect_rc 3 "a folder: exit 3"
expect_in "$err" "Is a directory" "a folder: message"
if [ "$(id -u)" -ne 0 ]; then
	cp "$S/changes.csv" "$TMP/w/locked.csv" && chmod 000 "$TMP/w/locked.csv"
	run sample draw "$TMP/w/locked.csv" -n 1 --seed 1
	expect_rc 3 "unreadable file: exit 3"
	expect_in "$err" "Permission denied" "unreadable file: message"
fi

# JSON and JSON Lines name the line too
printf '{"id": "A"}\n{"id": "B", }\n' >"$TMP/bad.jsonl"
run sample draw "$TMP/bad.jsonl" -n 1 --seed 1
expect_rc 3 "bad JSON Lines: exit 3"
expect_in "$err" "bad.jsonl:2:" "bad JSON Lines: file:line"
printf '{"id": "A"}\n{"name": "B"}\n' >"$TMP/noid.jsonl"
run sample draw "$TMP/noid.jsonl" -n 1 --seed 1
expect_rc 3 "JSON Lines without id: exit 3"
expect_in "$err" "noid.jsonl:2: no 'id' field" "JSON Lines without id: message"

# out-of-range values on the draw command line are bad input too
run sample draw "$S/changes.csv" -n 0 --seed 1
expect_rc 3 "-n 0: exit 3"
run sample draw "$S/changes.csv" -n 1 --seed -5
expect_rc 3 "negative seed: exit 3"
expect_in "$err" "seed '-5' must be a whole number" "negative seed: message"
# malformed command lines are usage errors
run sample draw "$S/changes.csv" --seed 1
expect_rc 2 "no -n: exit 2"
run sample draw "$S/changes.csv" -n 2 -m stratified
expect_rc 2 "stratified without --strata: exit 2"
run sample draw "$S/changes.csv" -n 2 -m mus
expect_rc 2 "mus without --value: exit 2"
run sample draw "$S/changes.csv" -n 2 -m lottery
expect_rc 2 "unknown method: exit 2"
run sample draw -n 2
expect_rc 2 "no population: exit 2"
run sample draw "$S/changes.csv" -n 2 --where site
expect_rc 2 "--where without =: exit 2"
run sample draw "$S/changes.csv" -n 2 --keep hits
expect_rc 2 "--keep of a plan column name: exit 2"

# the plan must never replace the population
cp "$S/changes.csv" "$TMP/self.csv"
before=$(sha256sum "$TMP/self.csv" | cut -d' ' -f1)
run sample draw "$TMP/self.csv" -n 2 --seed 1 -o "$TMP/self.csv"
expect_rc 2 "-o the population itself: exit 2"
expect_eq "$(sha256sum "$TMP/self.csv" | cut -d' ' -f1)" "$before" "-o the population itself: population unchanged"

# a plan that cannot be written: exit 5, and nothing left behind
run sample draw "$S/changes.csv" -n 2 --seed 1 -o "$TMP/no/such/dir/plan.json"
expect_rc 5 "unwritable output: exit 5"
if [ -w /dev/full ]; then
	"$AUDITKIT" sample draw "$S/changes.csv" -n 2 --seed 1 >/dev/full 2>"$TMP/err"
	rc=$?
	expect_rc 5 "full disk on standard output: exit 5"
fi
