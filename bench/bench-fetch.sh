#!/bin/sh
# bench-fetch.sh: `auditkit fetch` of a 10,000-risk register served as 100
# pages of 100 (CISO Assistant's shape, each page naming the next) by a local
# nginx over TLS, against one `curl` process fetching the same 100 URLs over
# one connection (the transport floor). Prints the medians of 5 runs and
# their ratio (goal, issue 16: the whole job within 1.3 times the floor).
# Runnable alone: AUDITKIT=build/auditkit sh bench/bench-fetch.sh
set -u
: "${AUDITKIT:?set AUDITKIT to the auditkit binary}"
SRC=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON:-python3}
RUNS=${RUNS:-5}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/auditkit-bench.XXXXXX")
. "$SRC/tests/fetch/nginx.sh"
trap 'nginx_stop; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

# 100 pages of 100 risks
"$PY" - "$TMP/www/bench" <<'PYEOF'
import json, os, random, sys
d = sys.argv[1]; os.makedirs(d)
rnd = random.Random(27001)
names = ["Proba", "Impact"]
for p in range(1, 101):
    res = []
    for i in range(100):
        n = (p - 1) * 100 + i + 1
        l, im = rnd.randint(0, 4), rnd.randint(0, 4)
        res.append({"id": "%08x-0000-4000-8000-%012x" % (n, n), "ref_id": "R-%05d" % n,
                    "name": "Risk %d: %s" % (n, rnd.choice(["ransomware", "fraud", "outage", "leak", "theft"])),
                    "description": "A generated risk scenario number %d, with some words to make it realistic." % n,
                    "owner": [{"id": "u%d" % (n % 7), "str": "Owner %d" % (n % 7)}], "treatment": "mitigate",
                    "current_proba": {"value": l, "name": "P%d" % l}, "current_impact": {"value": im, "name": "I%d" % im},
                    "current_level": {"value": min(3, (l + im) // 2), "name": "L%d" % min(3, (l + im) // 2)}})
    page = {"count": 10000, "next": "/bench/page-%d.json" % (p + 1) if p < 100 else None,
            "previous": None, "results": res}
    with open(os.path.join(d, "page-%d.json" % p), "w") as f:
        json.dump(page, f)
PYEOF
N=$TMP/nginx
nginx_certs "$N" || { echo "bench-fetch: cannot make certificates" >&2; exit 1; }
: >"$N/locations"
nginx_start "$N" "$TMP/www" "$N/locations" || { echo "bench-fetch: cannot start nginx" >&2; exit 1; }
BASE=https://127.0.0.1:$NGINX_PORT
printf '{ "format": "auditkit-audit/1", "sources": { "risks": { "url": "%s/bench/page-1.json", "format": "ciso-assistant" } } }\n' \
	"$BASE" >"$TMP/audit.json"
# curl_args DIR: the arguments that fetch the 100 pages into DIR
curl_args() {
	i=1
	while [ $i -le 100 ]; do
		printf ' -o %s/p%d.json %s/bench/page-%d.json' "$1" $i "$BASE" $i
		i=$((i + 1))
	done
}

now() { date +%s.%N; }
median() { "$PY" -c "import sys, statistics; print('%.3f' % statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }

# One warm-up of each, then RUNS timed runs of each, interleaved. Every run
# writes into a folder of its own that no run used before: removing the
# last run's output just before a timed run left the file system busy with
# the removal during it, which inflated both sides. The folders are removed
# together at the end.
"$AUDITKIT" fetch -q --audit "$TMP/audit.json" --cacert "$N/ca.pem" --output "$TMP/ev.warm" || exit 1
mkdir -p "$TMP/curl.warm"
# shellcheck disable=SC2046
curl -s --fail --compressed --cacert "$N/ca.pem" $(curl_args "$TMP/curl.warm") || exit 1
r=0
while [ $r -lt "$RUNS" ]; do
	mkdir -p "$TMP/curl.$r"
	r=$((r + 1))
done
sync
ak_times="" curl_times=""
r=0
while [ $r -lt "$RUNS" ]; do
	t0=$(now)
	"$AUDITKIT" fetch -q --audit "$TMP/audit.json" --cacert "$N/ca.pem" --output "$TMP/ev.$r" || exit 1
	t1=$(now)
	ak_times="$ak_times $("$PY" -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1")"
	args=$(curl_args "$TMP/curl.$r")
	t0=$(now)
	# shellcheck disable=SC2086
	curl -s --fail --compressed --cacert "$N/ca.pem" $args || exit 1
	t1=$(now)
	curl_times="$curl_times $("$PY" -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$t1")"
	r=$((r + 1))
done
risks=$("$PY" -c "import json,sys; print(len(json.load(open(sys.argv[1]))['risks']))" "$TMP/ev.0/facts.json")
conns=$(awk '{print $2}' "$N/logs/access.log" | sort -u | wc -l)
reqs=$(wc -l <"$N/logs/access.log")
# shellcheck disable=SC2086
ak=$(median $ak_times)
# shellcheck disable=SC2086
cu=$(median $curl_times)
ratio=$("$PY" -c "import sys; print('%.2f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$ak" "$cu")
echo "fetch: $risks risks in 100 pages over TLS; $reqs requests on $conns connections in all"
echo "fetch: auditkit fetch median ${ak} s, curl (one process, 100 URLs) median ${cu} s, ratio $ratio (goal <= 1.3, issue 16)"
