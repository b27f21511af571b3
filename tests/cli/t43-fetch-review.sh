#!/bin/sh
# t43-fetch-review: `auditkit fetch --review` and sources.review: the
# management-review minutes over file: (Markdown, HTML, plain text,
# Confluence JSON and storage format) and from nginx over HTTPS (gzip,
# Confluence v1 and v2 behind basic auth, a conditional refresh), kept in
# the snapshot with their SHA-256 and read into facts.json; --offline; and
# minutes that are not minutes (file and line named, exit 3, the snapshot
# left as it was).
. "$(dirname "$0")/lib.sh"
. "$SRC/tests/fetch/nginx.sh"
trap 'nginx_stop; rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM
PY=${PYTHON:-python3}
R=$FIX/review

jget() { "$PY" -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1" 2>&1; }
mr() { jget "$1/facts.json" "d['management_review']$2"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# ---- file: sources ----------------------------------------------------------------
run fetch --review "$R/attendance-table.md" -o "$TMP/md"
expect_rc 0 "fetch Markdown minutes from a path"
expect_in "$err" "management review: 2026-06-24, 4 present, 2 apologies, 3 decisions" \
	"the summary says what the minutes gave"
expect_eq "$(mr "$TMP/md" '["date"], d["management_review"]["chair"], d["management_review"]["next_review"]')" \
	"2026-06-24 Henrik Sørensen 2026-12-09" "date, chair and next review"
expect_eq "$(mr "$TMP/md" '["apologies"]')" "['Mette Dahl', 'Ole Berg']" "apologies from the attendance table"
expect_eq "$(mr "$TMP/md" '["decisions"][0]')" \
	"{'decision': 'Replace the firewall at the Bergen warehouse', 'owner': 'Lars Eriksen', 'amount': 'NOK 1.2 million'}" \
	"a decision with its owner and amount"
expect_eq "$(mr "$TMP/md" '["decisions"][1]')" \
	"{'decision': 'Phishing training for all warehouse staff by the end of September', 'owner': 'Mette Dahl'}" \
	"a decision without an amount has none"
expect_eq "$(jget "$TMP/md/manifest.json" '[(x["role"], x["format"], x["file"], x["status"]) for x in d["documents"]]')" \
	"[('review', 'markdown', 'raw/review-001.md', None)]" "the manifest lists the minutes"
expect_eq "$(jget "$TMP/md/manifest.json" 'd["documents"][0]["sha256"]')" "$(sha "$R/attendance-table.md")" \
	"with their SHA-256"
expect_file_same "$TMP/md/raw/review-001.md" "$R/attendance-table.md" "the raw minutes are the bytes as read"
expect_eq "$(jget "$TMP/md/facts.json" '", ".join(d["missing"])')" \
	"organisation.name, organisation.scope, policy, roles, risks" "nothing of the review is missing"

run fetch --review "$R/columns.html" -o "$TMP/html"
expect_rc 0 "HTML minutes, the format from the suffix"
expect_eq "$(mr "$TMP/html" '["attendees"], d["management_review"]["apologies"]')" \
	"['Sabine Krüger', 'Tobias Braun', 'Elif Yılmaz'] ['Jürgen Weiß']" "a Present | Apologies table read by column"

run fetch --review "$R/confluence-v1.json" --review-format confluence -o "$TMP/conf"
expect_rc 0 "a Confluence REST answer kept as a file"
expect_eq "$(jget "$TMP/conf/manifest.json" 'd["documents"][0]["file"]')" "raw/review-001.json" "kept as JSON"
expect_eq "$(mr "$TMP/conf" '["decisions"][0]["amount"]')" "USD 1.2m" "the action items stand for the decisions"

run fetch --review "$SRC/tests/eval/orgs/calder/review.xml" -o "$TMP/xml"
expect_rc 0 "Confluence storage format, the format from .xml"
expect_eq "$(jget "$TMP/xml/manifest.json" '[(x["format"], x["file"]) for x in d["documents"]]')" \
	"[('confluence', 'raw/review-001.xml')]" "kept as XML"
expect_eq "$(mr "$TMP/xml" '["date"], d["management_review"]["next_review"], len(d["management_review"]["decisions"])')" \
	"2026-07-14 2027-01-19 7" "dates written as <time datetime>"

cp "$R/plain.txt" "$TMP/minutes"
run fetch --review "$TMP/minutes" -o "$TMP/nofmt"
expect_rc 2 "a URL whose format cannot be guessed is a usage error"
expect_in "$err" "--review-format" "and names the option to give"
run fetch --review "$TMP/minutes" --review-format text -o "$TMP/txt"
expect_rc 0 "--review-format text"
expect_eq "$(mr "$TMP/txt" '["chair"]')" "Gillian Marsh" "plain text minutes read"
run fetch --review "$TMP/minutes" --review-format docx -o "$TMP/docx"
expect_rc 2 "an unknown format"
expect_in "$err" "'docx' is not a management review format (one of markdown, text, html, confluence)" \
	"names the formats"

# audit.json: sources.review, relative to the file, with the other sources
mkdir "$TMP/org"
cp "$SRC/samples/policy.md" "$SRC/samples/risks.csv" "$R/prose.md" "$TMP/org/"
cat >"$TMP/org/audit.json" <<'JSON'
{ "format": "auditkit-audit/1", "organisation": "Harbourline Logistics Ltd",
  "sources": { "policy": { "url": "file:policy.md" }, "risks": { "url": "file:risks.csv" },
    "review": { "url": "file:prose.md", "format": "markdown" } } }
JSON
run fetch --audit "$TMP/org/audit.json" -o "$TMP/snap"
expect_rc 0 "sources.review in audit.json, beside the policy and the register"
expect_eq "$(jget "$TMP/snap/manifest.json" '[x["role"] for x in d["documents"]]')" "['policy', 'risks', 'review']" \
	"three documents in the manifest"
expect_eq "$(mr "$TMP/snap" '["apologies"]')" "['Nadia Petrova', 'Jack Turner']" "apologies from a sentence"
cp "$TMP/snap/facts.json" "$TMP/facts.first"
rm "$TMP/org/prose.md"
run fetch --offline --audit "$TMP/org/audit.json" -o "$TMP/snap"
expect_rc 0 "--offline reads the minutes from the snapshot"
expect_file_same "$TMP/snap/facts.json" "$TMP/facts.first" "the same facts offline"
cp "$R/prose.md" "$TMP/org/"

cat >"$TMP/typo.json" <<'JSON'
{ "format": "auditkit-audit/1",
  "sources": { "review": { "url": "file:x.md",
      "colum_map": {} } } }
JSON
run fetch --audit "$TMP/typo.json" -o "$TMP/typo"
expect_rc 3 "sources.review takes no column_map"
expect_in "$err" "typo.json:3:7: sources.review: unknown field 'colum_map'" "file, line and column"

# ---- minutes that are not minutes ------------------------------------------------
cp -R "$TMP/snap" "$TMP/snap.before"
printf 'Minutes of the review\nDate: 15 September 2026\nPresent: Maria Keller, Daniel Okafor \377\n' >"$TMP/org/prose.md"
run fetch --audit "$TMP/org/audit.json" -o "$TMP/snap"
expect_rc 3 "minutes that are not UTF-8 are bad data"
expect_in "$err" "prose.md:3:38: not valid UTF-8 (byte 0xFF); save the minutes as UTF-8" \
	"the message names the file, the line and the byte"
if diff -r "$TMP/snap" "$TMP/snap.before" >/dev/null; then ok "the snapshot is as it was"
else not_ok "the snapshot is as it was"; fi
expect_in "$err" "the snapshot '$TMP/snap' is unchanged" "and says so"
run fetch --review "$R/sign-in.html" -o "$TMP/signin"
expect_rc 3 "a sign-in page in the minutes' place"
expect_in "$err" "sign-in.html: no management review found" "is refused, naming the file"
[ -e "$TMP/signin" ] && not_ok "no snapshot from a sign-in page" || ok "no snapshot from a sign-in page"
printf '%%PDF-1.7\n%%\342\343\317\323\n' >"$TMP/minutes.md"
run fetch --review "$TMP/minutes.md" -o "$TMP/pdf"
expect_rc 3 "a PDF saved as .md"
expect_in "$err" "minutes.md:1:1: a PDF file, not minutes as text" "says what it is"
printf '{"title": "Management review",\n "body": {"view": {"value": "<p>x</p>"}}}\n' >"$TMP/noview.json"
run fetch --review "$TMP/noview.json" --review-format confluence -o "$TMP/noview"
expect_rc 3 "a Confluence answer without the storage format"
expect_in "$err" "noview.json:1:1: expected the page at 'body.storage.value'" "names what to ask for"

# ---- the sample organisation --------------------------------------------------------
run fetch --audit "$SRC/samples/audit.json" -o "$TMP/sample"
expect_rc 0 "the sample organisation's minutes"
expect_eq "$(mr "$TMP/sample" '["attendees"]')" \
	"$(jget "$SRC/samples/facts.json" 'd["management_review"]["attendees"]')" "the attendees samples/facts.json has"
expect_eq "$(mr "$TMP/sample" '["resources"]')" \
	"$(jget "$SRC/samples/facts.json" 'd["management_review"]["resources"]')" "the resources samples/facts.json has"
expect_eq "$(jget "$TMP/sample/facts.json" '[x["decision"] for x in d["management_review"]["decisions"]]')" \
	"$(jget "$SRC/samples/facts.json" 'd["management_review"]["decisions"]')" "the decisions samples/facts.json has"
expect_eq "$(mr "$TMP/sample" '["apologies"]')" "['Sofia Lindqvist']" "the COO sent apologies"

# ---- over HTTPS from nginx --------------------------------------------------------------
if ! command -v nginx >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
	not_ok "nginx and openssl are needed (scripts/debian-packages.txt)"
	exit 1
fi
export AUDITKIT_T43_USER="secretary"
export AUDITKIT_T43_PASS="pw-$$-5c0e19d2"
export AUDITKIT_T43_WRONG="wrong-$$-7d21"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
N=$TMP/nginx
nginx_certs "$N" || { not_ok "make test certificates"; exit 1; }
printf '%s:%s\n' "$AUDITKIT_T43_USER" "$(openssl passwd -apr1 "$AUDITKIT_T43_PASS")" >"$N/htpasswd"
mkdir -p "$N/bad"
printf '# Management review\n\nDate: 15 September 2026\n\n## Present\n\n- Maria Keller\n- Daniel \377Okafor\n' >"$N/bad/minutes.md"
cat >"$N/locations" <<NGX
    location = /wiki/rest/api/content/884736 {
      auth_basic "confluence"; auth_basic_user_file $N/htpasswd;
      try_files /review/confluence-v1.json =404;
    }
    location = /wiki/api/v2/pages/884736 {
      auth_basic "confluence"; auth_basic_user_file $N/htpasswd;
      try_files /review/confluence-v1.json =404;
    }
    location /bad/ { alias $N/bad/; }
NGX
if ! nginx_start "$N" "$FIX" "$N/locations"; then
	not_ok "start nginx"
	exit 1
fi
ok "nginx started on 127.0.0.1:$NGINX_PORT"
BASE=https://127.0.0.1:$NGINX_PORT
CA=$N/ca.pem
frun() { run "$@"; cat "$TMP/out" "$TMP/err" >>"$TMP/all.log"; }

frun fetch --review "$BASE/review/crlf.md" --cacert "$CA" -o "$TMP/web"
expect_rc 0 "Markdown minutes over HTTPS"
expect_file_same "$TMP/web/raw/review-001.md" "$R/crlf.md" "gzip-encoded minutes kept as their bytes"
expect_eq "$(jget "$TMP/web/manifest.json" '[(x["status"], x["content_type"], x["etag"] is not None) for x in d["documents"]]')" \
	"[(200, 'text/markdown', True)]" "status, type and ETag recorded"
expect_eq "$(jget "$TMP/web/manifest.json" 'd["documents"][0]["sha256"]')" "$(sha "$R/crlf.md")" "the SHA-256 of the bytes"
expect_eq "$(mr "$TMP/web" '["decisions"][0]["amount"]')" "£45k" "the heading's currency and multiplier"
frun fetch --review "$BASE/review/crlf.md" --cacert "$CA" -o "$TMP/web"
expect_rc 0 "a refresh"
expect_eq "$(jget "$TMP/web/manifest.json" '[x["status"] for x in d["documents"]]')" "[304]" "answered 304, bytes reused"

audit() { # audit NAME URL AUTH-ENV
	printf '{ "format": "auditkit-audit/1", "sources": { "review": { "url": "%s",\n  "auth": { "type": "basic", "user_env": "AUDITKIT_T43_USER", "password_env": "%s" } } } }\n' \
		"$2" "$3" >"$TMP/$1.json"
}
audit v1 "$BASE/wiki/rest/api/content/884736" AUDITKIT_T43_PASS
frun fetch --audit "$TMP/v1.json" --cacert "$CA" -o "$TMP/v1"
expect_rc 0 "Confluence v1 with basic auth, the format from the REST path"
expect_in "$(cat "$N/logs/access.log")" "content/884736?expand=body.storage" "v1 asks for body.storage"
expect_eq "$(mr "$TMP/v1" '["chair"], d["management_review"]["next_review"]')" "Priya Natarajan 2027-01-12" \
	"the page read from body.storage.value"
expect_eq "$(jget "$TMP/v1/manifest.json" '[(x["format"], x["file"], x["content_type"]) for x in d["documents"]]')" \
	"[('confluence', 'raw/review-001.json', 'application/json')]" "kept as the REST API's JSON"
audit v2 "$BASE/wiki/api/v2/pages/884736" AUDITKIT_T43_PASS
frun fetch --audit "$TMP/v2.json" --cacert "$CA" -o "$TMP/v2"
expect_rc 0 "Confluence v2"
expect_in "$(cat "$N/logs/access.log")" "pages/884736?body-format=storage" "v2 asks for the storage format"
audit wrong "$BASE/wiki/rest/api/content/884736" AUDITKIT_T43_WRONG
frun fetch --audit "$TMP/wrong.json" --cacert "$CA" -o "$TMP/wrong"
expect_rc 4 "a wrong password is a source failure"
expect_in "$err" "refused the credentials (HTTP 401)" "says the credentials were refused"
frun fetch --review "$BASE/review/inline.md" -o "$TMP/noca"
expect_rc 4 "TLS is verified"

frun fetch --review "$BASE/bad/minutes.md" --cacert "$CA" -o "$TMP/badweb"
expect_rc 3 "bad minutes over HTTPS are bad data"
expect_in "$err" "$BASE/bad/minutes.md:8:10: not valid UTF-8" "the message names the URL and the line"
[ -e "$TMP/badweb" ] && not_ok "no snapshot from bad minutes" || ok "no snapshot from bad minutes"

leak=""
for s in "$AUDITKIT_T43_PASS" "$AUDITKIT_T43_WRONG" "$(printf '%s:%s' "$AUDITKIT_T43_USER" "$AUDITKIT_T43_PASS" | base64)"; do
	grep -rqF -- "$s" "$TMP/web" "$TMP/v1" "$TMP/v2" "$TMP/all.log" && leak="$leak $s"
done
expect_eq "$leak" "" "no credential in a snapshot, on standard output or standard error"
