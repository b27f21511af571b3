#!/bin/sh
# t95-evidence-safety: a snapshot stays sealed and a fetch never goes where
# it should not. Readers refuse a snapshot changed after fetch made it; the
# auditor's facts.local.json survives a refresh and anything else the
# refresh would lose stops it; a real nginx (TLS on one port, plain http on
# another) redirects down to http, to another host and to file:, pages in
# a cycle, serves a sign-in page as the policy, and is sent credentials
# over http and through a plain proxy. Each check can fail: the bad case is
# run, and most have a good twin that must pass.
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/fetch/nginx.sh"
trap 'nginx_stop; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
PY=${PYTHON:-python3}
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy no_proxy NO_PROXY

sha() { sha256sum "$1" | cut -d' ' -f1; }
jget() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }
tree() { (cd "$1" && find . -type f | sort | xargs sha256sum); }
S=$SRC/samples
NOTES=$S/notes/keller-ceo.md

# ======================================================================
# Sealed snapshots: every reader checks the manifest
# ======================================================================

run fetch --audit "$S/audit.json" --output "$TMP/ev"
expect_rc 0 "fetch the sample into a snapshot"
expect_eq "$(jget "$TMP/ev/manifest.json" 'sorted(x["file"] for x in d["derived"])')" "['facts.json', 'policy.txt']" \
	"the manifest lists facts.json and policy.txt"
expect_eq "$(jget "$TMP/ev/manifest.json" '[x["sha256"] for x in d["derived"] if x["file"]=="facts.json"][0]')" \
	"$(sha "$TMP/ev/facts.json")" "with facts.json's true SHA-256"

run score "$NOTES" --evidence "$TMP/ev" -o "$TMP/s.json"
expect_rc 0 "score reads an intact snapshot"
run findings "$TMP/s.json" --evidence "$TMP/ev" -o "$TMP/f.xlsx"
expect_rc 0 "findings reads an intact snapshot"
got=$("$PY" - "$TMP/f.xlsx" "$TMP/ev" <<'PY'
import hashlib, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
m = json.load(open(sys.argv[2] + "/manifest.json"))
true = [hashlib.sha256(open(sys.argv[2] + "/" + d["file"], "rb").read()).hexdigest() for d in m["documents"]]
print(len(true), all(h in text for h in true))
PY
)
expect_eq "$got" "3 True" "the workbook's Sources sheet shows each document's true SHA-256"

# tamper (file, what to do, description): each reader must refuse, exit 3,
# naming the file.
cp -a "$TMP/ev" "$TMP/ev.good"
tamper_case() { # NAME FILE-IN-SNAPSHOT EXPECTED-NAME
	for cmd in score findings interview; do
		case $cmd in
		score) run score "$NOTES" --evidence "$TMP/ev" -o "$TMP/t.json" ;;
		findings) run findings "$TMP/s.json" --evidence "$TMP/ev" -o "$TMP/t.xlsx" ;;
		interview) run interview --role ceo --evidence "$TMP/ev" -o "$TMP/t.md" ;;
		esac
		expect_rc 3 "$cmd --evidence: $1 is exit 3"
		expect_in "$err" "$3" "$cmd --evidence: $1 names '$3'"
	done
	[ ! -e "$TMP/t.json" ] && [ ! -e "$TMP/t.xlsx" ] && [ ! -e "$TMP/t.md" ] &&
		ok "$1: no output written" || not_ok "$1: an output was written"
	rm -f "$TMP/t.json" "$TMP/t.xlsx" "$TMP/t.md"
}
restore() { rm -rf "$TMP/ev"; cp -a "$TMP/ev.good" "$TMP/ev"; }

