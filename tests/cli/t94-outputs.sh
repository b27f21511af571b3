#!/bin/sh
# t94-outputs: an output never destroys what it lands on (docs/failures.md,
# "Outputs"). -o naming an input, by its name, a hard link or a symbolic
# link, is refused with exit 2 before anything is read, for every command
# and every input; two notes that would share an output name are refused;
# a replaced file keeps its mode and owner, a read-only one is refused; a
# failed multi-notes score leaves no folder it made; every signal that
# ends a writer removes its temporary file, a second signal too, and the
# next run removes what a killed run left. As root, in a private mount
# namespace (never the real /dev): devices, named pipes and standard output
# are written directly, never renamed over, and other devices refused.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
BG=""
trap '[ -n "$BG" ] && kill -9 "$BG" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
S=$SRC/samples
W=$TMP/w
mkdir -p "$W/in" "$W/out"

sums() { (cd "$W" && find in -type f -exec sha256sum {} + | sort); }

# refused DESC RC MESSAGE ARGS...: auditkit ARGS in $W exits RC with MESSAGE,
# and no input changed, nothing is left in out/ and in/ has no new file.
refused() {
	desc=$1 want=$2 msg=$3
	shift 3
	rm -rf "$W/out" && mkdir "$W/out"
	before=$(sums)
	list=$(ls -A "$W/in")
	(cd "$W" && "$AUDITKIT" "$@") >"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc "$want" "$desc: exit $want"
	expect_in "$(cat "$TMP/err")" "$msg" "$desc: message"
	expect_eq "$(sums)" "$before" "$desc: inputs unchanged"
	expect_eq "$(ls -A "$W/in")" "$list" "$desc: no file added beside the inputs"
	expect_eq "$(ls -A "$W/out")" "" "$desc: nothing in the output folder"
}

# ---- the inputs --------------------------------------------------------------
cp "$S/notes/keller-ceo.md" "$W/in/N.md"
cp "$S/notes/okafor-cfo.md" "$W/in/O.md"
cp "$S/facts.json" "$W/in/facts.json"
cp "$S/audit.json" "$W/in/audit.json"
cp "$S/manual-findings.csv" "$W/in/manual.csv"
cp "$SRC/rules/default.json" "$W/in/rules.json"
printf 'id,amount\nA,1\nB,2\nC,3\nD,4\n' >"$W/in/pop.csv"
"$AUDITKIT" score "$W/in/N.md" --facts "$S/facts.json" -o "$W/in/S.json" -q
"$AUDITKIT" interview -r ceo -f json -o "$W/in/plan.json" 2>/dev/null
"$AUDITKIT" sample draw "$W/in/pop.csv" -n 2 --seed 1 -o "$W/in/sampling.json" 2>/dev/null
mkdir -p "$W/in/ev" "$W/in/a" "$W/in/b" "$W/in/c"
cp "$S/notes/keller-ceo.md" "$W/in/c/N.txt"
cp "$W/in/S.json" "$W/in/N.scored.json"
cp "$S/facts.json" "$W/in/ev/facts.json"
cp "$S/notes/keller-ceo.md" "$W/in/a/notes.md"
cp "$S/notes/okafor-cfo.md" "$W/in/b/notes.md"
ln "$W/in/N.md" "$W/in/N-hard.md"
ln -s N.md "$W/in/N-link.md"
ln -s ../in/facts.json "$W/in/facts-link.json"
for f in N.md facts.json S.json; do
	[ -s "$W/in/$f" ] || not_ok "setup: in/$f was not made"
done

# ---- -o naming an input: exit 2, before anything is read ---------------------
F="--facts in/facts.json"
refused "score N -o N" 2 "the output 'in/N.md' is the input 'in/N.md' (notes)" \
	score in/N.md $F -o in/N.md
refused "score N -o a hard link to N" 2 "the output 'in/N-hard.md' is the input 'in/N.md' (notes), the same file by another name" \
	score in/N.md $F -o in/N-hard.md
