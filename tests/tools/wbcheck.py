"""Checks a findings workbook with a real reader (openpyxl).

usage: wbcheck.py WORKBOOK.xlsx FINDINGS.csv FINDINGS.json

The CSV and JSON come from the same run with -f csv and -f json. Prints one
"ok ..." or "not ok ..." line per check; exits 1 if any failed.

- every sheet opens, and the register is an Excel table with filters, a
  frozen header, drop-down lists for grade and status and colours by grade;
- every finding field of the workbook equals the CSV's, exactly (Unicode,
  line breaks, leading = + - @ TAB CR), once Excel's _xHHHH_ escapes are read
  as Excel reads them; a cell over Excel's limit is the CSV's text cut, with
  the marker giving the full length;
- no cell holds a formula but the counts on the Summary sheet, and their
  stored values are the JSON's counts;
- every sheet prints landscape, one page wide, with a header and footer.
"""
import csv
import datetime
import json
import re
import sys

import openpyxl

FAILED = []


def check(cond, what):
    print(("ok " if cond else "not ok ") + what)
    if not cond:
        FAILED.append(what)


ESC = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_text(v):
    """What Excel shows for a stored string: _xHHHH_ is the character HHHH."""
    if not isinstance(v, str):
        return v
    return ESC.sub(lambda m: chr(int(m.group(1), 16)), v)


def utf16_len(s):
    return sum(2 if ord(c) > 0xFFFF else 1 for c in s)


COLS = {  # workbook header -> CSV column
    "Id": "id", "Standard": "standard", "Clause": "clause", "Item": "item",
    "Requirement": "requirement", "Grade": "grade", "Statement": "statement",
    "Objective evidence": "evidence", "Interviewees": "interviewees", "Auditor": "auditors",
    "Date": "date", "Rule": "rule", "Rule grade": "rule_grade",
    "Override grade": "override_grade", "Overridden by": "override_by",
    "Override reason": "override_why", "Correction": "correction", "Root cause": "root_cause",
    "Corrective action": "corrective_action", "Owner": "owner", "Response due": "response_due",
    "Status": "status", "Note": "note",
}
GRADES = ["major nonconformity", "minor nonconformity", "observation",
          "opportunity for improvement", "conformity"]
STATUSES = ["open", "action plan proposed", "action plan accepted", "correction made",
            "implemented", "verified", "closed"]
MARK = re.compile(r"\u2026 \[cut: ([0-9,]+) characters in full; the JSON and CSV outputs hold them all\]$")


def cell_str(v):
    if v is None:
        return ""
    if isinstance(v, datetime.datetime):
        return v.strftime("%Y-%m-%d")
    return excel_text(v)


