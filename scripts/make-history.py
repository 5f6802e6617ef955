#!/usr/bin/env python3
"""Builds nightly histories from real linkperf results files (docs/history.md): the tests of
`linkperf history`, scripts/bench-history.sh (accuracy with planted changes) and
scripts/bench-history-scale.sh (100 nodes x 90 nights).

Real noise: each synthetic night of a node is one real run from the pool (the results files
given), so every case's value that night is a value this machine really measured. Nights take
the pool's runs in a seeded random order per node without repeating while the pool lasts
(--in-order: in the pool's own order, the runs as they were measured). Planted changes scale a
case's figures from a night on (--step) or along a ramp (--drift), always in the bad direction
(bandwidth divided, latency multiplied), and may change the recorded context (--kernel).

  make-history.py --out DIR --pool FILE... [--nodes N] [--nights K] [--seed S] [--in-order]
      [--start YYYY-MM-DD] [--step NODE:PATH[:SIZE]:NIGHT:FACTOR]...
      [--drift NODE:PATH[:SIZE]:FROM:TO:FACTOR]... [--kernel NODE:NIGHT:NAME]...
      [--manifest FILE]

NODE is a node index or '*'; PATH a path id or '*'. FACTOR 1.10 is 10% worse. Files are
DIR/node<NNN>/<node>-<date>.json; the manifest lists every planted change (JSON)."""
import argparse
import copy
import datetime
import json
import os
import random

STAT_KEYS = ("min", "max", "mean", "median", "p5", "p95", "stddev")


def worse_factor(lp, factor):
    return 1.0 / factor if lp.get("higher_is_better", lp.get("metric") == "bandwidth") else factor


def scale(lp, factor):
    for k in STAT_KEYS:
        if k in lp.get("stats", {}):
            lp["stats"][k] *= factor
    if lp.get("samples"):
        lp["samples"] = [s * factor for s in lp["samples"]]


def matches(node, lp, spec_node, path, size):
    return (spec_node == "*" or int(spec_node) == node) and (path == "*" or lp["path"] == path) \
        and (size is None or lp["size_bytes"] == size)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--pool", nargs="+", required=True)
    ap.add_argument("--nodes", type=int, default=1)
    ap.add_argument("--nights", type=int, default=90)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--in-order", action="store_true")
    ap.add_argument("--start", default="2026-09-01")
    ap.add_argument("--step", action="append", default=[])
    ap.add_argument("--drift", action="append", default=[])
    ap.add_argument("--kernel", action="append", default=[])
    ap.add_argument("--manifest")
    ap.add_argument("--no-samples", action="store_true", help="drop per-sample arrays (smaller files)")
    a = ap.parse_args()

    pool = [json.load(open(p)) for p in a.pool]
    if a.no_samples:
        for doc in pool:
            for b in doc["benchmarks"]:
                b["linkperf"].pop("samples", None)
    steps = []
    for s in a.step:
        p = s.split(":")
        size = int(p[2]) if len(p) == 5 else None
        steps.append({"node": p[0], "path": p[1], "size": size, "night": int(p[-2]),
                      "factor": float(p[-1]), "kind": "step"})
    drifts = []
    for s in a.drift:
        p = s.split(":")
        size = int(p[2]) if len(p) == 6 else None
        drifts.append({"node": p[0], "path": p[1], "size": size, "from": int(p[-3]),
                       "to": int(p[-2]), "factor": float(p[-1]), "kind": "drift"})
    kernels = [dict(zip(("node", "night", "name"), k.split(":", 2))) for k in a.kernel]
    start = datetime.datetime.strptime(a.start, "%Y-%m-%d").replace(hour=2, minute=30)
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for node in range(a.nodes):
        name = f"node{node:03d}"
        order = []
        while len(order) < a.nights:
            idx = list(range(len(pool)))
            if not a.in_order:
                rng.shuffle(idx)
            order += idx
        d = os.path.join(a.out, name)
        os.makedirs(d, exist_ok=True)
        kernel = None
        for night in range(a.nights):
            doc = copy.deepcopy(pool[order[night]])
            when = start + datetime.timedelta(days=night, seconds=rng.randrange(0, 600))
            stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            ctx = doc["context"]
            lp = ctx["linkperf"]
            ctx["host_name"] = lp["hostname"] = name
            ctx["date"] = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
            lp["started_at"] = stamp
            lp["finished_at"] = (when + datetime.timedelta(seconds=60)).strftime("%Y-%m-%dT%H:%M:%SZ")
            for k in kernels:
                if (k["node"] == "*" or int(k["node"]) == node) and night >= int(k["night"]):
                    kernel = k["name"]
            if kernel:
                lp["kernel"] = kernel
            for b in doc["benchmarks"]:
                blp = b["linkperf"]
                f = 1.0
                for s in steps:
                    if matches(node, blp, s["node"], s["path"], s["size"]) and night >= s["night"]:
                        f *= worse_factor(blp, s["factor"])
                for s in drifts:
                    if matches(node, blp, s["node"], s["path"], s["size"]) and night >= s["from"]:
                        frac = min(1.0, (night - s["from"]) / max(1, s["to"] - s["from"]))
                        f *= worse_factor(blp, 1 + (s["factor"] - 1) * frac)
                if f != 1.0:
                    scale(blp, f)
            with open(os.path.join(d, f"{name}-{when:%Y%m%d}.json"), "w") as out:
                json.dump(doc, out, separators=(",", ":"))
    if a.manifest:
        with open(a.manifest, "w") as m:
            json.dump({"nodes": a.nodes, "nights": a.nights, "start": a.start,
                       "planted": steps + drifts, "kernels": kernels}, m, indent=1)


if __name__ == "__main__":
    main()
