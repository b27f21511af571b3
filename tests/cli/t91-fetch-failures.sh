#!/bin/sh
# t91-fetch-failures: a network that stops mid-body, a server that sends
# forever (fast, and a line every 0.2 s), a port nobody listens on; each on
# a first fetch (no snapshot, nothing beside it) and on a refresh (the
# previous snapshot byte-identical). docs/failures.md lists them.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
SRV_PID=""
trap '[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

"$PY" "$SRC/tests/fetch/fault_server.py" "$TMP/ports" "$TMP/record.jsonl" &
SRV_PID=$!
i=0
while [ ! -s "$TMP/ports" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/ports" ] || { not_ok "start the fault server"; exit 1; }
read -r PA PB <"$TMP/ports"
A=http://127.0.0.1:$PA
# a port with nobody behind it: bound, never listened on
DEAD=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

W=$TMP/w
mkdir -p "$W/out"
cp "$SRC/samples/risks.csv" "$W/risks.csv"

# netfails DESC MESSAGE URL ARGS...: a first fetch into out/ev, exit 4
netfails() {
	desc=$1 msg=$2 url=$3
	shift 3
	rm -rf "$W/out" && mkdir "$W/out"
	(cd "$W" && "$AUDITKIT" fetch --risks "$url" --risks-format csv --retries 0 "$@" --output out/ev) \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	err=$(cat "$TMP/err")
	expect_rc 4 "$desc: exit 4"
	expect_in "$err" "$msg" "$desc: message"
	expect_eq "$(ls -A "$W/out")" "" "$desc: no snapshot, no temporary folder"
	# a refresh of a good snapshot fails the same way and leaves it as it was
	(cd "$W" && "$AUDITKIT" fetch --risks risks.csv --output out/ev -q) 2>/dev/null
	cp -R "$W/out/ev" "$TMP/before"
	(cd "$W" && "$AUDITKIT" fetch --risks "$url" --risks-format csv --retries 0 "$@" --output out/ev) \
		>"$TMP/out" 2>"$TMP/err"
	rc=$?
	expect_rc 4 "$desc, on a refresh: exit 4"
	if diff -r "$W/out/ev" "$TMP/before" >/dev/null; then ok "$desc, on a refresh: the snapshot is as it was"
	else not_ok "$desc, on a refresh: the snapshot is as it was"; fi
	expect_eq "$(ls -A "$W/out")" "ev" "$desc, on a refresh: no temporary folder beside it"
	rm -rf "$TMP/before"
}

netfails "a body that never ends" "is larger than the limit of 1048576 bytes (--max-size)" "$A/endless" --max-size 1M
netfails "a body that trickles forever" "timed out fetching '$A/trickle'" "$A/trickle" --timeout 1
netfails "a chunked body cut mid-way" "ended early (truncated body)" "$A/chunked-cut"
netfails "a body shorter than its Content-Length" "truncated" "$A/truncated"
netfails "nobody listening" "cannot connect to '127.0.0.1:$DEAD'" "http://127.0.0.1:$DEAD/risks.csv"

# An unreachable proxy is named, with where it was set, so that the auditor
# does not look for the fault at the source; a password in its URL is
# never printed.
(cd "$W" && https_proxy="http://user:s3cr3t-pw@127.0.0.1:$DEAD" "$AUDITKIT" fetch \
	--risks "https://registers.example.org/risks.csv" --risks-format csv --retries 0 --output out/px) \
	>"$TMP/out" 2>"$TMP/err"
rc=$?
expect_rc 4 "an unreachable proxy: exit 4"
expect_in "$(cat "$TMP/err")" "cannot connect to the proxy '127.0.0.1:$DEAD' (set by https_proxy) to fetch from 'registers.example.org'" \
	"an unreachable proxy is named, with the variable that set it"
expect_not_in "$(cat "$TMP/out" "$TMP/err")" "s3cr3t-pw" "the proxy's password is never printed"
(cd "$W" && https_proxy="http://127.0.0.1:$DEAD" "$AUDITKIT" fetch \
	--risks "http://127.0.0.1:$DEAD/risks.csv" --risks-format csv --retries 0 --output out/px) \
	>"$TMP/out" 2>"$TMP/err"
expect_not_in "$(cat "$TMP/err")" "the proxy" "an http source with only https_proxy set: no proxy is blamed"
