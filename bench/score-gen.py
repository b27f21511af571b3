"""Inputs for bench-score.sh: a 5,000-risk facts file, 1,000 notes files of
about 2 KB made from the sample interviews' lines, and the bank's patterns
for grep -E (PCRE-only constructs rewritten or left out, and counted).

usage: score-gen.py OUTDIR BANK_JSON [COUNT] (the resolved bank: banks show --format
json; COUNT notes files, 1,000 unless given)
"""
import json
import os
import random
import re
import sys

out, bank_json = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 1000
src = os.path.join(os.path.dirname(__file__), "..", "samples")
rnd = random.Random(20261127)

facts = json.load(open(os.path.join(src, "facts.json")))
words = ["ransomware", "phishing", "supplier", "portal", "warehouse", "payroll", "laptop",
         "cloud", "backup", "insider", "customs", "invoice", "scanner", "network", "vendor",
         "contract", "outage", "fraud", "breach", "access"]
risks = []
for i in range(5000):
    l, im = rnd.randint(1, 5), rnd.randint(1, 5)
    title = " ".join(rnd.sample(words, 3)) + " risk %d" % i
    risks.append({"id": "R-%04d" % i, "title": title, "owner": "COO", "likelihood": l,
                  "impact": im, "level": l * im, "treatment": "mitigate", "status": "open"})
facts["risks"] = risks
json.dump(facts, open(os.path.join(out, "facts.json"), "w"))

lines = []
for name in ("keller-ceo", "okafor-cfo", "lindqvist-coo"):
    for l in open(os.path.join(src, "notes", name + ".md")):
        l = l.rstrip("\n")
        if l and not l.startswith(("#", "---", ">")) and ":" not in l[:14]:
            lines.append(l)
heads = ["## 5.1 %s" % c for c in "abcdefgh"] + ["## 6.1-tell", "## 9.3-tell", "## 5.2", "## General"]
os.makedirs(os.path.join(out, "notes"), exist_ok=True)
for i in range(count):
    body = ["---", "interviewee: Person %d" % i, "role: ceo", "date: 2026-11-18", "---", ""]
    size = 0
    while size < 2000:
        h = rnd.choice(heads)
        body.append(h)
        for _ in range(rnd.randint(2, 5)):
            l = rnd.choice(lines)
            body.append(l)
            size += len(l) + 1
        body.append("")
    open(os.path.join(out, "notes", "n%04d.md" % i), "w").write("\n".join(body) + "\n")

pats, skipped = [], 0
for q in json.load(open(bank_json))["questions"]:
    for kind in ("positive", "negative", "red_flags"):
        for r in q["rubric"][kind]:
            p = re.sub(r"\(\?-i:([^()]*)\)", r"\1", r["pattern"])
            if "(?" in p or "\\d" in p:
                p = p.replace("\\d", "[0-9]")
            if "(?" in p:
                skipped += 1
                continue
            pats.append(p)
open(os.path.join(out, "patterns.txt"), "w").write("\n".join(pats) + "\n")
print(len(pats), skipped)