refused "score N -o a symbolic link to N" 2 "the output 'in/N-link.md' is the input 'in/N.md'" \
	score in/N.md $F -o in/N-link.md
refused "score a link to N -o N" 2 "the output 'in/N.md' is the input 'in/N-link.md'" \
	score in/N-link.md $F -o in/N.md
refused "score -o ./in/../in/N.md" 2 "is the input 'in/N.md'" \
	score in/N.md $F -o ./in/../in/N.md
refused "score --facts F -o F" 2 "the output 'in/facts.json' is the input 'in/facts.json' (--facts)" \
	score in/N.md $F -o in/facts.json
refused "score --facts F -o a link to F" 2 "(--facts), the same file by another name" \
	score in/N.md $F -o in/facts-link.json
refused "score --evidence EV -o EV/facts.json" 2 "the output 'in/ev/facts.json' is inside the input folder 'in/ev' (--evidence)" \
	score in/N.md --evidence in/ev -o in/ev/facts.json
refused "score --evidence EV -o a new file in EV" 2 "is inside the input folder 'in/ev' (--evidence)" \
	score in/N.md --evidence in/ev -o in/ev/scored.json
refused "score two notes --evidence EV -o a folder to make in EV" 2 "the output 'in/ev/new/N.scored.json' is inside the input folder 'in/ev' (--evidence)" \
	score in/N.md in/O.md --evidence in/ev -o in/ev/new
refused "score --bank B -o B" 2 "(--bank)" \
	score in/N.md $F --bank in/rules.json -o in/rules.json
refused "score --script P -o P" 2 "(--script)" \
	score in/N.md $F --script in/plan.json -o in/plan.json
refused "score --assertions R -o R" 2 "(--assertions)" \
	score in/N.md $F --assertions in/rules.json -o in/rules.json
refused "score two notes -o their folder, onto a third input" 2 "the output 'in/N.scored.json' is the input 'in/N.scored.json' (notes)" \
	score in/N.md in/O.md in/N.scored.json $F -o in
refused "interview --facts F -o F" 2 "the output 'in/facts.json' is the input 'in/facts.json' (--facts)" \
	interview -r ceo $F -o in/facts.json
refused "interview --exclude-asked P -o P" 2 "(--exclude-asked)" \
	interview -r ceo --exclude-asked in/plan.json -o in/plan.json
refused "interview --follow-up S -o S" 2 "(--follow-up)" \
	interview -r ceo --follow-up in/S.json -o in/S.json
refused "interview --audit A -o A" 2 "(--audit)" \
	interview -r ceo --audit in/audit.json -o in/audit.json
refused "interview --bank B -o B" 2 "(--bank)" \
	interview -r ceo --bank in/rules.json -o in/rules.json
refused "interview --evidence EV -o EV/facts.json" 2 "inside the input folder 'in/ev' (--evidence)" \
	interview -r ceo --evidence in/ev -o in/ev/facts.json
refused "findings S -o S" 2 "the output 'in/S.json' is the input 'in/S.json' (a scored interview)" \
	findings in/S.json -f json -o in/S.json
refused "findings --manual M -o M" 2 "(--manual)" \
	findings in/S.json --manual in/manual.csv -f csv -o in/manual.csv
refused "findings --audit A -o A" 2 "(--audit)" \
	findings in/S.json --audit in/audit.json -f json -o in/audit.json
refused "findings --rules R -o R" 2 "(--rules)" \
	findings in/S.json --rules in/rules.json -f json -o in/rules.json
refused "findings --sampling P -o P" 2 "(--sampling)" \
	findings in/S.json --sampling in/sampling.json -f json -o in/sampling.json
refused "findings --facts F -o F" 2 "(--facts)" \
	findings in/S.json --facts in/facts.json -f json -o in/facts.json
refused "findings --overrides M -o M" 2 "(--overrides)" \
	findings in/S.json --overrides in/manual.csv -f csv -o in/manual.csv
