"""Writes N manual findings as CSV (docs/findings-format.md) for the
findings benchmark: realistic lengths, Unicode, line breaks, a formula-like
statement now and then. Deterministic: the same N gives the same bytes.

usage: findings-gen.py N OUT.csv
"""
import csv
import sys

CLAUSES = ["5.1", "5.2", "5.3", "6.1", "6.2", "7.1", "7.2", "7.3", "7.4", "7.5", "8.1", "9.1",
           "9.2", "9.3", "10.1", "10.2", "A.5.15", "A.8.32"]
GRADES = ["major", "minor", "minor", "observation", "observation", "ofi", "conformity"]
WHO = ["Maria Keller (ceo)", "Daniel Okafor (cfo)", "Sofia Lindqvist (coo)", "Zoë Ångström (ciso)"]


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["id", "clause", "item", "requirement", "grade", "statement", "evidence",
                    "interviewees", "auditor", "date", "owner", "status"])
        for i in range(1, n + 1):
            c = CLAUSES[i % len(CLAUSES)]
            stmt = ("=SUM(A1) was typed in the tracker; " if i % 97 == 0 else "") + \
                "Finding %d: the %s process at the Göteborg depot does not keep the record " \
                "the procedure asks for; three of the ten samples had no approval." % (i, c)
            ev = "Change record CHG-%05d: approved by nobody\nInterview note, line %d: " \
                 "\"we fix it when the auditors come\" — €%d.%02d budget" % (i, i % 400, i % 9000, i % 100)
            w.writerow(["F-%06d" % i, c, "", "the requirement of %s" % c,
                        GRADES[i % len(GRADES)], stmt, ev, WHO[i % 4] + "; " + WHO[(i + 1) % 4],
                        "Elena Varga", "2026-11-%02d" % (17 + i % 3), "IT Operations", "open"])


main()
