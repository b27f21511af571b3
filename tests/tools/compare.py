"""Compares an actual findings register with an expected one, by grade and
clause (tests/fixtures/findings/expected/README.md).

usage: compare.py EXPECTED.json ACTUAL-FINDINGS.json

Prints one line per expected finding, "match EXPECTED-ID ACTUAL-ID grade
clause" or "missing EXPECTED-ID grade clause (people)", then one line per
actual finding left over, "extra ACTUAL-ID grade clause key". Matching
pairs each expected finding with an actual one of the same grade and
clause, the duties of 5.1 it names overlapping (when the expected one names
them), and one person in common (for findings graded from interviews).
"""
import json
import sys


def names(people, actual):
    out = set()
    for p in people:
        if actual and "(" in p:
            out.add(p[p.rindex("(") + 1:].rstrip(")"))
        else:
            out.add(p.split(" (")[0])
    return out


def items_of(a):
    if a.get("item"):
        return {a["item"]}
    return {x.strip() for x in (a.get("items") or "").split(",") if x.strip()}


def fits(e, a):
    if a["grade"] != e["grade"] or a["clause"] != e["clause"]:
        return False
    want = set(e.get("items", []))
    if want and len(want) < 8 and items_of(a) and not (want & items_of(a)):
        return False
    if e.get("manual"):
        return a["kind"] == "manual"
    return bool(names(e.get("people", []), False) & names(a["interviewees"], True))


def main():
    exp = json.load(open(sys.argv[1], encoding="utf-8"))["findings"]
    act = json.load(open(sys.argv[2], encoding="utf-8"))["findings"]
    left = list(act)
    for e in exp:
        cands = [a for a in left if fits(e, a)]
        if cands:
            a = cands[0]
            left.remove(a)
            print("match %s %s %s %s" % (e["id"], a["id"], e["grade"], e["clause"]))
        else:
            print("missing %s %s %s (%s)" % (e["id"], e["grade"], e["clause"], "; ".join(e.get("people", []))))
    for a in left:
        print("extra %s %s %s %s" % (a["id"], a["grade"], a["clause"], a["key"]))


if __name__ == "__main__":
    main()
