"""Checks a findings workbook with a real reader (openpyxl).

usage: wbcheck.py WORKBOOK.xlsx FINDINGS.csv FINDINGS.json [--client]

The CSV and JSON come from the same run with -f csv and -f json. Prints one
"ok ..." or "not ok ..." line per check; exits 1 if any failed.

- every sheet opens; the register is an Excel table with filters, a frozen
  header, drop-down lists for grade and status;
- every client field of the Findings sheet equals the CSV's;
- the Findings sheet prints A4 landscape, the header row and the Id column
  repeated, a page break before the response columns, a print area that
  leaves out the audit team's columns, every row's height set from its
  text (so wrapped text never runs into the next row in LibreOffice);
- no cell of any sheet holds a machine's path or raw JSON;
- codes are words: no "stage2", no "(ceo)";
- the counts on the Summary sheet follow the Override grade, and their
  stored values are the JSON's counts; no other cell is a formula;
- the audit team's sheets are marked, and absent with --client.
"""
import csv
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
PATH = re.compile(r"(^|[\s(\"'])(/(tmp|home|root|work|usr|var|mnt|Users)/|[A-Za-z]:\\)")
CODES = re.compile(r"\b(stage1|stage2|recertification)\b|\((ceo|cfo|coo|cio|cto|ciso|md|hr)\)")


def excel_text(v):
    if not isinstance(v, str):
        return v
    return ESC.sub(lambda m: chr(int(m.group(1), 16)), v)


def raw_json(v):
    if not isinstance(v, str):
        return False
    t = v.strip()
    if not t or t[0] not in "{[" or len(t) < 2:
        return False
    try:
        json.loads(t)
        return True
    except ValueError:
        return '{"' in t


COLS = {  # workbook header -> CSV column
    "Id": "id", "Grade": "grade", "Requirement": "requirement", "Statement": "statement",
    "Why this grade": "reason", "Correction": "correction", "Root cause": "root_cause",
    "Corrective action": "corrective_action", "Owner": "owner", "Status": "status",
    "Key": "key", "Related clauses": "related", "Rule": "rule",
}


