#!/bin/sh
# t41-fetch-nginx: fetch over HTTPS from a real nginx (test CA made here,
# basic auth, gzip, several pages) serving each source's real shape: CISO
# Assistant, Jira Cloud, ServiceNow, SimpleRisk, generic JSON, Confluence.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/fetch/nginx.sh"
trap 'nginx_stop; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
PY=${PYTHON:-python3}

if ! command -v nginx >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
	not_ok "nginx and openssl are needed (scripts/debian-packages.txt)"
	exit 1
fi

export AUDITKIT_T41_CISO="ciso-$$-4f1a9c2e77d0"
export AUDITKIT_T41_USER="auditor"
export AUDITKIT_T41_PASS="pw-$$-b3e8a1f0"
export AUDITKIT_T41_SRKEY="srk-$$-90c1d7aa"
export AUDITKIT_T41_BEARER="brr-$$-71e2c0de"
export AUDITKIT_T41_WRONG="wrong-$$-000000"
SECRETS="$AUDITKIT_T41_CISO $AUDITKIT_T41_PASS $AUDITKIT_T41_SRKEY $AUDITKIT_T41_BEARER $AUDITKIT_T41_WRONG"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

N=$TMP/nginx
nginx_certs "$N" || { not_ok "make test certificates"; exit 1; }
printf '%s:%s\n' "$AUDITKIT_T41_USER" "$(openssl passwd -apr1 "$AUDITKIT_T41_PASS")" >"$N/htpasswd"
cat >"$N/locations" <<NGX
    location = /api/risk-scenarios/ {
      if (\$http_authorization != "Token $AUDITKIT_T41_CISO") { return 401; }
      try_files /ciso_assistant/page-\$ciso_p.json =404;
    }
    location = /rest/api/3/search/jql {
      auth_basic "jira"; auth_basic_user_file $N/htpasswd;
      try_files /jira/page-\$jira_p.json =404;
    }
    location = /api/now/table/sn_risk_risk {
      auth_basic "servicenow"; auth_basic_user_file $N/htpasswd;
      add_header Link \$sn_link always;
      try_files /servicenow/page-\$sn_p.json =404;
    }
    location = /api/v2/risks {
      if (\$http_x_api_key != "$AUDITKIT_T41_SRKEY") { return 401; }
      try_files /simplerisk/risks.json =404;
    }
    location /json/ {
      if (\$http_authorization != "Bearer $AUDITKIT_T41_BEARER") { return 401; }
    }
    location = /wiki/api/v2/pages/42 {
      auth_basic "confluence"; auth_basic_user_file $N/htpasswd;
      try_files /confluence/page-v2.json =404;
    }
    location = /wiki/rest/api/content/42 {
      auth_basic "confluence"; auth_basic_user_file $N/htpasswd;
      try_files /confluence/content-v1.json =404;
    }
NGX
cat >"$N/maps" <<'NGX'
  map $arg_page $ciso_p { default 1; 2 2; 3 3; }
  map $arg_nextPageToken $jira_p { default 1; tok2 2; tok3 3; }
  map $arg_sysparm_offset $sn_p { default 1; 2 2; 4 3; }
  map $arg_sysparm_offset $sn_link {
    default '<https://127.0.0.1:@PORT@/api/now/table/sn_risk_risk?sysparm_limit=2&sysparm_offset=2>;rel="next"';
    2 '<https://127.0.0.1:@PORT@/api/now/table/sn_risk_risk?sysparm_limit=2&sysparm_offset=4>;rel="next"';
    4 '';
  }
NGX
if ! nginx_start "$N" "$FIX/fetch" "$N/locations" "$N/maps"; then
	not_ok "start nginx"
	exit 1
fi
ok "nginx started on 127.0.0.1:$NGINX_PORT"
BASE=https://127.0.0.1:$NGINX_PORT
CA=$N/ca.pem

# run, and keep everything printed for the secret check at the end
frun() { run "$@"; cat "$TMP/out" "$TMP/err" >>"$TMP/all.log"; }
jget() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }
audit() { # audit NAME SOURCE-JSON: an audit.json with that risks source
	printf '{ "format": "auditkit-audit/1", "organisation": "Harbourline Logistics Ltd",\n  "sources": { %s } }\n' "$2" >"$TMP/$1.json"
}

# ---- CISO Assistant: Token auth, {count, next, results}, relative next ----------
audit ciso "\"risks\": { \"url\": \"$BASE\", \"format\": \"ciso-assistant\", \"page_size\": 2,
  \"auth\": { \"type\": \"token\", \"env\": \"AUDITKIT_T41_CISO\" } }"
