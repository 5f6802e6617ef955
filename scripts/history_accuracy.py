#!/usr/bin/env python3
"""Scores `linkperf history --json` against make-history.py's manifest (scripts/bench-history.sh):
a planted step is found when its case on its node has a change point within --tolerance nights of
the planted night; a drift when a change point falls inside the ramp (widened by the tolerance).
Every other change point is a false positive. Prints one line: planted found missed false
precision recall.

  history_accuracy.py MANIFEST HISTORY.json [--tolerance NIGHTS]
"""
import argparse
import datetime
import json


def night_of(date, start):
    d = datetime.datetime.strptime(date[:10], "%Y-%m-%d")
    return (d - datetime.datetime.strptime(start, "%Y-%m-%d")).days


def case_matches(case_key, path, size):
    f = case_key.split("|")
    return f[0] == path and (size is None or int(f[5]) == size)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manifest")
    ap.add_argument("history")
    ap.add_argument("--tolerance", type=int, default=2)
    a = ap.parse_args()
    m = json.load(open(a.manifest))
    h = json.load(open(a.history))
    # Each planted change counts once per series it touched (a path without a size touches
    # every size of the path).
    targets = []
    for p in m["planted"]:
        node = f"node{int(p['node']):03d}"
        lo, hi = (p["night"], p["night"]) if p["kind"] == "step" else (p["from"], p["to"])
        for s in h["series"]:
            if s["node"] == node and case_matches(s["case_key"], p["path"], p["size"]):
                targets.append((node, s["case_key"], lo, hi))
    found = 0
    used = set()
    for node, key, lo, hi in targets:
        hit = False
        for i, c in enumerate(h["changes"]):
            if c["node"] != node or c["case_key"] != key:
                continue
            n = night_of(c["date"], m["start"])
            if lo - a.tolerance <= n <= hi + a.tolerance and c["worse"] > 0:
                used.add(i)
                hit = True
        found += hit
    planted = len(targets)
    false = len(h["changes"]) - len(used)
    detections = len(h["changes"])
    precision = (detections - false) / detections if detections else 1.0
    recall = found / planted if planted else 1.0
    print(f"planted {planted} found {found} missed {planted - found} false {false} "
          f"precision {precision:.3f} recall {recall:.3f}")


if __name__ == "__main__":
    main()
