#!/bin/sh
# The findings workbook opened by real readers: openpyxl reads back every
# finding field and the structure (tests/tools/wbcheck.py); LibreOffice
# converts it headless to PDF and CSV, recalculating the formulas.
. "$(dirname "$0")/lib.sh"
F=$FIX/findings
S="$F/keller-ceo.scored.json $F/okafor-cfo.scored.json $F/lindqvist-coo.scored.json"
C="$S --audit $SRC/samples/audit.json --manual $F/manual.csv --evidence $F/evidence"

py() { "$PYTHON" "$@"; }

"$AUDITKIT" sample draw "$FIX/sample/changes.csv" -n 5 --seed 7 --objective "change approval (A.8.32)" \
	-o "$TMP/plan.json" 2>/dev/null
run findings $C --sampling "$TMP/plan.json" -o "$TMP/w.xlsx"
expect_rc 0 "the workbook is written"
expect_in "$err" "cut with a marker" "the cut of the 40,000-character quote is announced"
"$AUDITKIT" findings $C -o "$TMP/w.csv" -q
"$AUDITKIT" findings $C -o "$TMP/w.json" -q

# ---- openpyxl ------------------------------------------------------------------
if ! py -c 'import openpyxl' 2>/dev/null; then
	not_ok "python3-openpyxl is missing ($PYTHON): apt-get install python3-openpyxl"
else
	py "$SRC/tests/tools/wbcheck.py" "$TMP/w.xlsx" "$TMP/w.csv" "$TMP/w.json" >"$TMP/wbcheck.out" 2>&1
	rc=$?
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ok "openpyxl: ${line#ok }" ;;
		"not ok "*) not_ok "openpyxl: ${line#not ok }" ;;
		*) echo "    $line" >&2 ;;
		esac
	done <"$TMP/wbcheck.out"
	[ "$rc" -eq 0 ] || not_ok "wbcheck.py exited $rc"
	got=$(py -c '
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1]); s=wb["Sampling"]
rows=list(s.iter_rows(values_only=True))
print(wb.sheetnames[5], rows[2][1], [r[1] for r in rows if isinstance(r[0], int)])' "$TMP/w.xlsx")
	expect_eq "$got" "Sampling change approval (A.8.32) ['CHG-0003', 'CHG-0015', 'CHG-0028', 'CHG-0031', 'CHG-0032']" "the Sampling sheet holds the plan"
	got=$(py -c '
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1])
src=[r for r in wb["Sources"].iter_rows(values_only=True)]
cov=[r for r in wb["Coverage"].iter_rows(values_only=True)]
about=dict((r[0], r[1]) for r in wb["About"].iter_rows(values_only=True) if r[0])
import json
man=json.load(open(sys.argv[2]))["documents"][0]
print(src[1][0], src[1][2], src[1][3].isoformat(), src[1][7] == man["sha256"], cov[3][:7], about["Rules id"], len(about["Rules SHA-256"]))' "$TMP/w.xlsx" "$F/evidence/manifest.json")
	expect_eq "$got" "policy https://intranet.example.org/isms/policy.md 2026-11-17T09:30:11 True ('5.1', 'c', 'the resources the ISMS needs are available', 'yes', 0, 0, None) auditkit-default, version 1 64" \
		"Sources (manifest with retrieval time and SHA-256), Coverage scores and About"
	# A test that cannot fail is worse than none: the checker must catch a
	# register that differs from the CSV.
	sed 's/major nonconformity/minor nonconformity/' "$TMP/w.csv" >"$TMP/wrong.csv"
	if py "$SRC/tests/tools/wbcheck.py" "$TMP/w.xlsx" "$TMP/wrong.csv" "$TMP/w.json" >/dev/null 2>&1; then
		not_ok "wbcheck.py accepts a workbook that differs from the CSV"
	else
		ok "wbcheck.py catches a field that differs"
	fi
fi

# ---- LibreOffice -----------------------------------------------------------------
SOFFICE=$(command -v soffice || command -v libreoffice || true)
if [ -z "$SOFFICE" ]; then
	not_ok "LibreOffice is missing: apt-get install libreoffice-calc-nogui"
	exit 0
fi
# A private profile: LibreOffice recalculates formulas on load (so the
# Summary's counts are computed by LibreOffice, not read from the file), and
# parallel runs do not share a profile.
mkdir -p "$TMP/lo/user"
cat >"$TMP/lo/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
EOF
# (soffice itself runs under valgrind when VALGRIND is set: make valgrind sets it)
lo() { env -u VALGRIND timeout 300 "$SOFFICE" "-env:UserInstallation=file://$TMP/lo" --headless "$@" >"$TMP/lo.out" 2>&1; }

lo --convert-to pdf --outdir "$TMP/pdf" "$TMP/w.xlsx"
expect_eq "$?" "0" "LibreOffice converts the workbook to PDF"
expect_eq "$(head -c 5 "$TMP/pdf/w.pdf" 2>/dev/null)" "%PDF-" "the PDF is a PDF"
[ "$(wc -c <"$TMP/pdf/w.pdf" 2>/dev/null || echo 0)" -gt 20000 ] && ok "the PDF has every sheet's pages" || not_ok "the PDF is too small"

lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	--outdir "$TMP/csv" "$TMP/w.xlsx"
expect_eq "$?" "0" "LibreOffice converts every sheet to CSV"
for s in Summary Findings Coverage Interviews Sources Sampling About; do
	[ -s "$TMP/csv/w-$s.csv" ] && ok "LibreOffice reads sheet $s" || not_ok "LibreOffice wrote no $s"
done
got=$(py -c '
import csv,sys
lo=list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
ak=list(csv.DictReader(open(sys.argv[2], encoding="utf-8", newline="")))
same=[a["Id"]==b["id"] and a["Grade"]==b["grade"] and a["Statement"]==b["statement"] and a["Owner"]==b["owner"] for a,b in zip(lo,ak)]
print(len(lo), len(ak), all(same))' "$TMP/csv/w-Findings.csv" "$TMP/w.csv")
expect_eq "$got" "21 21 True" "LibreOffice reads the same ids, grades, statements and owners (text, never formulas)"

# The counts are live formulas: change a grade with openpyxl, and
# LibreOffice's recalculated counts follow.
if py -c 'import openpyxl' 2>/dev/null; then
	py -c '
import openpyxl,sys
wb=openpyxl.load_workbook(sys.argv[1]); ws=wb["Findings"]
for r in ws.iter_rows(min_row=2):
    if r[5].value == "major nonconformity":
        r[5].value = "minor nonconformity"; break
wb.save(sys.argv[2])' "$TMP/w.xlsx" "$TMP/edited.xlsx"
	lo --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
		--outdir "$TMP/csv2" "$TMP/edited.xlsx"
	got=$(grep -E '^(major|minor) nonconformity,' "$TMP/csv2/edited-Summary.csv" | head -2 | cut -d, -f1,2 | tr '\n' ' ')
	expect_eq "$got" "major nonconformity,2 minor nonconformity,4 " "the Summary's counts follow an edited grade"
fi
