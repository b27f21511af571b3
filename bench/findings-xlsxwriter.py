"""The peer of `auditkit findings -f xlsx` in the findings benchmark:
python3-xlsxwriter with {'constant_memory': True} writing the same register
rows (read from auditkit's CSV export of the same findings) with the same
frame: a header, frozen panes, filters, drop-downs, colours by grade, dates
as dates, wrapped text, row heights from the text, print setup on two
pages across, and every quote again on an Evidence sheet.

usage: findings-xlsxwriter.py REGISTER.csv OUT.xlsx
"""
import csv
import datetime
import sys

import xlsxwriter

GRADES = ["Major nonconformity", "Minor nonconformity", "Observation",
          "Opportunity for improvement", "Conformity"]
STATUSES = ["open", "action plan proposed", "action plan accepted", "correction made",
            "implemented", "verified", "closed"]
COLS = ["id", "clause", "grade", "requirement", "statement", "evidence", "reason", "correction",
        "root_cause", "corrective_action", "owner", "response_due", "target_date", "status", "key",
        "related", "interviewees", "auditors", "date", "rule", "rule_grade", "override_grade",
        "override_by", "override_why", "note"]
WIDTHS = [8, 9, 14, 26, 34, 52, 40, 18, 18, 20, 11, 11, 11, 13, 28, 12, 30, 16, 11, 26, 15, 15,
          16, 30, 30]
DATES = {"date", "response_due", "target_date"}


def lines(v, width):
    per = max(1, width * 0.95)
    return sum(max(1, -(-len(p) // int(per))) for p in v.split("\n"))


def main():
    src, out = sys.argv[1], sys.argv[2]
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Findings")
    evs = wb.add_worksheet("Evidence")
    head = wb.add_format({"bold": True, "font_color": "white", "bg_color": "#1F4E78",
                          "text_wrap": True, "valign": "top", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    ws.set_landscape()
    ws.set_paper(9)
    ws.set_print_scale(85)
    ws.set_v_pagebreaks([6])
    ws.repeat_rows(0)
    ws.repeat_columns(0)
    ws.set_header("&LFindings&R&A")
    ws.set_footer("&RPage &P of &N")
    ws.freeze_panes(1, 1)
    for c, name in enumerate(COLS):
        ws.write_string(0, c, name, head)
        ws.set_column(c, c, WIDTHS[c])
    for c, name in enumerate(["Finding", "Who", "Statement"]):
        evs.write_string(0, c, name, head)
    n = 0
    er = 1
    with open(src, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.DictReader(f), 1):
            h = max(lines(row[name], WIDTHS[c]) for c, name in enumerate(COLS[:14]) if row[name])
            ws.set_row(r, 15 * min(h, 26) + 3)
            for q in row["evidence"].split("\n"):
                if q:
                    evs.write_string(er, 0, row["id"], wrap)
                    evs.write_string(er, 2, q, wrap)
                    er += 1
            for c, name in enumerate(COLS):
                v = row[name]
                if not v:
                    continue
                if name in DATES:
                    ws.write_datetime(r, c, datetime.datetime.strptime(v, "%Y-%m-%d"), date)
                else:
                    ws.write_string(r, c, v[:32767], wrap)
            n = r
    last = max(n, 1)
    ws.autofilter(0, 0, last, len(COLS) - 1)
    ws.print_area(0, 0, last, 13)
    ws.data_validation(1, 2, last, 2, {"validate": "list", "source": GRADES})
    ws.data_validation(1, 13, last, 13, {"validate": "list", "source": STATUSES})
    ws.data_validation(1, 21, last, 21, {"validate": "list", "source": GRADES})
    for col in (2, 20, 21):
        for g in GRADES:
            ws.conditional_format(1, col, last, col, {"type": "cell", "criteria": "==",
                                                       "value": '"%s"' % g, "format": wrap})
    wb.close()


main()
