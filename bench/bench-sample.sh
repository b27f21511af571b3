#!/bin/sh
# bench-sample.sh: `auditkit sample draw` against `shuf -n 59` on two
# populations of ROWS records (default 5,000,000), generated here and deleted
# at the end:
#
#   plain    about 80 bytes a row, no quotes (about 400 MB)
#   tickets  a ticket export as Jira and ServiceNow write it: id, ISO date,
#            department, amount, owner and a double-quoted description with
#            commas, one in ten with "" and one in ten with an embedded
#            newline (about 590 MB)
#
#   AUDITKIT=build/auditkit sh bench/bench-sample.sh
#   SHAPES=tickets ROWS=50000000 RUNS=3 BENCH_TMP=/big sh bench/bench-sample.sh
#
# shuf samples lines, not records: on the ticket export it can return half a
# record. It is the speed floor (the least work that reads every byte), not a
# correct peer. Miller (`mlr --icsv sample -k 59`, Debian package miller)
# reads records and is the correct peer; it is run once per shape, if
# installed (MLR=0 skips it).
#
# Prints the median of RUNS runs (default 5) of each, interleaved so that
# the page cache treats them alike, wall time and CPU time (user + system,
# all threads) from GNU time, peak resident memory, and the ratios to shuf
# with their goals (issue 16): random <= 1.0 x shuf's wall time and <= 1.2 x
# its CPU time, stratified <= 1.2 x, monetary-unit (two passes) <= 2.0 x,
# peak memory under 32 MiB at any size.
set -eu
: "${AUDITKIT:?set AUDITKIT to the auditkit binary}"
ROWS=${ROWS:-5000000}
RUNS=${RUNS:-5}
SHAPES=${SHAPES:-plain tickets}
MLR=${MLR:-1}
work=$(mktemp -d "${BENCH_TMP:-/tmp}/auditkit-bench-sample.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
pop=$work/population.csv
TIME=/usr/bin/time
if ! [ -x "$TIME" ] || ! "$TIME" -f %e true >/dev/null 2>&1; then
	echo "bench-sample: needs GNU time (apt-get install time)" >&2
	exit 1
fi

gen_plain() {
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
}'
}

gen_tickets() {
	awk -v rows="$ROWS" 'BEGIN {
	split("Finance,IT,HR,Sales,Legal,Operations,Facilities", dept, ",")
	print "id,created,department,amount,owner,description"
	for (i = 1; i <= rows; i++) {
		h = (i * 2654435761) % 4294967296
		k = int(h / 7) % 10
		if (k == 0)
			d = sprintf("Caller said \"\"urgent\"\", ticket %d, escalated to L2", h % 100000)
		else if (k == 1)
			d = sprintf("Steps taken, first line:\nrestarted service %d, then closed", h % 1000)
		else
			d = sprintf("Request %d, %s, see change %d", h % 100000,
				h % 3 ? "network outage in site" : "password reset for account", h % 9999)
		printf "INC%08d,2025-%02d-%02dT%02d:%02d:%02dZ,%s,%d.%02d,user%05d,\"%s\"\n",
			i, h % 12 + 1, h % 28 + 1, h % 24, h % 60, int(h / 60) % 60, dept[h % 7 + 1],
			h % 250000, h % 100, h % 40000, d
	}
}'
}

# measure NAME CMD...: append "wall cpu peak_kib" of one run to $work/NAME.t
measure() {
	name=$1
	shift
	"$TIME" -f "%e %U %S %M" -o "$work/time.txt" "$@" >/dev/null
	awk '{ print $1, $2 + $3, $4 }' "$work/time.txt" >>"$work/$name.t"
}