refused "findings --evidence EV -o EV/x.xlsx" 2 "inside the input folder 'in/ev' (--evidence)" \
	findings in/S.json --evidence in/ev -o in/ev/x.xlsx
ln "$W/in/pop.csv" "$W/in/pop-hard.csv"
refused "sample draw P -o a hard link to P" 2 "(the population), the same file by another name" \
	sample draw in/pop.csv -n 2 --seed 1 -o in/pop-hard.csv
rm -f "$W/in/pop-hard.csv"

# the bank named by its id and the default rules are inputs too: not even
# root writes over what auditkit ships (the bank's folder included)
# (copies found through AUDITKIT_BANKS and AUDITKIT_RULES, so that a binary
# with the bug damages the copies, never the source tree)
mkdir -p "$TMP/banks/iso27001-2022"
cp "$SRC/question-banks/iso27001-2022/bank.json" "$TMP/banks/iso27001-2022/"
cp "$SRC/rules/default.json" "$TMP/default-rules.json"
BANK=$TMP/banks/iso27001-2022/bank.json
cp "$BANK" "$TMP/bank.before"
AUDITKIT_BANKS=$TMP/banks AUDITKIT_RULES=$TMP/default-rules.json
export AUDITKIT_BANKS AUDITKIT_RULES
(cd "$W" && "$AUDITKIT" interview -r ceo -o "$BANK") >/dev/null 2>"$TMP/err"
rc=$?
expect_rc 2 "interview -o the shipped bank (by its id) exits 2"
expect_in "$(cat "$TMP/err")" "(the bank)" "interview -o the shipped bank: message"
expect_file_same "$BANK" "$TMP/bank.before" "interview -o the shipped bank: it is unchanged"
(cd "$W" && "$AUDITKIT" score in/N.md $F -o "$(dirname "$BANK")/x.json") >/dev/null 2>"$TMP/err"
rc=$?
expect_rc 2 "score -o a new file in the shipped bank's folder exits 2"
expect_in "$(cat "$TMP/err")" "is inside the input folder" "score -o into the bank's folder: message"
[ -e "$(dirname "$BANK")/x.json" ] && not_ok "score -o into the bank's folder: nothing written" || ok "score -o into the bank's folder: nothing written"
cp "$TMP/default-rules.json" "$TMP/rules.before"
(cd "$W" && "$AUDITKIT" findings in/S.json -f json -o "$TMP/default-rules.json") >/dev/null 2>"$TMP/err"
rc=$?
expect_rc 2 "findings -o the default rules exits 2"
expect_in "$(cat "$TMP/err")" "(the default grading rules)" "findings -o the default rules: message"
expect_file_same "$TMP/default-rules.json" "$TMP/rules.before" "findings -o the default rules: unchanged"
unset AUDITKIT_BANKS AUDITKIT_RULES

# ---- two notes, one output name ---------------------------------------------
refused "score a/notes.md b/notes.md -o DIR" 2 "the notes 'in/a/notes.md' and 'in/b/notes.md' would both be scored into 'out/new/notes.scored.json'" \
	score in/a/notes.md in/b/notes.md $F -o out/new
refused "score N.md N.md -o DIR (one file twice)" 2 "would both be scored into" \
	score in/N.md in/N.md $F -o out/new
refused "score N.md and c/N.txt -o DIR" 2 "the notes 'in/N.md' and 'in/c/N.txt' would both be scored into 'out/new/N.scored.json'" \
	score in/N.md in/O.md in/c/N.txt $F -o out/new

# ---- what the output is ------------------------------------------------------
# one notes file and -o a folder: written into it (issue 14: refusing an
# existing folder pointed the wrong way); t96 checks the file it writes
mkdir -p "$W/in/folder"
(cd "$W" && "$AUDITKIT" score in/N.md $F -o in/folder -q) && [ -f "$W/in/folder/N.scored.json" ] &&
	ok "score -o a folder: written into it, the inputs beside it untouched" ||
	not_ok "score -o a folder: written into it"
