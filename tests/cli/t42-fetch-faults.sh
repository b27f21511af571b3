#!/bin/sh
# t42-fetch-faults: what a real network does to a fetch: slow answers, 500
# then 200, 429 with Retry-After, a truncated body, an oversized body, and a
# redirect to another host, which must not receive the credentials.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
SRV_PID=""
trap '[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

export AUDITKIT_T42_TOKEN="t42tok-$$-5e1d0c9a"
export AUDITKIT_T42_KEY="t42key-$$-a0b1c2d3"
REC=$TMP/record.jsonl
"$PY" "$SRC/tests/fetch/fault_server.py" "$TMP/ports" "$REC" &
SRV_PID=$!
i=0
while [ ! -s "$TMP/ports" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -s "$TMP/ports" ] || { not_ok "start the fault server"; exit 1; }
read -r PA PB <"$TMP/ports"
A=http://127.0.0.1:$PA
ok "fault servers on $PA and $PB"

frun() { run "$@"; cat "$TMP/out" "$TMP/err" >>"$TMP/all.log"; }
now() { date +%s.%N; }
elapsed() { "$PY" -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
ge() { "$PY" -c "import sys; sys.exit(0 if float(sys.argv[1]) >= float(sys.argv[2]) else 1)" "$1" "$2"; }

t0=$(now)
frun fetch --risks "$A/slow" --risks-format csv --timeout 1 --retries 0 --output "$TMP/slow"
t1=$(now)
expect_rc 4 "a response slower than --timeout"
expect_in "$err" "timed out" "says it timed out"
# Under valgrind (VALGRIND=1) starting the binary alone takes seconds: no timing.
if [ "${VALGRIND:-}" = 1 ]; then ok "timing not checked under valgrind"; else
	ge 2.5 "$(elapsed "$t0" "$t1")" && ok "gave up after the timeout, not the response" ||
		not_ok "gave up after the timeout ($(elapsed "$t0" "$t1") s)"
fi

frun fetch --risks "$A/flaky" --risks-format csv --output "$TMP/flaky"
expect_rc 0 "500 then 200: the retry succeeds"
expect_in "$err" "answered HTTP 500; retrying" "the retry is reported"
expect_eq "$("$PY" -c "import json; print(len(json.load(open('$TMP/flaky/facts.json'))['risks']))")" "2" "the register arrived"

t0=$(now)
frun fetch --risks "$A/ratelimit" --risks-format csv --output "$TMP/rate"
t1=$(now)
expect_rc 0 "429 then 200"
ge "$(elapsed "$t0" "$t1")" 0.9 && ok "Retry-After: 1 honoured ($(elapsed "$t0" "$t1") s)" ||
	not_ok "Retry-After: 1 honoured (only $(elapsed "$t0" "$t1") s)"

# A wait between retries on page 2, while page 1 is parsed on the other
# thread: the warning is on standard error during the wait, not after it,
# and still after everything about page 1.
printf '{ "format": "auditkit-audit/1", "sources": { "risks": { "url": "%s/pages-1", "format": "json", "path": "items", "next": "next" } } }\n' \
	"$A" >"$TMP/pages.json"
t0=$(now)
"$AUDITKIT" fetch --audit "$TMP/pages.json" --output "$TMP/pages" >"$TMP/pages.out" 2>"$TMP/pages.err" &
pid=$!
if [ "${VALGRIND:-}" = 1 ]; then ok "timing not checked under valgrind"; else
	sleep 1.2
	seen=$(cat "$TMP/pages.err")
	expect_in "$seen" "answered HTTP 429; retrying in 2.0 s" "the warning is shown during the wait"
fi
wait "$pid"
rc=$?
t1=$(now)
err=$(cat "$TMP/pages.err")
cat "$TMP/pages.err" >>"$TMP/all.log"
expect_rc 0 "a paged register with a pause on page 2"
ge "$(elapsed "$t0" "$t1")" 1.9 && ok "Retry-After: 2 honoured on page 2" || not_ok "Retry-After: 2 honoured on page 2"
expect_eq "$("$PY" -c "import json; print([r['id'] for r in json.load(open('$TMP/pages/facts.json'))['risks']])")" \
	"['P-1', 'P-2']" "both pages arrived"
expect_eq "$(grep -c 'retrying' "$TMP/pages.err")" "1" "the warning once"

# On a terminal the warning does not land on the progress line.
sed 's|/pages-1|/pages-1?tty|' "$TMP/pages.json" >"$TMP/pages-tty.json"
"$PY" "$SRC/tests/tools/pty-stderr.py" "$TMP/tty.err" -- \
	"$AUDITKIT" fetch --audit "$TMP/pages-tty.json" --output "$TMP/pages-tty" >/dev/null
rc=$?
expect_rc 0 "the paged register with standard error on a terminal"
tty=$("$PY" -c "import sys; print(repr(open(sys.argv[1], 'rb').read().decode()))" "$TMP/tty.err")
expect_in "$tty" "page 1, 1 risks\\x1b[K\\r\\nauditkit: warning: " "the progress line ends before the warning"
expect_in "$tty" "page 2, 2 risks\\x1b[K\\r\\nauditkit: risk register: 2 risks" "and is drawn again after it"

# Page 1 is bad and page 2, asked for meanwhile, says wait: page 1's
# error, at once, and nothing about a wait for a page never needed.
sed 's|/pages-1|/badpages-1|' "$TMP/pages.json" >"$TMP/badpages.json"
t0=$(now)
frun fetch --audit "$TMP/badpages.json" --output "$TMP/badpages"
t1=$(now)
expect_rc 3 "a bad page 1 with a pause on page 2"
expect_in "$err" "items[0]: risk 'B-1' has no title" "page 1's error"
expect_not_in "$err" "retrying" "no word of page 2's wait"
if [ "${VALGRIND:-}" = 1 ]; then ok "timing not checked under valgrind"; else
	ge 1.5 "$(elapsed "$t0" "$t1")" && ok "no wait for page 2 ($(elapsed "$t0" "$t1") s)" ||
		not_ok "no wait for page 2 ($(elapsed "$t0" "$t1") s)"
fi

frun fetch --risks "$A/truncated" --risks-format csv --retries 0 --output "$TMP/trunc"
expect_rc 4 "a truncated body is a network failure"
expect_in "$err" "truncated" "says the body was truncated"

frun fetch --risks "$A/big" --risks-format csv --max-size 1M --output "$TMP/big"
expect_rc 4 "a streamed body beyond --max-size"
expect_in "$err" "larger than the limit of 1048576 bytes" "names the limit"
frun fetch --risks "$A/big-length" --risks-format csv --max-size 1M --output "$TMP/big2"
expect_rc 4 "a declared Content-Length beyond --max-size"

# credentials and redirects
cat >"$TMP/redir.json" <<JSON
{ "format": "auditkit-audit/1",
  "sources": { "risks": { "url": "$A/redirect", "format": "csv",
    "auth": { "type": "bearer", "env": "AUDITKIT_T42_TOKEN" } } } }
JSON
frun fetch --audit "$TMP/redir.json" --insecure-http-credentials --output "$TMP/redir"
expect_rc 0 "a redirect to another host is followed"
expect_eq "$("$PY" -c "
import json
for l in open('$REC'):
    r = json.loads(l)
    if r['server'] == 'A' and r['path'] == '/redirect': print('A', 'authorization' in r['headers'])
    if r['server'] == 'B': print('B', 'authorization' in r['headers'])
" | sort -u | tr '\n' ' ')" "A True B False " "the token went to the source's host and not to the other"
cat >"$TMP/redir2.json" <<JSON
{ "format": "auditkit-audit/1",
  "sources": { "risks": { "url": "$A/redirect", "format": "csv",
    "auth": { "type": "api-key", "env": "AUDITKIT_T42_KEY" } } } }
JSON
: >"$REC"
frun fetch --audit "$TMP/redir2.json" --insecure-http-credentials --output "$TMP/redir2"
expect_rc 0 "a redirect with an API key"
expect_eq "$("$PY" -c "
import json
print(sorted({(json.loads(l)['server'], 'x-api-key' in json.loads(l)['headers']) for l in open('$REC')}))")" \
	"[('A', True), ('B', False)]" "X-API-KEY not sent to the other host"
cat >"$TMP/same.json" <<JSON
{ "format": "auditkit-audit/1",
  "sources": { "risks": { "url": "$A/redirect-same", "format": "csv",
    "auth": { "type": "bearer", "env": "AUDITKIT_T42_TOKEN" } } } }
JSON
: >"$REC"
frun fetch --audit "$TMP/same.json" --insecure-http-credentials --output "$TMP/same"
expect_rc 0 "a redirect on the same host"
expect_eq "$("$PY" -c "
import json
print(sorted({(json.loads(l)['path'], 'authorization' in json.loads(l)['headers']) for l in open('$REC')}))")" \
	"[('/landing', True), ('/redirect-same', True)]" "the token still goes to the same host"

leak=""
for s in "$AUDITKIT_T42_TOKEN" "$AUDITKIT_T42_KEY"; do
	grep -rqF -- "$s" "$TMP/all.log" "$TMP"/redir* "$TMP"/same "$TMP"/flaky "$TMP"/rate && leak="$leak $s"
done
expect_eq "$leak" "" "no credential in a snapshot, on standard output or standard error"