frun fetch --audit "$TMP/ciso.json" --cacert "$CA" --output "$TMP/ciso"
expect_rc 0 "CISO Assistant over HTTPS with a token"
expect_eq "$(jget "$TMP/ciso/facts.json" '[(r["id"], r.get("level")) for r in d["risks"]]')" \
	"[('RS.1', 4), ('RS.5', 4), ('RS.2', 3), ('RS.4', 1), ('RS.3', None)]" "five scenarios from three pages, unrated last"
expect_eq "$(jget "$TMP/ciso/facts.json" 'd["risks"][0]["level_label"], d["risks"][0]["owner"]')" "Very high Sofia Lindqvist" \
	"matrix label and owner"
expect_eq "$(jget "$TMP/ciso/manifest.json" '[(x["page"], x["status"], x["content_type"]) for x in d["documents"]]')" \
	"[(1, 200, 'application/json'), (2, 200, 'application/json'), (3, 200, 'application/json')]" "three pages in the manifest"
expect_eq "$(jget "$TMP/ciso/manifest.json" 'd["documents"][1]["url"]')" "$BASE/api/risk-scenarios/?limit=2&page=2" \
	"relative next resolved against the page"
conns=$(grep 'risk-scenarios' "$N/logs/access.log" | awk '{print $2}' | sort -u | wc -l)
expect_eq "$conns" "1" "one connection for all pages"
expect_in "$(cat "$N/logs/access.log")" "\"auditkit/" "User-Agent names auditkit"

# The progress line, on a terminal only: redrawn in place per page, ended
# before the closing notes (tests/tools/pty-stderr.py gives a terminal).
"$PY" "$SRC/tests/tools/pty-stderr.py" "$TMP/tty.err" -- \
	"$AUDITKIT" fetch --audit "$TMP/ciso.json" --cacert "$CA" --output "$TMP/ciso-tty" >/dev/null
rc=$?
expect_rc 0 "fetch with standard error on a terminal"
tty=$("$PY" -c "import sys; print(repr(open(sys.argv[1], 'rb').read().decode()))" "$TMP/tty.err")
expect_in "$tty" "\\rauditkit: fetching risks: page 1, 2 risks\\x1b[K\\rauditkit: fetching risks: page 2, 4 risks" \
	"the progress line is redrawn in place, page by page"
expect_in "$tty" "page 3, 5 risks\\x1b[K\\r\\nauditkit: risk register: 5 risks" "and ended before the notes"
run fetch --audit "$TMP/ciso.json" --cacert "$CA" --output "$TMP/ciso-pipe"
expect_not_in "$err" "fetching risks" "no progress line when standard error is not a terminal"

# ---- Jira Cloud: basic auth, nextPageToken, ADF, custom fields ------------------------
audit jira "\"risks\": { \"url\": \"$BASE\", \"format\": \"jira\", \"page_size\": 2, \"jql\": \"project = RISK\",
  \"field_map\": { \"likelihood\": \"fields.customfield_10050\", \"impact\": \"fields.customfield_10051\", \"treatment\": \"fields.customfield_10052\" },
  \"auth\": { \"type\": \"basic\", \"user_env\": \"AUDITKIT_T41_USER\", \"password_env\": \"AUDITKIT_T41_PASS\" } }"
frun fetch --audit "$TMP/jira.json" --cacert "$CA" --output "$TMP/jira"
expect_rc 0 "Jira Cloud with basic auth"
expect_eq "$(jget "$TMP/jira/facts.json" '[(r["id"], r.get("level")) for r in d["risks"]]')" \
	"[('RISK-1', 20), ('RISK-5', 15), ('RISK-2', 12), ('RISK-4', 4), ('RISK-3', None)]" "issues from three pages by nextPageToken"
expect_eq "$(jget "$TMP/jira/facts.json" 'd["risks"][0]["description"], "|", d["risks"][0]["treatment"], "|", d["risks"][0]["owner"]')" \
	"Ransomware on the warehouse system: details, with a comma | Mitigate | Maria Keller" "ADF description, option fields, assignee"
expect_eq "$(grep -c 'search/jql' "$N/logs/access.log")" "3" "three Jira requests"

# ---- ServiceNow: basic auth, {result}, Link rel=next ---------------------------------
audit sn "\"risks\": { \"url\": \"$BASE\", \"format\": \"servicenow\", \"page_size\": 2,
  \"auth\": { \"type\": \"basic\", \"user_env\": \"AUDITKIT_T41_USER\", \"password_env\": \"AUDITKIT_T41_PASS\" } }"