rm -rf "$W/in/folder"
ln -s nowhere "$W/in/dangling.json"
refused "score -o a link to nothing" 5 "a symbolic link to nothing" \
	score in/N.md $F -o in/dangling.json
rm -f "$W/in/dangling.json"

"$PY" -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$W/in/sock"
refused "score -o a socket" 5 "cannot write 'in/sock': it is a socket" \
	score in/N.md $F -o in/sock
rm -f "$W/in/sock"
refused "score -o into a folder that does not exist" 5 "cannot write 'out/none/x.json': No such file or directory" \
	score in/N.md $F -o out/none/x.json
refused "score -o a file name with a trailing slash" 5 "cannot write 'in/N.md/O.scored.json': Not a directory" \
	score in/O.md $F -o in/N.md/

# a replaced file keeps its mode; one nobody may write is refused
(cd "$W" && "$AUDITKIT" score in/N.md $F -o out/k.json -q)
chmod 600 "$W/out/k.json"
(cd "$W" && "$AUDITKIT" score in/O.md $F -o out/k.json -q)
expect_eq "$(stat -c %a "$W/out/k.json")" "600" "a replaced 0600 output stays 0600"
expect_in "$(cat "$W/out/k.json")" "Daniel Okafor" "the 0600 output was replaced"
chmod 640 "$W/out/k.json"
if [ "$(id -u)" = 0 ] && chown nobody "$W/out/k.json" 2>/dev/null; then
	(cd "$W" && "$AUDITKIT" score in/N.md $F -o out/k.json -q)
	expect_eq "$(stat -c '%a %U' "$W/out/k.json")" "640 nobody" "as root, a replaced file keeps its owner and mode"
else
	ok "a replaced file keeps its owner: skipped: not root"
fi
chmod 444 "$W/out/k.json"
cp "$W/out/k.json" "$TMP/k.before"
(cd "$W" && "$AUDITKIT" score in/O.md $F -o out/k.json) >/dev/null 2>"$TMP/err"
rc=$?
expect_rc 5 "a read-only output is refused with exit 5"
expect_in "$(cat "$TMP/err")" "'out/k.json' is read-only: not replacing it" "a read-only output: message"
expect_file_same "$W/out/k.json" "$TMP/k.before" "a read-only output is left as it was"
expect_eq "$(ls -A "$W/out")" "k.json" "a read-only output: no temporary file beside it"
chmod 644 "$W/out/k.json"
# a symbolic link to an output: the file it names is replaced, the link stays
ln -s k.json "$W/out/link.json"
(cd "$W" && "$AUDITKIT" score in/O.md $F -o out/link.json -q)
[ -L "$W/out/link.json" ] && ok "a symbolic link output stays a link" || not_ok "a symbolic link output stays a link"
expect_in "$(cat "$W/out/k.json")" "Daniel Okafor" "a symbolic link output: its target replaced"
rm -rf "$W/out" && mkdir "$W/out"

# ---- a failed multi-notes score leaves no folder it made ---------------------
: >"$W/empty1.md"
: >"$W/empty2.md"
(cd "$W" && "$AUDITKIT" score empty1.md empty2.md $F -o out/made) >/dev/null 2>&1
rc=$?
expect_rc 3 "score of two bad notes into a new folder exits 3"
[ -e "$W/out/made" ] && not_ok "a failed score removes the folder it made" || ok "a failed score removes the folder it made"
mkdir "$W/out/there"
(cd "$W" && "$AUDITKIT" score empty1.md empty2.md $F -o out/there) >/dev/null 2>&1
[ -d "$W/out/there" ] && ok "a failed score keeps a folder it did not make" || not_ok "a failed score keeps a folder it did not make"
(cd "$W" && "$AUDITKIT" score empty1.md in/N.md $F -o out/half) >/dev/null 2>&1
rc=$?
expect_rc 3 "one good and one bad notes file: exit 3"
expect_eq "$(ls -A "$W/out/half" 2>&1)" "N.scored.json" "one good and one bad notes file: the good one's output kept"
rm -rf "$W/out" && mkdir "$W/out"

