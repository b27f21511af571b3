#!/usr/bin/env python3
"""split.py: assign each interview of the corpus to the development half or
the held-out half, once, before any label is compared with the engine.

Stratified by organisation (each gives half its interviews to each side) and
seeded, so the split can be re-derived and checked: the committed split.csv
must equal what this prints. Nobody tunes on the held-out half."""
import csv, os, random, sys

here = os.path.dirname(os.path.abspath(__file__))
rows = []
for org in sorted(os.listdir(os.path.join(here, "orgs"))):
    with open(os.path.join(here, "orgs", org, "interviews.csv"), newline="") as f:
        files = sorted(r["file"] for r in csv.DictReader(f))
    rng = random.Random("auditkit-eval-2026:" + org)
    rng.shuffle(files)
    k = (len(files) + (len(rows) // 13) % 2) // 2  # alternate the odd one out
    for i, name in enumerate(files):
        rows.append((name, org, "dev" if i < k else "heldout"))
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["file", "org", "half"])
for r in sorted(rows):
    w.writerow(r)