frun fetch --audit "$TMP/sn.json" --cacert "$CA" --output "$TMP/sn"
expect_rc 0 "ServiceNow Table API"
expect_eq "$(jget "$TMP/sn/facts.json" '[(r["id"], r.get("level")) for r in d["risks"]]')" \
	"[('RSK0001001', 20), ('RSK0001005', 15), ('RSK0001002', 12), ('RSK0001004', 4), ('RSK0001003', None)]" \
	"records from three pages by Link header"
expect_eq "$(jget "$TMP/sn/facts.json" 'd["risks"][0]["likelihood"], d["risks"][0]["level_label"]')" "4 Critical" \
	"display values read"

# ---- SimpleRisk: X-API-KEY ---------------------------------------------------------------
audit sr "\"risks\": { \"url\": \"$BASE\", \"format\": \"simplerisk\",
  \"auth\": { \"type\": \"api-key\", \"env\": \"AUDITKIT_T41_SRKEY\", \"header\": \"X-API-KEY\" } }"
frun fetch --audit "$TMP/sr.json" --cacert "$CA" --output "$TMP/sr"
expect_rc 0 "SimpleRisk with an API key"
expect_eq "$(jget "$TMP/sr/facts.json" '[(r["id"], r["level"], r["level_label"]) for r in d["risks"]]')" \
	"[('1001', 9.2, 'High'), ('1002', 6.4, 'Medium'), ('1003', 1.6, 'Low')]" "SimpleRisk scores and bands"

# ---- generic JSON: bearer, envelope path, next field --------------------------------------
audit js "\"risks\": { \"url\": \"$BASE/json/risks-1.json\", \"format\": \"json\", \"path\": \"data.items\", \"next\": \"links.next\",
  \"field_map\": { \"id\": \"ref\", \"title\": \"name\", \"owner\": \"owner.name\", \"level_label\": \"rating\" },
  \"auth\": { \"type\": \"bearer\", \"env\": \"AUDITKIT_T41_BEARER\" } }"
frun fetch --audit "$TMP/js.json" --cacert "$CA" --output "$TMP/js"
expect_rc 0 "generic JSON with a bearer token"
expect_eq "$(jget "$TMP/js/facts.json" '[(r["id"], r["level"], r["owner"]) for r in d["risks"]]')" \
	"[('G-1', 20, 'Sofia Lindqvist'), ('G-2', 12, 'Daniel Okafor'), ('G-3', 4, 'Priya Raman')]" "two pages by the next field"

# ---- policies: Confluence v2 and v1, HTML; CSV with gzip ----------------------------------
printf '{ "format": "auditkit-audit/1", "sources": { "policy": { "url": "%s/wiki/api/v2/pages/42", "format": "confluence", "auth": { "type": "basic", "user_env": "AUDITKIT_T41_USER", "password_env": "AUDITKIT_T41_PASS" } } } }\n' "$BASE" >"$TMP/conf2.json"
frun fetch --audit "$TMP/conf2.json" --cacert "$CA" --output "$TMP/conf2"
expect_rc 0 "Confluence v2 page"
expect_eq "$(jget "$TMP/conf2/facts.json" 'd["policy"]["version"], d["policy"]["approved"], d["policy"]["approver"]')" \
	"2.4 2026-03-03 Maria Keller" "Confluence storage format metadata"
expect_in "$(cat "$N/logs/access.log")" "pages/42?body-format=storage" "v2 asks for the storage format"
printf '{ "format": "auditkit-audit/1", "sources": { "policy": { "url": "%s/wiki/rest/api/content/42", "format": "confluence", "auth": { "type": "basic", "user_env": "AUDITKIT_T41_USER", "password_env": "AUDITKIT_T41_PASS" } } } }\n' "$BASE" >"$TMP/conf1.json"
frun fetch --audit "$TMP/conf1.json" --cacert "$CA" --output "$TMP/conf1"
expect_rc 0 "Confluence v1 content"
expect_in "$(cat "$N/logs/access.log")" "content/42?expand=body.storage" "v1 expands body.storage"