# med NAME COLUMN: the median of one column of NAME's runs
med() { awk -v c="$2" '{ print $c }' "$work/$1.t" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# peak NAME: the largest peak memory of NAME's runs, in KiB
peak() { awk '$3 > m { m = $3 } END { print m }' "$work/$1.t"; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "sample: $(nproc) cores, load average before: $load"
for shape in $SHAPES; do
	case $shape in
	plain) gen_plain >"$pop" ;;
	tickets) gen_tickets >"$pop" ;;
	*) echo "bench-sample: unknown shape '$shape'" >&2; exit 2 ;;
	esac
	bytes=$(wc -c <"$pop")
	cat "$pop" >/dev/null # warm the page cache for every contender alike
	rm -f "$work"/*.t
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		measure shuf shuf -n 59 "$pop"
		measure random "$AUDITKIT" sample draw "$pop" -n 59 --seed "$i" -q
		measure strat "$AUDITKIT" sample draw "$pop" -m stratified --strata department -n 59 --seed "$i" -q
		measure mus "$AUDITKIT" sample draw "$pop" -m mus --value amount -n 59 --seed "$i" -q
		i=$((i + 1))
	done
	mlr_line="  mlr sample -k 59: not installed (apt-get install miller)"
	[ "$MLR" = 1 ] || mlr_line="  mlr sample -k 59: skipped (MLR=$MLR)"
	if [ "$MLR" = 1 ] && command -v mlr >/dev/null 2>&1; then
		measure mlr mlr --icsv --ocsv sample -k 59 "$pop"
		mlr_line=$(awk -v w="$(med mlr 1)" -v c="$(med mlr 2)" -v m="$(peak mlr)" \
			-v v="$(mlr --version)" -v r="$(med random 1)" 'BEGIN {
			printf "  %-31s %7.3f s %7.3f s  %7.1f MiB  (%s, one run; auditkit random is %.2f x its wall)",
				"mlr sample -k 59 (correct peer)", w, c, m / 1024, v, r / w }')
	fi
	awk -v shape="$shape" -v rows="$ROWS" -v bytes="$bytes" -v runs="$RUNS" \
		-v sw="$(med shuf 1)" -v sc="$(med shuf 2)" -v sm="$(peak shuf)" \
		-v rw="$(med random 1)" -v rc="$(med random 2)" -v rm="$(peak random)" \
		-v tw="$(med strat 1)" -v tc="$(med strat 2)" -v tm="$(peak strat)" \
		-v mw="$(med mus 1)" -v mc="$(med mus 2)" -v mm="$(peak mus)" \
		-v mlr_line="$mlr_line" -v load="$(cut -d' ' -f1-3 /proc/loadavg)" '
	function ok(v, goal) { return v <= goal ? "met" : "NOT MET" }
	BEGIN {
	printf "sample, %s: %d records, %.0f MB, median of %d runs (load average after: %s)\n",
		shape, rows, bytes / 1e6, runs, load
	printf "  %-31s %9s %9s  %11s\n", "", "wall", "CPU", "peak memory"
	printf "  %-31s %7.3f s %7.3f s  %7.1f MiB  (speed floor: samples lines, not records)\n",
		"shuf -n 59", sw, sc, sm / 1024
	printf "  %-31s %7.3f s %7.3f s  %7.1f MiB\n", "auditkit sample draw -n 59", rw, rc, rm / 1024
	printf "  %-31s %7.3f s %7.3f s  %7.1f MiB\n", "auditkit ... -m stratified", tw, tc, tm / 1024
	printf "  %-31s %7.3f s %7.3f s  %7.1f MiB\n", "auditkit ... -m mus (2 passes)", mw, mc, mm / 1024
	print mlr_line
	printf "  random / shuf: wall %.2f (goal <= 1.00: %s), CPU %.2f (goal <= 1.20: %s)\n",
		rw / sw, ok(rw / sw, 1.0), rc / sc, ok(rc / sc, 1.2)
	printf "  stratified / shuf: wall %.2f (goal <= 1.20: %s)\n", tw / sw, ok(tw / sw, 1.2)
	printf "  mus / shuf: wall %.2f (goal <= 2.00: %s)\n", mw / sw, ok(mw / sw, 2.0)
	printf "  peak memory under 32 MiB: %s\n", (rm < 32768 && tm < 32768 && mm < 32768) ? "met" : "NOT MET"
}'
	rm -f "$pop"
done
