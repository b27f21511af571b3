#!/bin/sh
# The round trip: a register the client fills in and returns (saved the way
# Excel saves it, by openpyxl, and re-saved by LibreOffice headless) is read
# back with --responses; every correction, cause, action, owner, date and
# status carries into the new register by finding, the ids stay, and a
# response whose finding is gone is reported and kept on its own sheet.
. "$(dirname "$0")/lib.sh"
PY=${PYTHON:-/usr/bin/python3}
py() { "$PY" "$@"; }
if ! py -c 'import openpyxl' 2>/dev/null; then
	not_ok "python3-openpyxl is missing ($PY)"
	exit 0
fi

"$AUDITKIT" score "$SRC"/samples/notes/*.md --facts "$SRC/samples/facts.json" -o "$TMP/scored" -q
S=$(ls "$TMP"/scored/*.scored.json | tr '\n' ' ')
C="$S --audit $SRC/samples/audit.json --facts $SRC/samples/facts.json"
cp "$SRC/samples/manual-findings.csv" "$TMP/m.csv"
"$AUDITKIT" findings $C --manual "$TMP/m.csv" -o "$TMP/issued.xlsx" -q
expect_eq "$?" "0" "the register is issued"

# The client types into the first three findings, dates as dates, text
# with a line break, a formula-looking answer, and Unicode.
py - "$TMP/issued.xlsx" "$TMP/returned-excel.xlsx" <<'EOF'
import datetime, openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["Findings"]
head = [c.value for c in ws[1]]
col = {h: i for i, h in enumerate(head)}
for n, r in enumerate(ws.iter_rows(min_row=2, max_row=4)):
    r[col["Correction"]].value = "Briefed the COO on R-07 on 2 Dec.\nMinutes filed." if n == 0 else "=SUM(1)-ish text %d" % n
    r[col["Root cause"]].value = "Ownership of operational risks never handed over — café talk"
    r[col["Corrective action"]].value = "COO attends every review; delegate named"
    r[col["Owner"]].value = "Sofia Lindqvist"
    r[col["Target date"]].value = datetime.datetime(2027, 1, 31)
    r[col["Status"]].value = "action plan proposed"
wb.save(sys.argv[2])
EOF
run findings $C --manual "$TMP/m.csv" --responses "$TMP/returned-excel.xlsx" -f json -o "$TMP/next.json"
expect_rc 0 "the returned workbook (saved as Excel does) is read back"
expect_not_in "$err" "matches no finding" "every response matched"
check_carried() {
	got=$(py - "$1" "$2" <<'EOF'
import json, openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[2]); ws = wb["Findings"]
head = [c.value for c in ws[1]]
typed = {}
for r in ws.iter_rows(min_row=2, values_only=True):
    d = dict(zip(head, r))
    if d.get("Owner") == "Sofia Lindqvist":
        typed[d["Key"]] = d
out = {f["key"]: f for f in json.load(open(sys.argv[1]))["findings"]}
ok = len(typed) == 3
bad = []
for k, d in typed.items():
    f = out.get(k)
    ok = ok and f is not None and f["id"] == d["Id"] and f["correction"] == d["Correction"] \
        and f["root_cause"] == d["Root cause"] and f["corrective_action"] == d["Corrective action"] \
        and f["owner"] == d["Owner"] and f["target_date"] == "2027-01-31" \
        and f["status"] == "action plan proposed"
print(ok, len(typed))
import sys as _s
for k, d in typed.items():
    f = out.get(k) or {}
    for a, b in (("correction", "Correction"), ("root_cause", "Root cause"), ("corrective_action", "Corrective action"), ("owner", "Owner"), ("status", "Status"), ("id", "Id")):
        if f.get(a) != d[b]: print("   ", k, a, repr(f.get(a)), repr(d[b]), file=_s.stderr)
    if f.get("target_date") != "2027-01-31": print("   ", k, "target", f.get("target_date"), file=_s.stderr)
EOF
)
	expect_eq "$got" "True 3" "$3"
}
check_carried "$TMP/next.json" "$TMP/returned-excel.xlsx" "nothing typed is lost: text, dates and status carried by finding, ids kept"

# The same returned through LibreOffice (its own shared strings and styles).
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -n "$SOFFICE" ]; then
	mkdir -p "$TMP/lo" "$TMP/lo-out"
	env -u VALGRIND timeout 300 "$SOFFICE" "-env:UserInstallation=file://$TMP/lo" --headless \
		--convert-to xlsx --outdir "$TMP/lo-out" "$TMP/returned-excel.xlsx" >/dev/null 2>&1
	mv "$TMP/lo-out/returned-excel.xlsx" "$TMP/returned-lo.xlsx" 2>/dev/null
	run findings $C --manual "$TMP/m.csv" --responses "$TMP/returned-lo.xlsx" -f json -o "$TMP/next-lo.json"
	expect_rc 0 "the workbook saved by LibreOffice is read back"
	check_carried "$TMP/next-lo.json" "$TMP/returned-excel.xlsx" "nothing typed is lost through LibreOffice"
	run findings $C --manual "$TMP/m.csv" --responses "$TMP/returned-lo.xlsx" -o "$TMP/next.xlsx"
	expect_rc 0 "and the next workbook is written"
else
	not_ok "LibreOffice is missing: apt-get install libreoffice-calc-nogui"
fi

# A response whose finding is gone: reported and kept.
py - "$TMP/returned-excel.xlsx" "$TMP/gone.xlsx" <<'EOF'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["Findings"]
head = [c.value for c in ws[1]]
for r in ws.iter_rows(min_row=2):
    if r[head.index("Key")].value == "LA-01":
        r[head.index("Correction")].value = "Accounts disabled 20 Nov"
wb.save(sys.argv[2])
EOF
run findings $C --responses "$TMP/gone.xlsx" -o "$TMP/gone-next.xlsx"
expect_rc 0 "a register whose manual finding was dropped"
expect_in "$err" "matches no finding" "the orphan response is reported"
expect_in "$err" "LA-01" "by its id and key"
got=$(py -c '
import openpyxl,sys
ws=openpyxl.load_workbook(sys.argv[1])["Unmatched responses"]
print([r[2] for r in ws.iter_rows(min_row=2, values_only=True)])' "$TMP/gone-next.xlsx")
expect_in "$got" "Accounts disabled 20 Nov" "and kept on the Unmatched responses sheet"

# Not a workbook, or not ours: exit 3 with the file named.
printf 'not a zip' >"$TMP/bad.xlsx"
run findings $C --responses "$TMP/bad.xlsx" -o "$TMP/x.json"
expect_rc 3 "a file that is not a workbook is refused"
expect_in "$err" "bad.xlsx" "naming it"
run findings $C --responses "$TMP/nope.xlsx" -o "$TMP/x.json"
expect_rc 3 "a missing returned workbook cannot be read"
expect_in "$err" "nope.xlsx" "naming it too"