def main():
    wbpath, csvpath, jsonpath = sys.argv[1:4]
    client = "--client" in sys.argv[4:]
    wb = openpyxl.load_workbook(wbpath)
    rows = list(csv.DictReader(open(csvpath, newline="", encoding="utf-8")))
    js = json.load(open(jsonpath, encoding="utf-8"))
    check("Findings" in wb.sheetnames and "Evidence" in wb.sheetnames and "About" in wb.sheetnames,
          "the Findings, Evidence and About sheets are there")
    internal = [n for n in wb.sheetnames if "(audit team)" in n]
    if client:
        check(not internal, "--client: no sheet of the audit team")
    else:
        check(len(internal) == 2, "the scoring sheets are marked for the audit team")
        for n in internal:
            check("Internal to the audit team" in str(wb[n]["A1"].value), n + " says it is internal")
    ws = wb["Findings"]
    head = [c.value for c in ws[1]]
    check(head[:6] == ["Id", "Clause", "Grade", "Requirement", "Statement", "Objective evidence"],
          "the client's columns come first")
    check("Findings" in ws.tables, "the register is an Excel table")
    check(ws.freeze_panes == "B2", "header and Id frozen")
    dv = {str(d.sqref).split(":")[0][0] for d in ws.data_validations.dataValidation}
    check({"C", "N", "V"} <= dv, "drop-down lists for grade, status and override grade")
    # ---- print setup
    ps = ws.page_setup
    check(ps.orientation == "landscape" and str(ps.paperSize) == "9", "A4 landscape")
    check((ws.print_title_rows or "").replace("$", "") == "1:1" and
          (ws.print_title_cols or "").replace("$", "") == "A:A",
          "the header row and the Id column repeat on every page")
    area = ws.print_area if isinstance(ws.print_area, str) else ",".join(ws.print_area or [])
    check(area.replace("$", "").endswith(":N%d" % (len(rows) + 1)) if rows else True,
          "the print area ends at Status: the audit team's columns are not printed")
    check([b.id for b in ws.col_breaks.brk] == [6], "a page break before the response columns")
    widths = {k: ws.column_dimensions[k].width for k in "ABCDEFGHIJKLMN"}
    check(all(w and w > 5 for w in widths.values()), "every printed column has a set width")
    check(sum(widths[k] for k in "ABCDEF") < 160 and
          widths["A"] + sum(widths[k] for k in "GHIJKLMN") < 160,
          "each of the two pages across holds at most about ten columns in about 145 widths")
    heights_ok = True
    for r in range(2, ws.max_row + 1):
        h = ws.row_dimensions[r].height
        lines = 1
        for col in "BCDEFGHIJKLMN":
            v = ws[col + str(r)].value
            if isinstance(v, str):
                per = max(1.0, widths[col] * 1.25)
                n = sum(max(1, -(-len(p) // int(per))) for p in v.split("\n"))
                lines = max(lines, n)
        if h is None or (lines <= 26 and h < 13 * lines):
            heights_ok = False
            print("    row %d: height %s for about %d lines" % (r, h, lines))
    check(heights_ok, "every row's height is set from its text")
    # ---- the fields, as the CSV has them
    got = [dict(zip(head, [excel_text(c.value) for c in row])) for row in ws.iter_rows(min_row=2)]
    got = [g for g in got if g.get("Id")]
    check(len(got) == len(rows), "one row per finding (%d)" % len(rows))
    same = True
    for g, c in zip(got, rows):
        for h, k in COLS.items():
            a, b = g.get(h) or "", c.get(k) or ""
            if a != b:
                same = False
                print("    %s %s: workbook %r, CSV %r" % (c["id"], h, str(a)[:60], str(b)[:60]))
    check(same, "every client field equals the CSV's")
    # ---- no paths, no raw JSON, codes as words, formulas only on Summary
    bad_path, bad_json, bad_code, formulas = [], [], [], []
    for sh in wb.worksheets:
        for row in sh.iter_rows():
            for c in row:
                v = c.value
                if isinstance(v, str):
                    if v.startswith("="):
                        formulas.append((sh.title, c.coordinate, v))
                        continue
                    if PATH.search(v):
                        bad_path.append((sh.title, c.coordinate, v[:80]))
                    if raw_json(v):
                        bad_json.append((sh.title, c.coordinate, v[:80]))
                    if sh.title not in internal and CODES.search(v) and c.column_letter not in "OR":
                        bad_code.append((sh.title, c.coordinate, v[:80]))
    for what, lst in (("a machine's path", bad_path), ("raw JSON", bad_json),
                      ("a code where a word belongs", bad_code)):
        for x in lst[:5]:
            print("    %s %s: %s" % x)
        check(not lst, "no cell holds %s" % what)
    check(all(t == "Summary" for t, _, _ in formulas), "formulas only on the Summary sheet")
    check(all("$V$" in f and "COUNTIF" in f for t, _, f in formulas if "SUM(" not in f),
          "the counts follow the Override grade")
    vals = openpyxl.load_workbook(wbpath, data_only=True)["Summary"]
    counts = {}
    for row in vals.iter_rows(values_only=True):
        if row[0] in ("Major nonconformity", "Minor nonconformity", "Observation",
                      "Opportunity for improvement", "Conformity") and isinstance(row[1], (int, float)):
            counts.setdefault(row[0], row[1])
    want = js["counts"]
    check([counts.get(k, 0) for k in ("Major nonconformity", "Minor nonconformity", "Observation",
                                      "Opportunity for improvement", "Conformity")] ==
          [want["major"], want["minor"], want["observation"], want["ofi"], want["conformity"]],
          "the stored counts are the JSON's")
    ev = wb["Evidence"]
    n = sum(1 for r in ev.iter_rows(min_row=2, values_only=True) if r[0])
    check(n == sum(len(f["evidence"]) for f in js["findings"] if f["kind"] != "manual") +
          sum(len(f["evidence"]) for f in js["findings"] if f["kind"] == "manual"),
          "the Evidence sheet holds every quote (%d)" % n)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