sed -i 's/R-07/R-70/' "$TMP/ev/raw/risks-001.csv"
tamper_case "a risk id changed in the raw register" raw/risks-001.csv "ev/raw/risks-001.csv' does not match the SHA-256"
restore
"$PY" - "$TMP/ev/facts.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["policy"]["version"] = "9.9"
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
tamper_case "facts.json edited" facts.json "ev/facts.json' does not match the SHA-256"
restore
printf ' ' >>"$TMP/ev/raw/policy-001.md"
tamper_case "one byte added to the policy" raw/policy-001.md "ev/raw/policy-001.md' does not match"
restore
rm "$TMP/ev/raw/review-001.md"
tamper_case "a raw document removed" raw/review-001.md "ev/raw/review-001.md' is listed in the manifest but cannot be read"
restore
"$PY" - "$TMP/ev/manifest.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["derived"] = [x for x in d["derived"] if x["file"] != "facts.json"]
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
tamper_case "a facts.json the manifest does not list" facts.json "ev/facts.json' is not in the snapshot's manifest"
restore

sed -i 's/R-07/R-70/' "$TMP/ev/raw/risks-001.csv"
run findings "$TMP/s.json" --facts "$S/facts.json" --evidence "$TMP/ev" -o "$TMP/t.xlsx"
expect_rc 3 "findings --facts F --evidence DIR still checks the snapshot its Sources sheet shows"
restore
head -c 200 "$TMP/ev.good/manifest.json" >"$TMP/ev/manifest.json"
run score "$NOTES" --evidence "$TMP/ev" -o "$TMP/t.json"
expect_rc 3 "a truncated manifest is exit 3"
expect_in "$err" "ev/manifest.json:" "naming the manifest"
restore
run interview --role ceo --evidence "$TMP/ev/facts.json" -o "$TMP/t.md"
expect_rc 3 "--evidence naming a file, not a snapshot folder, is exit 3"
run interview --role ceo --evidence "$TMP/nowhere" -o "$TMP/t.md"
expect_rc 3 "--evidence naming no folder is exit 3"
expect_in "$err" "cannot open '$TMP/nowhere'" "says so"
rm -f "$TMP/t.json" "$TMP/t.md" "$TMP/t.xlsx"
sed -i 's/3\.1/3.2/' "$TMP/ev/facts.json"
run interview --role ceo --facts "$TMP/ev/facts.json" -o "$TMP/t.md"
expect_rc 3 "interview --facts naming a snapshot's changed facts.json is exit 3"
expect_in "$err" "does not match the SHA-256" "and says why"
run score "$NOTES" --facts "$TMP/ev/facts.json" -o "$TMP/t.json"
expect_rc 3 "score --facts naming a snapshot's changed facts.json is exit 3"
restore
run interview --role ceo --facts "$TMP/ev/facts.json" -o "$TMP/t.md"
expect_rc 0 "interview --facts on an intact snapshot's facts.json"
rm -f "$TMP/t.md"

# ======================================================================
# facts.local.json: the auditor's additions, kept by a refresh
# ======================================================================

cat >"$TMP/ev/facts.local.json" <<'JSON'
{
  "format": "auditkit-facts/1",
  "policy": { "version": "3.1-local" },
  "risks": [ { "id": "R-LOCAL", "title": "Added by the auditor from the board pack" } ]
}
JSON
run interview --role ceo --evidence "$TMP/ev" -o "$TMP/local.md"
expect_rc 0 "interview reads facts.local.json over facts.json"
expect_in "$(cat "$TMP/local.md")" "Policy version: 3.1-local" "the local policy version wins over the fetched one"
run score "$NOTES" --evidence "$TMP/ev" -o "$TMP/local.json"
expect_rc 0 "score reads a snapshot with facts.local.json"
run findings "$TMP/local.json" --evidence "$TMP/ev" -o "$TMP/local.xlsx"
expect_rc 0 "findings reads a snapshot with facts.local.json"