# ---- signals ------------------------------------------------------------------
ROWS=400000
[ "${VALGRIND:-}" = 1 ] && ROWS=60000
"$PY" - "$TMP/pop.csv" "$ROWS" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,dept,amount\n")
    f.writelines("CHG-%07d,D%d,%d.00\n" % (i, i % 7, i % 900 + 1) for i in range(int(sys.argv[2])))
PY
wait_for() {
	i=0
	while [ $i -lt $(($2 * 20)) ]; do
		for p in $1; do [ -e "$p" ] && return 0; done
		kill -0 "$BG" 2>/dev/null || return 1
		sleep 0.05
		i=$((i + 1))
	done
	return 1
}
reap() {
	wait "$1" 2>/dev/null
	rc=$?
}
[ "${VALGRIND:-}" = 1 ] && SIGNAL_WAIT=600
export AK_VG_LEAKS=0
# catch_draw SIG...: a draw into out/plan.json, and the signals SIG... (names
# as Python's signal module spells them without "SIG", RTMIN+2 too) sent one
# after the other the moment its temporary output exists. A Python loop
# watches the folder and sends them itself, a millisecond apart at most: a
# shell loop of sleep 0.05 and a kill it forks could miss the whole write on
# a loaded machine. A draw that still finished before the signal reached it
# proves nothing either way: it is run again, up to three times. Sets rc, and
# caught=no when the temporary output never appeared.
catch_draw() {
	tries=0
	while :; do
		rm -rf "$W/out" && mkdir "$W/out"
		(cd "$W" && exec "$AUDITKIT" sample draw "$TMP/pop.csv" -n "$ROWS" --seed 1 -o out/plan.json) >/dev/null 2>&1 &
		BG=$!
		"$PY" - "$W/out" "$BG" "${SIGNAL_WAIT:-60}" "$@" <<'PY'
import os, signal, sys, time
out, pid, limit, sigs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
def num(n):
    if n.startswith("RTMIN+"):
        return signal.SIGRTMIN + int(n[6:])
    return int(getattr(signal, "SIG" + n))
end = time.monotonic() + limit
while time.monotonic() < end:
    names = os.listdir(out)
    if any(n.startswith(".plan.json.auditkit-") for n in names):
        for n in sigs:
            os.kill(pid, num(n))
        sys.exit(0)
    if "plan.json" in names:
        sys.exit(2)  # finished before it could be caught
    time.sleep(0.0005)
sys.exit(1)
PY
		got=$?
		reap "$BG"
		BG=""
		if [ "$got" -eq 1 ]; then
			caught=no
			return 0
		fi
		caught=yes tries=$((tries + 1))
		if [ "$got" -eq 0 ] && { [ "$rc" -ne 0 ] || [ ! -e "$W/out/plan.json" ]; }; then
			return 0
		fi
		[ $tries -ge 3 ] && return 0
	done
}
for sig in HUP QUIT USR1 USR2 ALRM PIPE VTALRM PROF XCPU IO PWR; do
	num=$("$PY" -c 'import signal, sys; print(int(getattr(signal, "SIG" + sys.argv[1])))' "$sig" 2>/dev/null) ||
		{ ok "SIG$sig: skipped: unknown to Python's signal module"; continue; }
	catch_draw "$sig"
	if [ "$caught" = yes ]; then
		expect_rc $((128 + num)) "sample draw: SIG$sig ends it by the signal"
	else
		not_ok "sample draw, SIG$sig: the temporary output never appeared"
	fi
	expect_eq "$(ls -A "$W/out")" "" "sample draw: SIG$sig leaves nothing in the output folder"
done
# a real-time signal
catch_draw RTMIN+2
if [ "$caught" = yes ]; then
	[ "$rc" -gt 128 ] && ok "sample draw: SIGRTMIN+2 ends it by the signal" || not_ok "sample draw: SIGRTMIN+2 ends it by the signal (status $rc)"
else
	not_ok "sample draw, SIGRTMIN+2: the temporary output never appeared"
