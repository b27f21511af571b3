#!/bin/sh
# The interview page (interview --format page): one self-contained HTML file.
# First what can be checked on its bytes (nothing fetched, the same inputs
# give the same bytes, markup in the records cannot close its script
# element, the paper), then a real headless Chromium runs an interview from
# it by keyboard (tests/browser/page_test.py). Screenshots go to
# $AK_PNG_DIR when set, for a person to look at.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
FA=$SRC/samples/facts.json

run interview --role ceo --minutes 30 --facts "$FA" --interviewee "Maria Keller" \
	--date 2026-11-18 --format page -o "$TMP/p1.html"
expect_rc 0 "the page is written"
"$AUDITKIT" interview --role ceo --minutes 30 --facts "$FA" --interviewee "Maria Keller" \
	--date 2026-11-18 --format page -o "$TMP/p2.html" 2>/dev/null
expect_file_same "$TMP/p1.html" "$TMP/p2.html" "the same inputs give the same page, byte for byte"
page=$(cat "$TMP/p1.html")
expect_in "$page" "<!DOCTYPE html>" "the page is HTML"
expect_in "$page" "default-src 'none'" "its Content Security Policy allows nothing from outside"
expect_in "$page" "@page{size:A4;" "it prints on A4 by default"
# nothing fetched: no src= or href= to anything, no url() but data:
if grep -Eq '(src|href)=["'"'"']?[a-z]+:|url\((["'"'"'])?(https?|file):|@import' "$TMP/p1.html"; then
	not_ok "the page refers to nothing outside itself"
	grep -Eo '(src|href)=["'"'"']?[a-z]+:[^"'"'"' >]*' "$TMP/p1.html" | head -5 >&2
else ok "the page refers to nothing outside itself"; fi
for m in @DATA@ @PAGE_JS@ @PAGE_CSS@ @SCRIPT_HASH@ @PAPER@; do
	expect_not_in "$page" "$m" "marker $m is filled in"
done
# the script's hash in the policy is the hash of the script that runs
got=$("$PY" -c '
import base64, hashlib, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
csp = re.search(r"script-src .sha256-([A-Za-z0-9+/=]+).", t).group(1)
body = re.findall(r"<script>(.*?)</script>", t, re.S)
print(len(body), base64.b64encode(hashlib.sha256(body[0].encode()).digest()).decode() == csp)' "$TMP/p1.html")
expect_eq "$got" "1 True" "the policy's script hash is the page's one script"

run interview --role ceo --minutes 30 --facts "$FA" --format page --paper letter -o "$TMP/l.html"
expect_in "$(cat "$TMP/l.html")" "@page{size:letter;" "--paper letter prints on US Letter"
run interview --role ceo --facts "$FA" -f html -o "$TMP/s.html"
expect_in "$(cat "$TMP/s.html")" "@page{size:A4}" "the printable script is A4 by default too"
run interview --role ceo --facts "$FA" -f html --paper letter -o "$TMP/s.html"
expect_in "$(cat "$TMP/s.html")" "@page{size:letter}" "and US Letter when asked"
run interview --role ceo --facts "$FA" --format page --paper a3 -o "$TMP/x.html"
expect_rc 2 "--paper a3 is refused"
expect_in "$err" "--paper must be a4 or letter, not 'a3'" "and says which papers there are"
run interview --role ceo --facts "$FA" --format page --audience interviewee -o "$TMP/x.html"
expect_rc 2 "the page is not an interviewee's agenda"
expect_in "$err" "the page is the auditor's" "and says why"
[ -e "$TMP/x.html" ] && not_ok "a refused page leaves no file" || ok "a refused page leaves no file"

# Markup in the records and names: only JSON escapes inside the data element
run interview --role ceo --minutes 60 --facts "$FIX/facts/hostile.json" \
	--interviewee "</script><script>window.pwned=1</script><!--" --format page -o "$TMP/h.html"
expect_rc 0 "a page from records full of markup"
got=$("$PY" -c '
import json, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r"<script type=\"application/json\" id=\"ak-data\">(.*?)</script>", t, re.S)
d = json.loads(m.group(1))
print(t.count("</script>"), "<" in m.group(1), d["notes"]["interviewee"])' "$TMP/h.html")
expect_eq "$got" "2 False </script><script>window.pwned=1</script><!--" \
	"markup in the data cannot close its element, and reads back as typed"

# ---- a real browser ---------------------------------------------------------
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || ! "$PY" -c 'import selenium' 2>/dev/null; then
	not_ok "chromium, chromium-driver and python3-selenium are missing: sh scripts/install-deps.sh"
	exit 0
fi
shots=${AK_PNG_DIR:-$TMP/shots}
# the browser itself is not run under valgrind; auditkit is, when AUDITKIT is
env -u VALGRIND timeout 300 "$PY" "$SRC/tests/browser/page_test.py" "$AUDITKIT" "$SRC" "$TMP" "$shots" \
	>"$TMP/browser.out" 2>"$TMP/browser.err"
brc=$?
relay "$TMP/browser.out" chromium
if [ "$brc" -ne 0 ] && ! grep -q '^not ok' "$TMP/browser.out"; then
	not_ok "page_test.py exited $brc"
	tail -20 "$TMP/browser.err" >&2
fi
grep -q '^ok ' "$TMP/browser.out" || not_ok "the browser test ran no check"
