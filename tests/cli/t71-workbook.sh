#!/bin/sh
# The findings workbook opened by real readers: openpyxl checks the print
# setup, that no cell holds a path or raw JSON, and every client field
# against the CSV (tests/tools/wbcheck.py); LibreOffice converts it headless
# to PDF (its pages go to PNG with pdftoppm, kept in $AK_PNG_DIR when set,
# for a person to look at) and to CSV, recalculating the counts, which
# follow an Override grade typed in the workbook. --client leaves out the
# audit team's sheets.
. "$(dirname "$0")/lib.sh"
F=$FIX/findings
PY=${PYTHON:-/usr/bin/python3}
py() { "$PY" "$@"; }

"$AUDITKIT" score "$SRC"/samples/notes/*.md --facts "$SRC/samples/facts.json" -o "$TMP/scored" -q
S=$(ls "$TMP"/scored/*.scored.json | tr '\n' ' ')
"$AUDITKIT" fetch --audit "$SRC/samples/audit.json" --output "$TMP/ev" -q 2>/dev/null
C="$S --audit $SRC/samples/audit.json --manual $SRC/samples/manual-findings.csv --facts $SRC/samples/facts.json"
"$AUDITKIT" sample draw "$FIX/sample/changes.csv" -n 5 --seed 7 --objective "change approval (A.8.32)" \
	-o "$TMP/plan.json" 2>/dev/null
run findings $C --evidence "$TMP/ev" --sampling "$TMP/plan.json" -o "$TMP/w.xlsx"
expect_rc 0 "the workbook is written"
"$AUDITKIT" findings $C -o "$TMP/w.csv" -q
"$AUDITKIT" findings $C -o "$TMP/w.json" -q
run findings $C --client -o "$TMP/client.xlsx"
expect_rc 0 "the client's copy is written"

# ---- openpyxl ------------------------------------------------------------------
check_wb() {
	py "$SRC/tests/tools/wbcheck.py" "$@" >"$TMP/wbcheck.out" 2>&1
	rc=$?
	relay "$TMP/wbcheck.out" openpyxl
	[ "$rc" -eq 0 ] || not_ok "wbcheck.py exited $rc"
}
if ! py -c 'import openpyxl' 2>/dev/null; then
	not_ok "python3-openpyxl is missing ($PY): apt-get install python3-openpyxl"
else
	check_wb "$TMP/w.xlsx" "$TMP/w.csv" "$TMP/w.json"
	check_wb "$TMP/client.xlsx" "$TMP/w.csv" "$TMP/w.json" --client
	got=$(py -c '
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1])
about=[r for r in wb["About"].iter_rows(values_only=True) if r[0]]
inputs=[(r[0], r[1], len(r[3] or "")) for r in about if r[0] in ("audit","grading rules","scored interview","manual findings","sampling plan","records (facts)","evidence snapshot")]
print(sorted(set(k for k,_,_ in inputs)), all(n == 64 or f == "ev" for k,f,n in inputs))
s=wb["Sampling"]
print([r[1] for r in s.iter_rows(values_only=True) if isinstance(r[0], int)])
print([r[1] for r in wb["Summary"].iter_rows(values_only=True) if r[0] == "Audit type"])' "$TMP/w.xlsx")
	expect_in "$got" "['audit', 'evidence snapshot', 'grading rules', 'manual findings', 'records (facts)', 'sampling plan', 'scored interview'] True" "every input on the About sheet with its SHA-256"
	expect_in "$got" "['CHG-0003', 'CHG-0015', 'CHG-0028', 'CHG-0031', 'CHG-0032']" "the Sampling sheet holds the plan"
	expect_in "$got" "Stage 2 audit" "the audit type in words"
	# A test that cannot fail is worse than none.
	sed 's/Minor nonconformity/Major nonconformity/' "$TMP/w.csv" >"$TMP/wrong.csv"
	if py "$SRC/tests/tools/wbcheck.py" "$TMP/w.xlsx" "$TMP/wrong.csv" "$TMP/w.json" >/dev/null 2>&1; then
		not_ok "wbcheck.py accepts a workbook that differs from the CSV"
	else
		ok "wbcheck.py catches a field that differs"
	fi
	py -c '
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1]); wb["Findings"]["E2"] = "see /tmp/auditkit/notes.md"; wb.save(sys.argv[2])' \
		"$TMP/w.xlsx" "$TMP/pathy.xlsx"
	if py "$SRC/tests/tools/wbcheck.py" "$TMP/pathy.xlsx" "$TMP/w.csv" "$TMP/w.json" 2>/dev/null | grep -q "not ok no cell holds a machine's path"; then
		ok "wbcheck.py catches a machine path"
	else
		not_ok "wbcheck.py misses a machine path"
	fi
fi

# ---- more quotes than the Evidence sheet has rows: said, and no workbook ---------
py -c '
import csv,sys
w=csv.writer(open(sys.argv[1], "w", newline=""))
w.writerow(["id","clause","grade","statement","auditor","evidence"])
w.writerow(["F-1","5.1","minor","s","A","\n".join("q%d" % i for i in range(1048576))])' "$TMP/many-quotes.csv"
run findings --manual "$TMP/many-quotes.csv" --date 2026-11-19 -o "$TMP/many.xlsx"
expect_rc 3 "1,048,576 quotes in a workbook are exit 3"
expect_in "$err" "does not fit on the Evidence sheet: a worksheet holds 1048576 rows" "and the message says why"
expect_eq "$(ls "$TMP/many.xlsx" 2>/dev/null)" "" "no workbook is left"

# ---- LibreOffice -----------------------------------------------------------------
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ]; then
	not_ok "LibreOffice is missing: apt-get install libreoffice-calc-nogui"
	exit 0
fi
mkdir -p "$TMP/lo/user"
cat >"$TMP/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
lo() { env -u VALGRIND timeout 300 "$SOFFICE" "-env:UserInstallation=file://$TMP/lo" --headless "$@" >"$TMP/lo.out" 2>&1; }

lo --convert-to pdf --outdir "$TMP/pdf" "$TMP/w.xlsx"
expect_eq "$?" "0" "LibreOffice converts the workbook to PDF"
expect_eq "$(head -c 5 "$TMP/pdf/w.pdf" 2>/dev/null)" "%PDF-" "the PDF is a PDF"
if command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null; then
	pdftoppm -r 60 -png -f 1 -l 6 "$TMP/pdf/w.pdf" "$TMP/pdf/page"
	[ -s "$TMP/pdf/page-1.png" ] || [ -s "$TMP/pdf/page-01.png" ] && ok "the pages render to PNG" ||
		not_ok "pdftoppm made no page"
	[ -n "${AK_PNG_DIR:-}" ] && mkdir -p "$AK_PNG_DIR" && cp "$TMP"/pdf/page-*.png "$AK_PNG_DIR"/
	# Page 2 is the first page of the register: the finding's columns, its
	# evidence included; page 3 its response columns beside the Id.
	p2=$(pdftotext -f 2 -l 2 "$TMP/pdf/w.pdf" -)
	p3=$(pdftotext -f 3 -l 3 "$TMP/pdf/w.pdf" -)
	expect_in "$p2" "Objective evidence" "the first page of a finding holds its evidence"
	expect_in "$p3" "Corrective action" "the next page across holds the response"
	expect_in "$p3" "NC-01" "with the Id repeated"
	expect_not_in "$p2$p3" "Override reason" "the audit team's columns are not printed"
else
	not_ok "poppler-utils is missing: apt-get install poppler-utils"
fi

lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	--outdir "$TMP/csv" "$TMP/w.xlsx"
expect_eq "$?" "0" "LibreOffice converts every sheet to CSV"
for s in Summary Findings Evidence Sources Sampling About; do
	[ -s "$TMP/csv/w-$s.csv" ] && ok "LibreOffice reads sheet $s" || not_ok "LibreOffice wrote no $s"
done
got=$(py -c '
import csv,sys
lo=list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
ak=list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
same=[a["Id"]==b["id"] and a["Grade"]==b["grade"] and a["Statement"]==b["statement"] for a,b in zip(lo,ak)]
print(len(lo), len(ak), all(same))' "$TMP/csv/w-Findings.csv" "$TMP/w.csv")
n=$(py -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$TMP/w.json")
expect_eq "$got" "$n $n True" "LibreOffice reads the same ids, grades and statements"

# An Override grade typed in the workbook: LibreOffice's recalculated counts
# follow it.
if py -c 'import openpyxl' 2>/dev/null; then
	py -c '
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1]); ws=wb["Findings"]
for r in ws.iter_rows(min_row=2):
    if r[2].value == "Observation":
        r[21].value = "Minor nonconformity"; break
wb.save(sys.argv[2])' "$TMP/w.xlsx" "$TMP/edited.xlsx"
	lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		--outdir "$TMP/csv2" "$TMP/edited.xlsx"
	before=$(grep -E '^(Minor nonconformity|Observation),' "$TMP/csv/w-Summary.csv" | head -2 | cut -d, -f2 | tr '\n' ' ')
	after=$(grep -E '^(Minor nonconformity|Observation),' "$TMP/csv2/edited-Summary.csv" | head -2 | cut -d, -f2 | tr '\n' ' ')
	set -- $before
	expect_eq "$after" "$(($1 + 1)) $(($2 - 1)) " "the Summary's counts follow an Override grade typed in the workbook"
fi