local_sha=$(sha "$TMP/ev/facts.local.json")
local_ino=$(stat -c %i "$TMP/ev/facts.local.json")
run fetch --audit "$S/audit.json" --output "$TMP/ev"
expect_rc 0 "a refresh with facts.local.json in the snapshot"
expect_eq "$(sha "$TMP/ev/facts.local.json" 2>&1)" "$local_sha" "facts.local.json is byte-identical after the refresh"
expect_eq "$(stat -c %i "$TMP/ev/facts.local.json" 2>&1)" "$local_ino" "and is the same file (not rewritten)"
run fetch --policy "$S/policy.md" --output "$TMP/evp"
expect_in "$err" "not found, to add by hand: organisation.name" "fetch lists what is missing"
expect_in "$err" "(in '$TMP/evp/facts.local.json', which a refresh keeps)" "and says where to add it"
run fetch --offline --output "$TMP/ev"
expect_rc 0 "an offline rebuild with facts.local.json"
expect_eq "$(sha "$TMP/ev/facts.local.json" 2>&1)" "$local_sha" "facts.local.json kept by --offline too"

printf '{ "format": "auditkit-facts/1",\n  "policy": { "versoin": "3.2" } }\n' >"$TMP/ev/facts.local.json"
run interview --role ceo --evidence "$TMP/ev" -o "$TMP/t.md"
expect_rc 3 "a facts.local.json with an unknown field is exit 3"
expect_in "$err" "facts.local.json:2:" "named at its own line"
printf '{ "format": "auditkit-facts/1",\n  "risks": [ { "id": "R-07", "owner": "Daniel Okafor" }, { "id": "R-NEW" } ] }\n' >"$TMP/ev/facts.local.json"
run interview --role ceo --evidence "$TMP/ev" -o "$TMP/t.md"
expect_rc 3 "a local risk that is new and has no title is exit 3"
expect_in "$err" "facts.local.json: the risk 'R-NEW' is not one the source gave, so it needs a \"title\"" "named in the local file's terms"
printf '{ "format": "auditkit-facts/1",\n  "risks": [ { "id": "R-07", "owner": "Daniel Okafor" } ],\n  "policy": { "approver": null } }\n' >"$TMP/ev/facts.local.json"
run interview --role ceo --evidence "$TMP/ev" -o "$TMP/t.md"
expect_rc 0 "a local risk changing one field of a fetched risk"
expect_in "$(cat "$TMP/t.md")" "owner Daniel Okafor" "the fetched risk takes the local owner"
expect_in "$(cat "$TMP/t.md")" "Policy approved by: not in the records" "null removes a fetched fact"
run score "$NOTES" --facts "$TMP/ev/facts.local.json" -o "$TMP/t.json"
expect_rc 0 "--facts naming facts.local.json reads the snapshot"
expect_in "$(jget "$TMP/t.json" 'd["facts"]["file"]')" "ev/facts.json" "and records the snapshot's facts.json"
rm -f "$TMP/ev/facts.local.json" "$TMP/t.md" "$TMP/t.json"

before=$(tree "$TMP/ev")
refuse_refresh() { # DESC NAME
	run fetch --audit "$S/audit.json" --output "$TMP/ev"
	expect_rc 5 "$1: the refresh refuses"
	expect_in "$err" "$2" "$1: names '$2'"
}
echo "Interview with the CFO moved to Tuesday" >"$TMP/ev/notes.txt"
before=$(tree "$TMP/ev")
refuse_refresh "a file of the auditor's beside facts.json" "'notes.txt' would be lost"
expect_eq "$(tree "$TMP/ev")" "$before" "the snapshot is byte-identical after the refusal"
rm "$TMP/ev/notes.txt"
echo "id,title" >"$TMP/ev/raw/extra-risks.csv"
refuse_refresh "a raw/ file the manifest does not list" "'raw/extra-risks.csv' would be lost"
rm "$TMP/ev/raw/extra-risks.csv"
mkdir "$TMP/ev/interviews"
refuse_refresh "a folder of the auditor's" "'interviews' would be lost"
rmdir "$TMP/ev/interviews"
sed -i 's/"risks": \[/"risks": [ {"id": "R-HAND", "title": "added by hand"},/' "$TMP/ev/facts.json"
refuse_refresh "facts.json changed by hand" "what was changed in 'facts.json' would be lost"
run fetch --offline --output "$TMP/ev"
expect_rc 5 "facts.json changed by hand: --offline refuses too"
restore
run fetch --audit "$S/audit.json" --output "$TMP/ev"
expect_rc 0 "a refresh of an untouched snapshot still works"