frun fetch --policy "$BASE/policy.html" --risks "$BASE/risks-semicolon.csv" --cacert "$CA" --output "$TMP/web"
expect_rc 0 "HTML policy and CSV register over HTTPS"
expect_file_same "$TMP/web/raw/risks-001.csv" "$FIX/fetch/risks-semicolon.csv" "gzip-encoded CSV kept as its bytes"
expect_eq "$(jget "$TMP/web/manifest.json" '[(x["status"], x["etag"] is not None, x["last_modified"] is not None) for x in d["documents"]]')" \
	"[(200, True, True), (200, True, True)]" "status, ETag and Last-Modified recorded"

# ---- refresh: conditional requests --------------------------------------------------------
cp "$TMP/web/facts.json" "$TMP/web.facts"
: >"$N/logs/access.log.mark"
before=$(wc -l <"$N/logs/access.log")
frun fetch --policy "$BASE/policy.html" --risks "$BASE/risks-semicolon.csv" --cacert "$CA" --output "$TMP/web"
expect_rc 0 "refresh of an unchanged source"
expect_eq "$(jget "$TMP/web/manifest.json" '[x["status"] for x in d["documents"]]')" "[304, 304]" "answered 304 Not Modified"
expect_eq "$(tail -n +$((before + 1)) "$N/logs/access.log" | awk '{print $1}' | sort -u)" "304" "nginx saw conditional requests"
expect_file_same "$TMP/web/facts.json" "$TMP/web.facts" "facts unchanged after a 304 refresh"
expect_file_same "$TMP/web/raw/risks-001.csv" "$FIX/fetch/risks-semicolon.csv" "raw bytes reused after a 304"

# ---- a bad page, with the next page already asked for ---------------------------------
# order-2.json has a risk without a title and names order-3.json, which is
# not there (404). The next request goes out while page 2 is parsed, but
# what is reported is what a page-at-a-time loop would report: page 2's
# error, and nothing about page 3.
audit order "\"risks\": { \"url\": \"$BASE/json/order-1.json\", \"format\": \"json\", \"path\": \"data.items\", \"next\": \"links.next\",
  \"auth\": { \"type\": \"bearer\", \"env\": \"AUDITKIT_T41_BEARER\" } }"
frun fetch --audit "$TMP/order.json" --cacert "$CA" --output "$TMP/order"
expect_rc 3 "a risk without a title on page 2 is bad data"
expect_in "$err" "order-2.json: data.items[0]: risk 'O-2' has no title" "the error names page 2 and the item"
expect_not_in "$err" "404" "page 3's failure, fetched ahead, is not reported"
expect_not_in "$err" "order-3" "nor is page 3 named"
[ -e "$TMP/order" ] && not_ok "no snapshot after bad data" || ok "no snapshot after bad data"

# ---- faults: credentials and TLS --------------------------------------------------------
audit bad "\"risks\": { \"url\": \"$BASE\", \"format\": \"ciso-assistant\",
  \"auth\": { \"type\": \"token\", \"env\": \"AUDITKIT_T41_WRONG\" } }"
frun fetch --audit "$TMP/bad.json" --cacert "$CA" --output "$TMP/bad"
expect_rc 4 "a refused token is a source failure"
expect_in "$err" "127.0.0.1:$NGINX_PORT" "401 names the host"
expect_in "$err" "AUDITKIT_T41_WRONG" "401 names the environment variable"
frun fetch --audit "$TMP/ciso.json" --cacert "$N/wrongca.pem" --output "$TMP/wrongca"
expect_rc 4 "a certificate from another CA is refused"
expect_in "$err" "TLS failure with '127.0.0.1:$NGINX_PORT'" "names the host and TLS"
frun fetch --audit "$TMP/ciso.json" --output "$TMP/noca"
expect_rc 4 "verification is on without --cacert"
[ -e "$TMP/wrongca" ] || [ -e "$TMP/noca" ] && not_ok "no snapshot after a TLS failure" || ok "no snapshot after a TLS failure"

# ---- no secret anywhere ------------------------------------------------------------------
leak=""
for s in $SECRETS; do
	grep -rqF -- "$s" "$TMP/ciso" "$TMP/jira" "$TMP/sn" "$TMP/sr" "$TMP/js" "$TMP/conf1" "$TMP/conf2" "$TMP/web" "$TMP/all.log" && leak="$leak $s"
done
basic=$(printf '%s:%s' "$AUDITKIT_T41_USER" "$AUDITKIT_T41_PASS" | base64)
grep -rqF -- "$basic" "$TMP"/ciso "$TMP"/jira "$TMP"/sn "$TMP/all.log" && leak="$leak basic"
expect_eq "$leak" "" "no credential in a snapshot, on standard output or standard error"