fi
expect_eq "$(ls -A "$W/out")" "" "sample draw: SIGRTMIN+2 leaves nothing in the output folder"
# a second signal while the first one's clean-up runs
for second in TERM QUIT; do
	catch_draw INT "$second"
	if [ "$caught" = yes ]; then
		[ "$rc" -gt 128 ] && ok "SIGINT then SIG$second: ended by a signal" || not_ok "SIGINT then SIG$second: ended by a signal (status $rc)"
	else
		not_ok "SIGINT then SIG$second: the temporary output never appeared"
	fi
	expect_eq "$(ls -A "$W/out")" "" "SIGINT then SIG$second at once: nothing left"
done
# nohup: an ignored SIGHUP stays ignored, and the plan is written
rm -rf "$W/out" && mkdir "$W/out"
(cd "$W" && trap '' HUP && exec "$AUDITKIT" sample draw "$TMP/pop.csv" -n "$ROWS" --seed 1 -o out/plan.json) >/dev/null 2>&1 &
BG=$!
if wait_for "$W/out/.plan.json.auditkit-*" "${SIGNAL_WAIT:-60}"; then
	kill -HUP "$BG"
	reap "$BG"
	expect_rc 0 "under nohup (SIGHUP ignored) a SIGHUP does not stop the draw"
	expect_eq "$(ls -A "$W/out")" "plan.json" "under nohup: the plan is written, whole"
else
	wait "$BG"
	not_ok "nohup: the temporary output never appeared"
fi
BG=""

# fetch cleans up its temporary snapshot itself: any signal, and a second
# one while it does, end it with 130 and nothing left
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
SRV_PID=""
trap '[ -n "$BG" ] && kill -9 "$BG" 2>/dev/null; [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
"$PY" "$SRC/tests/fetch/fault_server.py" "$TMP/ports" "$TMP/record.jsonl" &
SRV_PID=$!
i=0
while [ ! -s "$TMP/ports" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
read -r PA PB <"$TMP/ports"
for sigs in "INT TERM" "TERM INT" QUIT USR1 ALRM "HUP QUIT"; do
	rm -rf "$W/out" && mkdir "$W/out"
	(cd "$W" && exec "$AUDITKIT" fetch --risks "http://127.0.0.1:$PA/trickle" --risks-format csv --timeout 600 --output out/ev) >/dev/null 2>"$TMP/err" &
	BG=$!
	if wait_for "$W/out/.ev.tmp-*" "${SIGNAL_WAIT:-60}"; then
		for sig in $sigs; do kill -"$sig" "$BG"; done
		reap "$BG"
		expect_rc 130 "fetch: SIG$(echo $sigs | sed 's/ / then SIG/') ends it with 130"
	else
		wait "$BG"
		not_ok "fetch, SIG$sigs: the temporary snapshot never appeared"
	fi
	BG=""
	expect_eq "$(ls -A "$W/out")" "" "fetch: SIG$(echo $sigs | sed 's/ / then SIG/') leaves no temporary snapshot"
done
kill "$SRV_PID" 2>/dev/null
wait "$SRV_PID" 2>/dev/null
SRV_PID=""

# ---- what a killed run left, the next run removes ----------------------------
rm -rf "$W/out" && mkdir "$W/out"
(cd "$W" && exec "$AUDITKIT" sample draw "$TMP/pop.csv" -n "$ROWS" --seed 1 -o out/plan.json) >/dev/null 2>&1 &
BG=$!
if wait_for "$W/out/.plan.json.auditkit-*" "${SIGNAL_WAIT:-60}"; then
	kill -KILL "$BG"
	reap "$BG"
	left=$(ls -A "$W/out")
	case "$left" in
	.plan.json.auditkit-"$BG"-??????) ok "SIGKILL leaves a temporary file named with the pid ($left)" ;;
	*) not_ok "SIGKILL leaves a temporary file named with the pid: got '$left'" ;;
	esac
else
	wait "$BG"
	not_ok "SIGKILL: the temporary output never appeared"
	left=""
