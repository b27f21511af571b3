#!/usr/bin/env python3
"""run.py: the engine against the expert's labels (make eval).

For each organisation of tests/eval/orgs, fetch its records into an evidence
snapshot with the real binary, score every interview of the chosen half,
and compare the scored requirements with the labels written blind before
any tuning (tests/eval/labels, LABELLING.md).

Prints, for each half: accuracy and Cohen's kappa per duty of 5.1 and
overall (with observed agreement and prevalence), the same for the other
requirements, delegation recall and precision, contradictions found (each
on its requirement), top risks named, and every disagreement with the line
of the notes that decided it.

    run.py [--half dev|heldout|both] [--quiet] [--json FILE] [--check FILE]

--check FILE reads the recorded held-out figures (recorded.json) and exits 1
when held-out agreement on the duties of 5.1 falls more than 3 points below
them. Exit 2 when the binary or the corpus cannot be used.
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DUTIES = ["5.1a", "5.1b", "5.1c", "5.1d", "5.1e", "5.1f", "5.1g", "5.1h"]
OTHERS = ["5.2", "5.3", "6.1", "6.2", "7.1", "7.3", "7.4", "9.3", "10"]
VERDICTS = ["pass", "fail", "none"]


def engine_key(req):
    """The label key of a scored requirement: "5.1 a" -> "5.1a", 10.x -> "10"."""
    clause, item = req["clause"], req.get("item")
    if clause.startswith("10"):
        return "10"
    return clause + (item or "")


def engine_verdicts(scored):
    """Label key -> (verdict, delegation, requirement entry)."""
    out = {}
    for r in scored["requirements"]:
        k = engine_key(r)
        v = r["verdict"] or "none"
        d = bool(r.get("delegation"))
        if k in out:  # clause 10: its two requirements, the better verdict
            pv, pd, pr = out[k]
            rank = {"pass": 2, "fail": 1, "none": 0}
            if rank[v] < rank[pv]:
                v, r = pv, pr
            d = d or pd
        out[k] = (v, d, r)
    return out


def kappa(pairs, cats):
    n = len(pairs)
    if n == 0:
        return None, None, {}
    agree = sum(1 for a, b in pairs if a == b) / n
    pa = {c: sum(1 for a, _ in pairs if a == c) / n for c in cats}
    pb = {c: sum(1 for _, b in pairs if b == c) / n for c in cats}
    pe = sum(pa[c] * pb[c] for c in cats)
    k = None if pe >= 1 else (agree - pe) / (1 - pe)
    return agree, k, pa


def fetch(binary, org, tmp):
    src = os.path.join(HERE, "orgs", org)
    work = os.path.join(tmp, "org-" + org)
    out = os.path.join(tmp, "ev-" + org)
    # each half fetches afresh (--half both evaluates one after the other)
    shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(src, work)
    r = subprocess.run([binary, "fetch", "--audit", os.path.join(work, "audit.json"), "--out", out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        # an older binary without management-review sources: without them
        with open(os.path.join(work, "audit.json")) as f:
            a = json.load(f)
        a["sources"].pop("review", None)
        with open(os.path.join(work, "audit.json"), "w") as f:
            json.dump(a, f)
        shutil.rmtree(out, ignore_errors=True)
        r = subprocess.run([binary, "fetch", "--audit", os.path.join(work, "audit.json"), "--out", out],
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write("eval: cannot fetch %s: %s\n" % (org, r.stderr.strip()))
            sys.exit(2)
    return out


def score(binary, evidence, notes, row, tmp):
    out = os.path.join(tmp, os.path.basename(notes) + ".scored.json")
    cmd = [binary, "score", notes, "--evidence", evidence, "-o", out,
           "--interviewee", row["interviewee"], "--role", row["role"], "--date", row["date"]]
    if row.get("auditor"):
        cmd += ["--auditor", row["auditor"]]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.stderr.write("eval: scoring %s failed (exit %d): %s\n" % (notes, r.returncode, r.stderr.strip()))
        return None
    with open(out) as f:
        return json.load(f)


def note_line(path, n):
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            lines = f.read().replace("\r\n", "\n").split("\n")
        return lines[n - 1].strip()[:160] if 0 < n <= len(lines) else ""
    except OSError:
        return ""


def evaluate(binary, half, quiet, tmp):
    rows = {}
    with open(os.path.join(HERE, "split.csv"), newline="") as f:
        split = {r["file"]: r["half"] for r in csv.DictReader(f)}
        f.seek(0)
        orgs = sorted({r["org"] for r in csv.DictReader(f)})
    # only the organisations of the split: one still being written (no
    # labels yet) is not part of any half
    for org in orgs:
        with open(os.path.join(HERE, "orgs", org, "interviews.csv"), newline="") as f:
            for r in csv.DictReader(f):
                r["org"] = org
                rows[r["file"]] = r
    files = sorted(f for f in rows if half == "both" or split.get(f) == half)
    evidence = {}
    duty_pairs = {k: [] for k in DUTIES + OTHERS}
    dis = []
    deleg = {"tp": 0, "fp": 0, "fn": 0}
    deleg_fp = []
    deleg_fn = []
    contra = {"found": 0, "expected": 0, "engine": 0, "wrong_place": 0}
    contra_missed = []
    contra_extra = []
    risks = {"tp": 0, "fp": 0, "fn": 0}
    scored_n = 0
    for name in files:
        row = rows[name]
        if row["org"] not in evidence:
            evidence[row["org"]] = fetch(binary, row["org"], tmp)
        lab_path = os.path.join(HERE, "labels", name + ".json")
        if not os.path.exists(lab_path):
            continue
        with open(lab_path) as f:
            lab = json.load(f)
        notes = os.path.join(HERE, "notes", name)
        sc = score(binary, evidence[row["org"]], notes, row, tmp)
        if sc is None:
            continue
        scored_n += 1
        ev = engine_verdicts(sc)
        for k in DUTIES + OTHERS:
            lv = lab["requirements"][k]["verdict"]
            e = ev.get(k, ("none", False, None))
            duty_pairs[k].append((lv, e[0]))
            ld = bool(lab["requirements"][k].get("delegation"))
            if ld and e[1]:
                deleg["tp"] += 1
            elif e[1] and not ld:
                deleg["fp"] += 1
                deleg_fp.append((name, k, e[2]))
            elif ld and not e[1]:
                deleg["fn"] += 1
                lines = lab["requirements"][k].get("lines") or []
                deleg_fn.append((name, k, [(n, note_line(notes, n)) for n in lines[:2]]))
            if lv != e[0] and lv != "none":
                lines = lab["requirements"][k].get("lines") or []
                dis.append((name, k, lv, e[0], lab["requirements"][k].get("why", ""),
                            [(n, note_line(notes, n)) for n in lines[:3]],
                            e[2]["reason"] if e[2] else ""))
            elif lv != e[0]:
                dis.append((name, k, lv, e[0], "", [], e[2]["reason"] if e[2] else ""))
        # contradictions: by fact, on its requirement
        found = []
        details = []
        for r in sc["requirements"]:
            for c in r.get("contradiction_details", []):
                found.append((c["fact"], engine_key(r)))
                details.append(c)
        contra["engine"] += len(found)
        used = set()
        for c in lab.get("contradictions", []):
            contra["expected"] += 1
            want = c["fact"]
            hit = None
            for i, (fact, where) in enumerate(found):
                if i not in used and fact.split(".")[0] == want.split(".")[0] and \
                        (fact == want or want.endswith("approver") or want.endswith("approved")
                         and fact.startswith("policy")):
                    hit = i
                    break
            if hit is None:
                contra_missed.append((name, c))
            else:
                used.add(hit)
                contra["found"] += 1
                if found[hit][1] != c.get("requirement", found[hit][1]):
                    contra["wrong_place"] += 1
        for i, c in enumerate(details):
            if i not in used:
                contra_extra.append((name, c))
        # top risks
        named = set()
        for r in sc["requirements"]:
            if engine_key(r) == "6.1":
                for p in r.get("probes", []):
                    if p["probe"] == "top_risks":
                        for x in p["found"]:
                            named.add(x["fact"].split(" ")[0])
        want = set(lab.get("top_risks_named", []))
        risks["tp"] += len(named & want)
        risks["fp"] += len(named - want)
        risks["fn"] += len(want - named)
    return {
        "half": half, "interviews": scored_n, "pairs": duty_pairs, "disagreements": dis,
        "delegation": deleg, "delegation_fp": deleg_fp, "delegation_fn": deleg_fn, "contradictions": contra,
        "contradictions_missed": contra_missed, "contradictions_extra": contra_extra, "risks": risks,
    }


def summarise(res):
    out = {"half": res["half"], "interviews": res["interviews"], "per_duty": {}}
    for group, keys in (("duties", DUTIES), ("others", OTHERS)):
        allp = []
        for k in keys:
            # agreement on what the expert judged (pass or fail); 'none'
            # from the engine there is a miss
            p = [(a, b) for a, b in res["pairs"][k] if a != "none"]
            acc, kap, prev = kappa(p, VERDICTS)
            out["per_duty"][k] = {"n": len(p), "accuracy": acc, "kappa": kap,
                                  "prevalence_pass": prev.get("pass")}
            allp += p
        acc, kap, prev = kappa(allp, VERDICTS)
        out[group] = {"n": len(allp), "accuracy": acc, "kappa": kap, "prevalence_pass": prev.get("pass")}
        # over-reach: the expert said nothing either way, the engine judged
        none = [(a, b) for k in keys for a, b in res["pairs"][k] if a == "none"]
        out[group]["expert_none"] = len(none)
        out[group]["engine_judged_none"] = sum(1 for a, b in none if b != "none")
    d = res["delegation"]
    out["delegation"] = {
        "expected": d["tp"] + d["fn"], "flagged": d["tp"] + d["fp"], "found": d["tp"],
        "recall": d["tp"] / (d["tp"] + d["fn"]) if d["tp"] + d["fn"] else None,
        "precision": d["tp"] / (d["tp"] + d["fp"]) if d["tp"] + d["fp"] else None,
    }
    out["contradictions"] = dict(res["contradictions"])
    r = res["risks"]
    out["top_risks"] = {"named_by_expert": r["tp"] + r["fn"], "found": r["tp"], "extra": r["fp"]}
    return out


def pct(x):
    return "  -  " if x is None else "%5.1f" % (100 * x)


def report(res, s, quiet):
    print("== %s half: %d interviews" % (s["half"], s["interviews"]))
    print("   requirement      n   agree  kappa  pass%")
    for k in DUTIES + OTHERS:
        d = s["per_duty"][k]
        kap = "  -  " if d["kappa"] is None else "%5.2f" % d["kappa"]
        print("   %-12s  %4d   %s  %s  %s" % (k, d["n"], pct(d["accuracy"]), kap, pct(d["prevalence_pass"])))
        if k == DUTIES[-1]:
            g = s["duties"]
            print("   %-12s  %4d   %s  %5.2f  %s   (expert 'none' %d, engine judged %d of them)" % (
                "5.1 overall", g["n"], pct(g["accuracy"]), g["kappa"] or 0, pct(g["prevalence_pass"]),
                g["expert_none"], g["engine_judged_none"]))
    g = s["others"]
    print("   %-12s  %4d   %s  %5.2f  %s   (expert 'none' %d, engine judged %d of them)" % (
        "others", g["n"], pct(g["accuracy"]), g["kappa"] or 0, pct(g["prevalence_pass"]),
        g["expert_none"], g["engine_judged_none"]))
    d = s["delegation"]
    print("   delegation: %d expected, %d flagged, %d found: recall %s, precision %s" % (
        d["expected"], d["flagged"], d["found"], pct(d["recall"]), pct(d["precision"])))
    c = s["contradictions"]
    print("   contradictions: %d of %d found (%d on another requirement), %d reported by the engine" % (
        c["found"], c["expected"], c["wrong_place"], c["engine"]))
    t = s["top_risks"]
    print("   top risks: %d of %d the expert counted found, %d more" % (t["found"], t["named_by_expert"], t["extra"]))
    if quiet:
        return
    print("   -- disagreements (file, requirement: expert / engine)")
    for name, k, lv, evd, why, lines, reason in res["disagreements"]:
        print("   %s %s: %s / %s" % (name, k, lv, evd))
        if why:
            print("      expert: %s" % why)
        for n, text in lines:
            print("      line %d: %s" % (n, text))
        if reason:
            print("      engine: %s" % reason)
    for name, k, r in res["delegation_fp"]:
        print("   delegation flagged, not expected: %s %s" % (name, k))
    for name, k, lines in res.get("delegation_fn", []):
        print("   delegation expected, not flagged: %s %s" % (name, k))
        for n, t in lines:
            print("      line %s: %s" % (n, t))
    for name, c in res["contradictions_extra"]:
        print("   contradiction not expected: %s %s (line %s): %s" % (
            name, c["fact"], c["said"]["line"], c["explanation"]))
    for name, c in res["contradictions_missed"]:
        print("   contradiction missed: %s %s (line %s): said %r, record %r" % (
            name, c.get("fact"), c.get("line"), c.get("said"), c.get("record")))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", default="both", choices=["dev", "heldout", "both"])
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--json")
    ap.add_argument("--check")
    ap.add_argument("--auditkit", default=os.environ.get("AUDITKIT"))
    a = ap.parse_args()
    if not a.auditkit or not os.access(a.auditkit, os.X_OK):
        sys.stderr.write("eval: set AUDITKIT (or --auditkit) to the binary\n")
        return 2
    halves = ["dev", "heldout"] if a.half == "both" else [a.half]
    summaries = []
    tmp = tempfile.mkdtemp(prefix="auditkit-eval.")
    try:
        for h in halves:
            res = evaluate(a.auditkit, h, a.quiet, tmp)
            s = summarise(res)
            summaries.append(s)
            report(res, s, a.quiet)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if a.json:
        with open(a.json, "w") as f:
            json.dump(summaries, f, indent=2)
    if a.check:
        with open(a.check) as f:
            rec = json.load(f)
        for s in summaries:
            if s["half"] != "heldout":
                continue
            for group, name in (("duties", "5.1"), ("others", "the other clauses")):
                key = group + "_accuracy"
                if key not in rec["heldout"]:
                    continue
                got, want = 100 * s[group]["accuracy"], rec["heldout"][key]
                if got < want - 3:
                    print("eval: held-out agreement on %s fell to %.1f %% (recorded %.1f %%)" % (name, got, want))
                    return 1
                print("eval: held-out agreement on %s %.1f %% (recorded %.1f %%, floor %.1f %%)" % (name, got, want, want - 3))
    return 0


if __name__ == "__main__":
    sys.exit(main())