def main():
    xlsx, csv_path, json_path = sys.argv[1:4]
    wb = openpyxl.load_workbook(xlsx)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(json_path, encoding="utf-8") as f:
        doc = json.load(f)

    names = wb.sheetnames
    want = ["Summary", "Findings", "Coverage", "Interviews", "Sources"]
    check(names[:5] == want and names[-1] == "About", "sheets: %s" % ", ".join(names))
    for ws in wb.worksheets:
        rows_seen = sum(1 for _ in ws.iter_rows())
        check(rows_seen > 0, "sheet %s opens and has rows" % ws.title)
        check(ws.page_setup.orientation == "landscape", "sheet %s prints landscape" % ws.title)
        check(bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
              and ws.page_setup.fitToHeight == 0, "sheet %s fits one page wide" % ws.title)
        check("&P" in (ws.oddFooter.right.text or "") and "&N" in (ws.oddFooter.right.text or ""),
              "sheet %s footer has page numbers" % ws.title)
        check(bool(ws.oddHeader.left.text), "sheet %s header names the audit" % ws.title)

    ws = wb["Findings"]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    check(list(COLS) == header, "register columns")
    tables = dict(ws.tables.items())
    n = len(rows)
    check(tables.get("Findings") == "A1:W%d" % (max(n, 1) + 1),
          "register is an Excel table over every finding (%s)" % tables.get("Findings"))
    check(ws.freeze_panes == "B2", "register header is frozen")
    check(any("Findings" in str(t) for t in ws.print_title_rows or "") or ws.print_title_rows == "$1:$1"
          or ws.print_title_rows == "1:1", "register header row repeats on each page")
    lists = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "list":
            lists[str(dv.sqref).split(":")[0]] = dv.formula1.strip('"').split(",")
    check(lists.get("F2") == GRADES, "grade drop-down lists the five grades")
    check(lists.get("V2") == STATUSES, "status drop-down lists the statuses")
    cf = [str(r.sqref) for r in ws.conditional_formatting]
    check(any(s.startswith("F2") for s in cf), "grades are coloured (conditional formats)")

    # Every field, exactly.
    mismatches, cut_cells = [], 0
    data = list(ws.iter_rows(min_row=2, max_row=n + 1, values_only=True))
    check(len(data) == n, "register has %d findings, the CSV %d" % (len(data), n))
    for r, (xrow, crow) in enumerate(zip(data, rows), 2):
        for i, h in enumerate(header):
            got, want = cell_str(xrow[i]), crow[COLS[h]]
            if got == want:
                continue
            m = MARK.search(got) if isinstance(got, str) else None
            if m and int(m.group(1).replace(",", "")) == len(want) and \
                    want.startswith(got[:m.start()]) and utf16_len(got) <= 32767:
                cut_cells += 1
                continue
            mismatches.append("%s%d (%s): %r != %r" % (chr(65 + i), r, h, got[:80], want[:80]))
    check(not mismatches, "every finding field reads back exactly%s" %
          ("" if not mismatches else ": " + "; ".join(mismatches[:5])))
    check(cut_cells >= (1 if any(len(v) > 32767 for c in rows for v in c.values()) else 0),
          "long text is cut with a visible marker (%d cells)" % cut_cells)
    check(all(utf16_len(c.value) <= 32767 for w in wb.worksheets for row in w.iter_rows()
              for c in row if isinstance(c.value, str)), "no cell over Excel's limit")

    # Text that looks like a formula stays text.
    starts = set()
    formulas = []
    for w in wb.worksheets:
        for row in w.iter_rows():
            for c in row:
                if c.data_type == "f":
                    formulas.append((w.title, c.coordinate, c.value))
                elif isinstance(c.value, str) and c.value:
                    starts.add(excel_text(c.value)[0])
    for ch, name in [("=", "="), ("+", "+"), ("-", "-"), ("@", "@"), ("\t", "TAB"), ("\r", "CR")]:
        check(ch in starts, "a cell beginning with %s is stored as text" % name)
    ok = all(w == "Summary" and (v.startswith("=COUNTIF(Findings!$F$2:") or v.startswith("=SUM("))
             for w, _, v in formulas) and len(formulas) == 6
    check(ok, "the only formulas are the 6 counts on Summary (%d found)" % len(formulas))

    # The counts' stored values are the JSON's.
    wbv = openpyxl.load_workbook(xlsx, data_only=True)
    s = wbv["Summary"]
    counts = {}
    for row in s.iter_rows(values_only=True):
        if row[0] in GRADES and isinstance(row[1], (int, float)):
            counts.setdefault(row[0], row[1])
    codes = ["major", "minor", "observation", "ofi", "conformity"]
    check([counts.get(g) for g in GRADES] == [doc["counts"][c] for c in codes],
          "Summary counts are the JSON's: %s" % counts)

    # Response due dates are real dates.
    due = [c for c in ws["U"][1:n + 1] if c.value is not None]
    check(due and all(isinstance(c.value, datetime.datetime) and c.number_format == "yyyy-mm-dd"
                      for c in due), "response due dates are real dates (%d)" % len(due))

    sys.exit(1 if FAILED else 0)


main()
