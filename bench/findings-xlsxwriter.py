"""The peer of `auditkit findings -f xlsx` in the findings benchmark:
python3-xlsxwriter with {'constant_memory': True} writing the same register
rows (read from auditkit's CSV export of the same findings) with the same
frame: a header, frozen panes, filters, drop-downs, colours by grade, dates
as dates, wrapped text, print setup.

usage: findings-xlsxwriter.py REGISTER.csv OUT.xlsx
"""
import csv
import datetime
import sys

import xlsxwriter

GRADES = ["major nonconformity", "minor nonconformity", "observation",
          "opportunity for improvement", "conformity"]
STATUSES = ["open", "action plan proposed", "action plan accepted", "correction made",
            "implemented", "verified", "closed"]
COLS = ["id", "standard", "clause", "item", "requirement", "grade", "statement", "evidence",
        "interviewees", "auditors", "date", "rule", "rule_grade", "override_grade", "override_by",
        "override_why", "correction", "root_cause", "corrective_action", "owner", "response_due",
        "status", "note"]
DATES = {"date", "response_due"}


def main():
    src, out = sys.argv[1], sys.argv[2]
    wb = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("Findings")
    head = wb.add_format({"bold": True, "font_color": "white", "bg_color": "#1F4E78",
                          "text_wrap": True, "valign": "top", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    date = wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.set_header("&LFindings&R&A")
    ws.set_footer("&RPage &P of &N")
    ws.freeze_panes(1, 1)
    for c, name in enumerate(COLS):
        ws.write_string(0, c, name, head)
    n = 0
    with open(src, encoding="utf-8", newline="") as f:
        for r, row in enumerate(csv.DictReader(f), 1):
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
    ws.data_validation(1, 5, last, 5, {"validate": "list", "source": GRADES})
    ws.data_validation(1, 21, last, 21, {"validate": "list", "source": STATUSES})
    for g in GRADES:
        ws.conditional_format(1, 5, last, 5, {"type": "cell", "criteria": "==",
                                               "value": '"%s"' % g, "format": wrap})
    wb.close()


main()