fi
BG=""
dead=$(sh -c 'echo $$')
touch "$W/out/.plan.json.auditkit-$dead-abcDEF"                    # pid gone, but just written
touch -d '1 hour ago' "$W/out/.plan.json.auditkit-$$-abcDEF"        # pid alive, an hour old
touch -d '1 hour ago' "$W/out/.plan.json.q1w2e3"                    # not ours
touch -d '1 hour ago' "$W/out/.other.auditkit-$dead-xyzXYZ"         # ours, another output
touch -d '1 hour ago' "$W/out/.two.auditkit-$dead-abc"              # not our shape
mkdir "$W/out/.dir.auditkit-$dead-abcdef"                           # not a file
touch -d '1 hour ago' "$W/out/.dir.auditkit-$dead-abcdef"
[ -n "$left" ] && touch -d '1 minute ago' "$W/out/$left"
(cd "$W" && "$AUDITKIT" sample draw in/pop.csv -n 2 --seed 1 -o out/plan.json) >/dev/null 2>&1
rc=$?
expect_rc 0 "the next run into the folder succeeds"
got=$(ls -A "$W/out" | sort | tr '\n' ' ')
want=$(printf '%s\n' ".dir.auditkit-$dead-abcdef" ".plan.json.auditkit-$$-abcDEF" ".plan.json.auditkit-$dead-abcDEF" \
	".plan.json.q1w2e3" ".two.auditkit-$dead-abc" plan.json | sort | tr '\n' ' ')
expect_eq "$got" "$want" "the next run removes what killed runs left, and only that"

# ---- as root: devices, pipes and standard output, in a private namespace ------
if [ "$(id -u)" != 0 ]; then
	ok "devices and pipes as root: skipped: not root"
elif ! unshare -m true 2>/dev/null; then
	ok "devices and pipes as root: skipped: no private mount namespace (unshare -m)"
else
	mkdir -p "$TMP/dev"
	rm -rf "$W/out" && mkdir "$W/out"
	(cd "$W" && "$AUDITKIT" score in/N.md --facts in/facts.json -o "$TMP/ref.json" -q)
	size=$(wc -c <"$TMP/ref.json" | tr -d ' ')
	cat >"$TMP/ns.sh" <<'NS'