# ======================================================================
# Links, credentials and content types against a real nginx
# ======================================================================

if ! command -v nginx >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
	not_ok "nginx and openssl are needed (scripts/debian-packages.txt)"
	exit 1
fi
export AUDITKIT_T95_TOKEN="t95-$$-c0ffee11"
export T95_FOREIGN_SECRET="foreign-$$-5ec7e7"
SECRETS="$AUDITKIT_T95_TOKEN $T95_FOREIGN_SECRET"
N=$TMP/nginx
W=$TMP/www
nginx_certs "$N" || { not_ok "make test certificates"; exit 1; }
HP=$(nginx_free_port)
mkdir -p "$W/pol" "$W/reg" "$W/cyc" "$W/auth"
cp "$S/policy.md" "$W/pol/policy.md"
cp "$S/policy.md" "$W/pol/login.md"
cp "$S/policy.md" "$W/auth/policy.md"
printf '<html><body><form>Sign in</form></body></html>\n' >"$W/pol/signin.md"
printf '{"items": [{"id": "R-1", "title": "one"}], "next": "page2.json"}\n' >"$W/reg/page1.json"
printf '{"items": [{"id": "R-2", "title": "two"}], "next": null}\n' >"$W/reg/page2.json"
printf '{"items": [{"id": "R-1", "title": "one"}], "next": "file:///etc/passwd"}\n' >"$W/reg/tofile.json"
printf '{"items": [{"id": "R-1", "title": "one"}], "next": "http://127.0.0.1:%s/reg/page2.json"}\n' "$HP" >"$W/reg/todown.json"
printf '{"items": [{"id": "R-1", "title": "one"}], "next": "https://localhost:@PORT@/reg/page2.json"}\n' >"$W/reg/tohost.json.in"
printf '{"items": [{"id": "R-A", "title": "a"}], "next": "b2.json"}\n' >"$W/cyc/a2.json"
printf '{"items": [{"id": "R-B", "title": "b"}], "next": "a2.json"}\n' >"$W/cyc/b2.json"
printf '{"items": [{"id": "R-C", "title": "c"}], "next": "/cyc/jump"}\n' >"$W/cyc/c.json"
printf '{"items": [{"id": "R-F", "title": "f"}], "next": "g.json"}\n' >"$W/cyc/f.json"
printf '{"items": [{"id": "R-G", "title": "g"}], "next": "f.json#again"}\n' >"$W/cyc/g.json"
cat >"$N/locations" <<NGX
    listen 127.0.0.1:$HP;
    location = /down { return 302 http://127.0.0.1:$HP/pol/policy.md; }
    location = /up { return 302 https://127.0.0.1:@PORT@/pol/policy.md; }
    location = /moved { return 301 /pol/policy.md; }
    location = /elsewhere { return 302 https://localhost:@PORT@/pol/policy.md; }
    location = /tofile { return 302 file:///etc/passwd; }
    location = /cyc/jump { return 302 /cyc/c.json; }
    location = /pol/login.md { types { } default_type text/html; }
    location = /reg/login.json { types { } default_type text/html; try_files /pol/signin.md =404; }
    location = /reg/page.csv { types { } default_type application/json; try_files /reg/page1.json =404; }
    location /auth/ {
      if (\$http_authorization != "Bearer $AUDITKIT_T95_TOKEN") { return 401; }
    }
    location /foreign/ {
      if (\$http_authorization != "Bearer $T95_FOREIGN_SECRET") { return 401; }
      alias $W/auth/;
    }
NGX
: >"$N/maps"
if ! nginx_start "$N" "$W" "$N/locations" "$N/maps"; then
	not_ok "start nginx"
	exit 1
fi
sed "s/@PORT@/$NGINX_PORT/" "$W/reg/tohost.json.in" >"$W/reg/tohost.json"
ok "nginx on https 127.0.0.1:$NGINX_PORT and http 127.0.0.1:$HP"
B=https://127.0.0.1:$NGINX_PORT
H=http://127.0.0.1:$HP
CA=$N/ca.pem
LOG=$N/logs/access.log
frun() { run "$@"; cat "$TMP/out" "$TMP/err" >>"$TMP/all.log"; }
nothing_left() { # DIR DESC
	left=$(ls -A "$(dirname "$1")" | grep -F "$(basename "$1")" | tr '\n' ' ')
	expect_eq "$left" "" "$2: no snapshot and no temporary folder left"
}
mkdir -p "$TMP/o"

# --- redirects ---
frun fetch --policy "$B/down" --policy-format markdown --cacert "$CA" --output "$TMP/o/down"
expect_rc 4 "https redirecting to plain http is refused"
expect_in "$err" "not followed from https down to plain http" "says it is a downgrade"
expect_not_in "$(cat "$LOG")" "GET /pol/policy.md HTTP/1.1\" \"auditkit" "the http URL was never asked for"
nothing_left "$TMP/o/down" "downgrade"

frun fetch --policy "$H/up" --policy-format markdown --cacert "$CA" --output "$TMP/o/up"
expect_rc 0 "http redirecting up to https is followed"

frun fetch --policy "$B/moved" --policy-format markdown --cacert "$CA" --output "$TMP/o/moved"
expect_rc 0 "a redirect on the same host is followed"
expect_eq "$(jget "$TMP/o/moved/manifest.json" 'd["documents"][0]["url"], d["documents"][0]["requested_url"]')" \
	"$B/pol/policy.md $B/moved" "the manifest records where the bytes came from, and what was asked"
frun fetch --policy "$B/moved" --policy-format markdown --cacert "$CA" --output "$TMP/o/moved"
expect_rc 0 "a refresh of a redirected document"
expect_eq "$(jget "$TMP/o/moved/manifest.json" 'd["documents"][0]["status"]')" "304" \
	"is conditional, found by the URL asked for"

frun fetch --policy "$B/elsewhere" --policy-format markdown --cacert "$CA" --output "$TMP/o/else"
expect_rc 4 "a redirect to another host is refused"
expect_in "$err" "on another host than the source's ('127.0.0.1'): not followed" "names the hosts"
expect_in "$err" "--allow-host localhost" "and how to allow it"
nothing_left "$TMP/o/else" "another host"
frun fetch --policy "$B/elsewhere" --policy-format markdown --allow-host localhost --cacert "$CA" --output "$TMP/o/else"
expect_rc 0 "--allow-host lets it through"

frun fetch --policy "$B/elsewhere" --policy-format markdown --allow-host https://localhost --cacert "$CA" --output "$TMP/o/else2"
expect_rc 2 "--allow-host with a URL, not a host, is a usage error"
frun fetch --policy "$B/tofile" --policy-format markdown --cacert "$CA" --output "$TMP/o/tofile"
expect_rc 4 "a redirect to file:// is refused"
expect_in "$err" "which is not an http or https URL" "says why"

# --- next pages ---
reg() { # NAME URL [EXTRA-SOURCE-JSON]: an audit.json with a JSON register
	printf '{ "format": "auditkit-audit/1", "sources": { "risks": { "url": "%s", "format": "json", "path": "items", "next": "next"%s } } }\n' \
		"$2" "${3:-}" >"$TMP/$1.json"
}
reg paged "$B/reg/page1.json"
frun fetch --audit "$TMP/paged.json" --cacert "$CA" --output "$TMP/o/paged"
expect_rc 0 "two pages on the same host and scheme"
reg tofile "$B/reg/tofile.json"
frun fetch --audit "$TMP/tofile.json" --cacert "$CA" --output "$TMP/o/nf"
expect_rc 4 "a next page on file:// is refused"
expect_in "$err" "names as its next page 'file:///etc/passwd', which is not an http or https URL" "names the link"
nothing_left "$TMP/o/nf" "next page to file"
expect_not_in "$(cat "$TMP/all.log")" "root:x:0:0" "no local file read"
reg todown "$B/reg/todown.json"
frun fetch --audit "$TMP/todown.json" --cacert "$CA" --output "$TMP/o/nd"
expect_rc 4 "a next page on plain http is refused"
expect_in "$err" "not followed from https down to plain http" "as a downgrade"
reg tohost "$B/reg/tohost.json"
frun fetch --audit "$TMP/tohost.json" --cacert "$CA" --output "$TMP/o/nh"
expect_rc 4 "a next page on another host is refused"
reg tohost2 "$B/reg/tohost.json" ', "allow_hosts": ["localhost"]'
frun fetch --audit "$TMP/tohost2.json" --cacert "$CA" --output "$TMP/o/nh2"
expect_rc 0 "allow_hosts in audit.json lets it through"
expect_eq "$(jget "$TMP/o/nh2/facts.json" '[r["id"] for r in d["risks"]]')" "['R-1', 'R-2']" "both pages read"
printf '{ "format": "auditkit-audit/1", "sources": { "risks": { "url": "%s", "format": "json", "allow_hosts": ["https://x"] } } }\n' \
	"$B/reg/page1.json" >"$TMP/badallow.json"
frun fetch --audit "$TMP/badallow.json" --cacert "$CA" --output "$TMP/o/ba"
expect_rc 3 "allow_hosts holding a URL, not a host, is bad data"

# --- cycles ---
reg cycle "$B/cyc/a2.json"
t0=$(date +%s)
frun fetch --audit "$TMP/cycle.json" --cacert "$CA" --output "$TMP/o/cyc"
t1=$(date +%s)
expect_rc 4 "a pagination cycle A -> B -> A stops"
expect_in "$err" "names as its next page '$B/cyc/a2.json', which was fetched already in this run" "naming the URL"
[ $((t1 - t0)) -lt 20 ] && ok "at once ($((t1 - t0)) s)" || not_ok "the cycle took $((t1 - t0)) s"
expect_eq "$(grep -c 'GET /cyc/' "$LOG")" "2" "each page was asked for once"
nothing_left "$TMP/o/cyc" "a cycle"
reg cyclef "$B/cyc/f.json"
frun fetch --audit "$TMP/cyclef.json" --cacert "$CA" --output "$TMP/o/cycf"
expect_rc 4 "a next page that is this page with a #fragment is a cycle (the fragment is never sent)"
expect_in "$err" "page 2 names as its next page '$B/cyc/f.json" "caught on page 2, not after asking for f.json again"
expect_eq "$(grep -c 'GET /cyc/f.json' "$LOG")" "1" "f.json was asked for once"
reg cycle2 "$B/cyc/c.json"
frun fetch --audit "$TMP/cycle2.json" --cacert "$CA" --output "$TMP/o/cyc2"
expect_rc 4 "a next page redirected back to a page fetched already stops"
expect_in "$err" "page 2 was redirected to '$B/cyc/c.json', which was fetched already in this run" "naming it"

# --- content types ---
frun fetch --policy "$B/pol/login.md" --policy-format markdown --cacert "$CA" --output "$TMP/o/login"
expect_rc 4 "an HTML page as a Markdown policy is exit 4"
expect_in "$err" "'$B/pol/login.md' answered with the content type 'text/html', which cannot be a policy in the format 'markdown'" \
	"naming the type and the URL"
nothing_left "$TMP/o/login" "HTML as Markdown"
frun fetch --policy "$B/pol/login.md" --policy-format html --cacert "$CA" --output "$TMP/o/loginh"
expect_rc 0 "the same page taken as html is fine"
frun fetch --risks "$B/reg/login.json" --risks-format json --cacert "$CA" --output "$TMP/o/lj"
expect_rc 4 "an HTML page as a JSON register is exit 4"
expect_in "$err" "which cannot be a risk register in the format 'json'" "says so"
frun fetch --risks "$B/reg/page.csv" --risks-format csv --cacert "$CA" --output "$TMP/o/jc"
expect_rc 4 "JSON served as a CSV register is exit 4"
frun fetch --policy "$B/pol/policy.md" --policy-format markdown --cacert "$CA" --output "$TMP/o/pm"
expect_rc 0 "text/markdown as a Markdown policy"

# --- credentials ---
auth() { # NAME URL ENV
	printf '{ "format": "auditkit-audit/1", "sources": { "policy": { "url": "%s", "format": "markdown", "auth": { "type": "bearer", "env": "%s" } } } }\n' \
		"$2" "$3" >"$TMP/$1.json"
}
auth https "$B/auth/policy.md" AUDITKIT_T95_TOKEN
frun fetch --audit "$TMP/https.json" --cacert "$CA" --output "$TMP/o/auth"
expect_rc 0 "a credential over https"
auth http "$H/auth/policy.md" AUDITKIT_T95_TOKEN
: >"$LOG"
frun fetch --audit "$TMP/http.json" --output "$TMP/o/authh"
expect_rc 2 "a credential for an http:// source is refused"
expect_in "$err" "not sending a credential to '127.0.0.1:$HP' over plain http" "says why"
expect_eq "$(grep -c /auth/ "$LOG")" "0" "nothing was sent"
nothing_left "$TMP/o/authh" "credential over http"
frun fetch --audit "$TMP/http.json" --insecure-http-credentials --output "$TMP/o/authh"
expect_rc 0 "--insecure-http-credentials sends it"
expect_in "$err" "warning: sources.policy: sending the credential to '127.0.0.1:$HP' over plain http" "with a warning"
: >"$LOG"
http_proxy=$H frun fetch --audit "$TMP/http.json" --insecure-http-credentials --output "$TMP/o/authp"
expect_rc 2 "never through a proxy that is not https, even then"
expect_in "$err" "through the proxy named by http_proxy, which is not https" "names the proxy variable"
expect_eq "$(grep -c /auth/ "$LOG")" "0" "nothing went to the proxy"
all_proxy=$H frun fetch --audit "$TMP/http.json" --insecure-http-credentials --output "$TMP/o/authap"
expect_rc 2 "nor through all_proxy"
expect_in "$err" "proxy named by all_proxy" "names all_proxy"
http_proxy=$H no_proxy=127.0.0.1 frun fetch --audit "$TMP/http.json" --insecure-http-credentials --output "$TMP/o/authnp"
expect_rc 0 "no_proxy naming the host: no proxy, so the (insecure) request goes"

auth foreign "$B/foreign/policy.md" T95_FOREIGN_SECRET
: >"$LOG"
frun fetch --audit "$TMP/foreign.json" --cacert "$CA" --output "$TMP/o/foreign"
expect_rc 2 "auth naming a variable that is not AUDITKIT_... is refused"
expect_in "$err" "not reading the environment variable 'T95_FOREIGN_SECRET' as a credential" "names it"
expect_in "$err" "--allow-env T95_FOREIGN_SECRET" "and how to confirm it"
expect_eq "$(grep -c /foreign/ "$LOG")" "0" "nothing was sent"
frun fetch --audit "$TMP/foreign.json" --allow-env T95_FOREIGN_SECRET --cacert "$CA" --output "$TMP/o/foreign"
expect_rc 0 "--allow-env NAME confirms it"
auth prefix "$B/foreign/policy.md" AUDITKIT_
frun fetch --audit "$TMP/prefix.json" --cacert "$CA" --output "$TMP/o/prefix"
expect_rc 2 "the bare prefix AUDITKIT_ is not a name of auditkit's"
frun fetch --audit "$TMP/foreign.json" --allow-env 'T95;X' --cacert "$CA" --output "$TMP/o/foreign2"
expect_rc 2 "--allow-env with a character no variable name has is a usage error"

leak=""
for s in $SECRETS; do
	grep -rqF -- "$s" "$TMP/all.log" "$TMP/o" && leak="$leak $s"
done
expect_eq "$leak" "" "no credential in a snapshot, on standard output or standard error"
exit 0
