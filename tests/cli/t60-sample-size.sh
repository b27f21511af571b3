#!/bin/sh
# t60-sample-size: `auditkit sample size` and `sample evaluate` against values
# derived from the formulas (re-derived in exact arithmetic, see
# tests/unit/test_sample_size.c).
. "$(dirname "$0")/lib.sh"

# first_line: the "sample size: N" line of the last run
size_is() {
	expect_rc 0 "$2: exit 0"
	expect_in "$out" "sample size: $1
" "$2: $1"
}

run sample size
size_is 59 "95% confidence, 5% tolerable, none expected (defaults)"
run sample size --confidence 0.95 --tolerable 0.05 --deviations 0
size_is 59 "95%/5%/0 as fractions"
run sample size --confidence 90% -t 5%
size_is 45 "90%/5%/0"
run sample size --confidence 95% -t 10%
size_is 29 "95%/10%/0"
run sample size --confidence 95% -t 5% --deviations 1
size_is 93 "one deviation allowed"
run sample size --confidence 90% -t 5% --expected 3.5%
size_is 400 "3.5% expected: 400 x 0.035 is 14 exactly"
expect_in "$out" "deviations allowed in the sample: 14" "3.5% expected: 14 deviations, not 15"
run sample size --method poisson
size_is 60 "Poisson 95%/5%/0: ceil(2.9957/0.05)"
run sample size --method hypergeometric --population 100
size_is 45 "hypergeometric N=100"
expect_in "$out" "population: 100 (5 deviations at the tolerable rate)" "hypergeometric names D"
run sample size --confidence 0.75 -t 0.5
size_is 2 "exact tie 0.5^2 = 0.25"

run sample size --format json
expect_rc 0 "json: exit 0"
got=$(printf '%s' "$out" | "${PYTHON:-python3}" -c 'import json,sys; d=json.load(sys.stdin); print(d["size"], d["deviations_allowed"], d["method"], d["confidence"])')
expect_eq "$got" "59 0 binomial 95%" "json: size, deviations, method, confidence"

# IAF MD 1
run sample size --sites 26
expect_rc 0 "sites: exit 0"
expect_in "$out" "sites to visit: 6 of 26" "26 sites, initial audit: 6"
expect_in "$out" "chosen at random: at least 2" "a quarter at random, rounded up"
for a in "initial 2" "surveillance 1" "recertification 2"; do
	set -- $a
	run sample size --sites 2 --audit-type "$1"
	expect_in "$out" "sites to visit: $2 of 2" "2 sites, $1: $2"
done
for a in "initial 5" "surveillance 3" "recertification 4"; do
	set -- $a
	run sample size --sites 25 --audit-type "$1"
	expect_in "$out" "sites to visit: $2 of 25" "25 sites (a perfect square), $1: $2"
done
run sample size --sites 1 --audit-type surveillance
expect_in "$out" "sites to visit: 1 of 1" "1 site: 1"

# evaluate
run sample evaluate -n 59 --deviations 0
expect_rc 0 "evaluate: exit 0"
expect_in "$out" "upper deviation limit: 4.95%" "59 items, 0 deviations: 4.95%"
expect_in "$out" "conclusion: the control can be relied on" "59/0 relied on"
run sample evaluate -n 93 -d 1 --confidence 95% -t 5%
expect_in "$out" "upper deviation limit: 5.00%" "93 items, 1 deviation: about 5.0%"
expect_in "$out" "can be relied on" "93/1 relied on (4.9994% <= 5%)"
# 10.29%: P(X <= 2 | 59, p) = 0.05, bisected in Python from math.comb
run sample evaluate -n 59 -d 2
expect_in "$out" "cannot be relied on: the upper limit 10.29% exceeds the tolerable rate 5%" "59/2 not relied on"
run sample evaluate -n 59 -d 0 --format json
got=$(printf '%s' "$out" | "${PYTHON:-python3}" -c 'import json,sys; d=json.load(sys.stdin); print(round(d["upper_limit"]*100,2), d["relied_on"])')
expect_eq "$got" "4.95 True" "evaluate json"

# values out of range are bad input data (exit 3); malformed command lines 2
for c in 0 1 1.5 0% 100%; do
	run sample size --confidence "$c"
	expect_rc 3 "confidence $c: exit 3"
	expect_in "$err" "confidence '$c' is outside (0, 1)" "confidence $c: message"
done
run sample evaluate -n 10 -d 0 --confidence 1.5
expect_rc 3 "evaluate confidence 1.5: exit 3"
expect_in "$err" "confidence '1.5' is outside (0, 1)" "evaluate confidence 1.5: message"
run sample size --tolerable 0
expect_rc 3 "tolerable 0: exit 3"
run sample size --confidence abc
expect_rc 3 "confidence abc: exit 3"
expect_in "$err" "confidence 'abc' is not a rate" "confidence abc: message"
run sample size --expected 5% --tolerable 5%
expect_rc 3 "expected = tolerable: exit 3"
expect_in "$err" "expected deviation rate must be below the tolerable rate" "expected = tolerable: message"
run sample evaluate -n 10 -d 11
expect_rc 3 "more deviations than items: exit 3"
run sample size --bogus
expect_rc 2 "unknown option: exit 2"
run sample size --method magic
expect_rc 2 "unknown method: exit 2"
run sample size --confidence
expect_rc 2 "missing argument: exit 2"
run sample size --expected 1% --deviations 1
expect_rc 2 "--expected with --deviations: exit 2"
run sample
expect_rc 2 "no subcommand: exit 2"
run sample --help
expect_rc 0 "--help: exit 0"
expect_in "$out" "auditkit sample draw POPULATION" "--help names draw"