# runs inside unshare -m: a tmpfs over $TMP/dev holds the fake devices, and a
# fake null is bound over /dev/null in this namespace only
set -u
D=$TMP/dev
mount -t tmpfs tmpfs "$D" || exit 90
mknod "$D/null" c 1 3 && mknod "$D/full" c 1 7 && mknod "$D/zero" c 1 5 || exit 91
mknod "$D/odd" c 240 0 && mknod "$D/disk" b 240 0 || exit 92
chmod 666 "$D/null" "$D/full" "$D/zero"
mkfifo "$D/fifo" || exit 93
mount --bind "$D/null" /dev/null || exit 94
cd "$W" || exit 95
r() { "$AUDITKIT" "$@" >"$TMP/ns.out" 2>"$TMP/ns.err"; echo "$?"; }
kind() { stat -c %F "$1"; }
F="--facts in/facts.json"
echo "null $(r score in/N.md $F -o "$D/null") $(kind "$D/null")"
echo "devnull $(r score in/N.md $F -o /dev/null) $(kind /dev/null)"
echo "devnull-xlsx $(r findings in/S.json -o /dev/null -f xlsx) $(kind /dev/null)"
echo "devnull-interview $(r interview -r ceo -o /dev/null) $(kind /dev/null)"
echo "devnull-sample $(r sample draw in/pop.csv -n 2 --seed 1 -o /dev/null) $(kind /dev/null)"
echo "zero $(r score in/N.md $F -o "$D/zero") $(kind "$D/zero")"
echo "full $(r score in/N.md $F -o "$D/full") $(kind "$D/full") $(grep -c 'No space left on device' "$TMP/ns.err")"
echo "full-xlsx $(r findings in/S.json -o "$D/full" -f xlsx) $(kind "$D/full")"
echo "odd $(r score in/N.md $F -o "$D/odd") $(kind "$D/odd") $(grep -c 'it is a device' "$TMP/ns.err")"
echo "disk $(r score in/N.md $F -o "$D/disk") $(kind "$D/disk") $(grep -c 'it is a block device' "$TMP/ns.err")"
timeout 30 cat "$D/fifo" >"$TMP/ns.fifo" &
echo "fifo $(r score in/N.md $F -o "$D/fifo") $(kind "$D/fifo") $(wc -c <"$TMP/ns.fifo" | tr -d ' ')"
wait
ln -s "$D/null" "$W/out/to-null"
echo "link-null $(r score in/N.md $F -o out/to-null) $(kind "$D/null") $(ls -A "$W/out" | tr '\n' ' ')"
rm -f "$W/out/to-null"
# /dev/stdout on a regular file: written through the descriptor, the file
# the shell opened still the one read
"$AUDITKIT" score in/N.md $F -o /dev/stdout -q >"$TMP/ns.stdout" 2>"$TMP/ns.err"
echo "stdout-file $? $(wc -c <"$TMP/ns.stdout" | tr -d ' ') $(ls -A "$TMP" | grep -c '^\.ns\.stdout')"
"$AUDITKIT" score in/N.md $F -o /dev/stdout -q 2>"$TMP/ns.err" | wc -c >"$TMP/ns.count"
echo "stdout-pipe $(tr -d ' ' <"$TMP/ns.count")"
"$AUDITKIT" findings in/S.json -f xlsx -o /dev/fd/1 -q 2>"$TMP/ns.err" | head -c 2 >"$TMP/ns.pk"
echo "fd1-xlsx $(cat "$TMP/ns.pk")"
NS
	TMP=$TMP W=$W AUDITKIT=$AUDITKIT unshare -m sh "$TMP/ns.sh" >"$TMP/ns.res" 2>"$TMP/ns.log"
	nsrc=$?
	[ "$nsrc" -eq 0 ] && ok "the namespace ran" || { not_ok "the namespace ran (status $nsrc)"; sed 's/^/    /' "$TMP/ns.log" >&2; }
	res() { sed -n "s/^$1 //p" "$TMP/ns.res"; }
	expect_eq "$(res null)" "0 character special file" "as root: -o a null device writes to it, and it stays a device"
	expect_eq "$(res devnull)" "0 character special file" "as root: -o /dev/null (a fake one bound over it) stays a device"
	expect_eq "$(res devnull-xlsx)" "0 character special file" "as root: findings -f xlsx -o /dev/null stays a device"
	expect_eq "$(res devnull-interview)" "0 character special file" "as root: interview -o /dev/null stays a device"
	expect_eq "$(res devnull-sample)" "0 character special file" "as root: sample draw -o /dev/null stays a device"
	expect_eq "$(res zero)" "0 character special file" "as root: -o a zero device"
	expect_eq "$(res full)" "5 character special file 1" "as root: -o a full device: exit 5, No space left on device, still a device"
	expect_eq "$(res full-xlsx)" "5 character special file" "as root: a workbook to a full device: exit 5, still a device"
	expect_eq "$(res odd)" "5 character special file 1" "as root: another character device is refused unopened"
	expect_eq "$(res disk)" "5 block special file 1" "as root: a block device is refused"
	expect_eq "$(res fifo)" "0 fifo $size" "as root: a named pipe is written to, whole, and stays a pipe"
	expect_eq "$(res link-null)" "0 character special file to-null " "a symbolic link to a device: written through, nothing beside it"
	expect_eq "$(res stdout-file)" "0 $size 0" "-o /dev/stdout on a file: written through the descriptor"
	expect_eq "$(res stdout-pipe)" "$size" "-o /dev/stdout on a pipe"
	expect_eq "$(res fd1-xlsx)" "PK" "findings -f xlsx -o /dev/fd/1 on a pipe: the workbook"
fi
