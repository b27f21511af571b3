#!/bin/sh
# bench-sample.sh: `auditkit sample draw` against `shuf -n 59` on a
# 5,000,000-row CSV population (about 400 MB), generated here and deleted at
# the end. Runs under the top-level harness (make bench) or alone:
#
#   AUDITKIT=build/auditkit sh bench/bench-sample.sh
#
# Prints the median of RUNS runs (default 3) of each, measured in the same
# run and interleaved so that the page cache treats them alike, the ratios
# to shuf, and auditkit's peak resident memory (GNU time's -v, else
# /proc/PID/status polled). Goals (issue 6): random no slower than shuf,
# stratified at most 1.5 times shuf, peak memory under 32 MiB. Monetary-unit
# sampling, which reads the file twice, is timed for information.
set -eu
: "${AUDITKIT:?set AUDITKIT to the auditkit binary}"
ROWS=${ROWS:-5000000}
RUNS=${RUNS:-3}
work=$(mktemp -d "${BENCH_TMP:-/tmp}/auditkit-bench-sample.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
pop=$work/population.csv

# ---- the population: deterministic, about 80 bytes a row ----------------
awk -v rows="$ROWS" 'BEGIN {
	split("Finance,IT,HR,Sales,Legal,Operations,Facilities", dept, ",")
	split("Paris,Lyon,Berlin,Madrid,Milan", site, ",")
	print "id,department,site,amount,owner,summary"
	for (i = 1; i <= rows; i++) {
		h = (i * 2654435761) % 4294967296
		printf "CHG-%08d,%s,%s,%d.%02d,user%05d,change request %d for review\n",
			i, dept[h % 7 + 1], site[int(h / 7) % 5 + 1], h % 250000, h % 100,
			h % 40000, h % 100000
	}
}' >"$pop"
bytes=$(wc -c <"$pop")
cat "$pop" >/dev/null # warm the page cache for every contender alike

now() { date +%s.%N; }

# peak RSS in KiB of a command whose output is discarded
peak_kib() {
	if [ -x /usr/bin/time ] && /usr/bin/time -v true >/dev/null 2>&1; then
		/usr/bin/time -v "$@" >/dev/null 2>"$work/time.txt"
		sed -n 's/.*Maximum resident set size (kbytes): *//p' "$work/time.txt"
	else
		"$@" >/dev/null &
		pid=$! peak=0
		while kill -0 "$pid" 2>/dev/null; do
			v=$(sed -n 's/^VmHWM: *\([0-9]*\).*/\1/p' "/proc/$pid/status" 2>/dev/null || true)
			[ -n "$v" ] && [ "$v" -gt "$peak" ] && peak=$v
			sleep 0.05
		done
		wait "$pid"
		echo "$peak"
	fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: >"$work/shuf.t"
: >"$work/random.t"
: >"$work/strat.t"
: >"$work/mus.t"
i=0
while [ "$i" -lt "$RUNS" ]; do
	t0=$(now)
	shuf -n 59 "$pop" >/dev/null
	t1=$(now)
	"$AUDITKIT" sample draw "$pop" -n 59 --seed "$i" -q >/dev/null
	t2=$(now)
	"$AUDITKIT" sample draw "$pop" -m stratified --strata department -n 59 --seed "$i" -q >/dev/null
	t3=$(now)
	"$AUDITKIT" sample draw "$pop" -m mus --value amount -n 59 --seed "$i" -q >/dev/null
	t4=$(now)
	awk "BEGIN { print $t1 - $t0 }" >>"$work/shuf.t"
	awk "BEGIN { print $t2 - $t1 }" >>"$work/random.t"
	awk "BEGIN { print $t3 - $t2 }" >>"$work/strat.t"
	awk "BEGIN { print $t4 - $t3 }" >>"$work/mus.t"
	i=$((i + 1))
done
shuf_m=$(median <"$work/shuf.t")
rand_m=$(median <"$work/random.t")
strat_m=$(median <"$work/strat.t")
mus_m=$(median <"$work/mus.t")
rss_r=$(peak_kib "$AUDITKIT" sample draw "$pop" -n 59 --seed 1 -q)
rss_s=$(peak_kib "$AUDITKIT" sample draw "$pop" -m stratified --strata department -n 59 --seed 1 -q)
rss_shuf=$(peak_kib shuf -n 59 "$pop")

awk -v rows="$ROWS" -v bytes="$bytes" -v runs="$RUNS" -v s="$shuf_m" -v r="$rand_m" \
	-v t="$strat_m" -v m="$mus_m" -v rr="$rss_r" -v rs="$rss_s" -v rsh="$rss_shuf" 'BEGIN {
	printf "sample: %d rows, %.0f MB, median of %d runs\n", rows, bytes / 1e6, runs
	printf "  shuf -n 59                      %6.3f s   peak %6.1f MiB\n", s, rsh / 1024
	printf "  auditkit sample draw -n 59      %6.3f s   peak %6.1f MiB   ratio %.2f (goal <= 1.00)\n", r, rr / 1024, r / s
	printf "  auditkit ... -m stratified      %6.3f s   peak %6.1f MiB   ratio %.2f (goal <= 1.50)\n", t, rs / 1024, t / s
	printf "  auditkit ... -m mus (2 passes)  %6.3f s                     ratio %.2f (no goal)\n", m, m / s
	printf "  peak memory goal: under 32 MiB: %s\n", (rr < 32768 && rs < 32768) ? "met" : "NOT MET"
	printf "sample: random %.2f x shuf, stratified %.2f x shuf\n", r / s, t / s
}'
