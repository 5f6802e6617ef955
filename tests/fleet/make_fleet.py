#!/usr/bin/env python3
"""Builds a synthetic fleet from real linkperf results files, for tests/fleet/fleet_report.sh and
scripts/bench-fleet.sh. Each template (a real results file) is one host type; each node is a copy
of it with its own hostname and seeded noise on every case (a per-node factor, sigma 1%, times a
per-case factor, sigma 1.5%, and one case in 200 with a 3% tail), which is how identical servers
differ run to run. Planted problems make chosen nodes slow on one path or one size, faster (not a
problem), incomplete or failed; the manifest (--manifest) lists what a fleet view must find.

  make_fleet.py --out DIR --nodes N --template FILE [--template FILE...] [--seed S]
                [--plant NODE:KIND:PATH[:SIZE]:FACTOR]... [--manifest FILE] [--gpu-link]

KIND: slow (the cases get FACTOR times worse: bandwidth / FACTOR, latency * FACTOR), fast (FACTOR
times better: must not be flagged), incomplete, failed (PATH[:SIZE] fails). NODE is the index of
the node (0-based; nodes are spread over the templates round-robin). --gpu-link turns host.copy
cases into ce.h2d cases carrying PCIe link facts (gen5 x16), and a planted slow node's link into
gen5 x8: the fleet view must name the link. Files are <hostname>.json in DIR."""
import argparse
import copy
import json
import os
import random
import sys

STAT_KEYS = ("min", "max", "mean", "median", "p5", "p95", "stddev")


def scale_case(lp, factor):
    if lp.get("stats"):
        for k in STAT_KEYS:
            if k in lp["stats"]:
                lp["stats"][k] *= factor
    if lp.get("samples"):
        lp["samples"] = [s * factor for s in lp["samples"]]


def worse(lp, factor):
    """FACTOR times worse for the case's metric."""
    return 1.0 / factor if lp.get("higher_is_better", lp["metric"] == "bandwidth") else factor


def matches(lp, path, size):
    return lp["path"] == path and (size is None or lp["size_bytes"] == size)


def to_gpu(entry):
    lp = entry["linkperf"]
    if lp["path"] != "host.copy":
        return
    lp["path"] = "ce.h2d"
    lp["source"] = {"kind": "host_memory", "id": 0, "role": "local", "memory": "pinned"}
    lp["destination"] = {"kind": "gpu_memory", "id": 0, "role": "gpu0", "memory": "device"}
    extra = lp.setdefault("extra", {})
    extra["link"] = {"type": "pcie",
                     "current": {"generation": 5, "speed_gts": 32.0, "width": 16},
                     "max": {"generation": 5, "speed_gts": 32.0, "width": 16}}
    entry["name"] = entry["name"].replace("host.copy", "ce.h2d")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--nodes", type=int, required=True)
    ap.add_argument("--template", action="append", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--plant", action="append", default=[])
    ap.add_argument("--manifest")
    ap.add_argument("--gpu-link", action="store_true")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    templates = [json.load(open(t)) for t in a.template]
    if a.gpu_link:
        for t in templates:
            for e in t["benchmarks"]:
                to_gpu(e)
    plants = {}
    for p in a.plant:
        parts = p.split(":")
        node, kind = int(parts[0]), parts[1]
        plants.setdefault(node, []).append((kind, parts[2:]))
    os.makedirs(a.out, exist_ok=True)
    manifest = {}
    for i in range(a.nodes):
        t = templates[i % len(templates)]
        isa = t["context"]["linkperf"]["isa"]
        name = f"{isa.replace('_', '')}-node{i:04d}"
        doc = copy.deepcopy(t)
        lp_ctx = doc["context"]["linkperf"]
        lp_ctx["hostname"] = name
        doc["context"]["host_name"] = name
        node_factor = rng.gauss(1.0, 0.01)
        for e in doc["benchmarks"]:
            lp = e["linkperf"]
            if lp.get("status") != "ok":
                continue
            sigma = 0.03 if rng.random() < 0.005 else 0.015
            scale_case(lp, max(0.5, node_factor * rng.gauss(1.0, sigma)))
        expect = {"verdict": "ok", "cases": []}
        for kind, args in plants.get(i, []):
            if kind in ("slow", "fast"):
                path, factor = args[0], float(args[-1])
                size = int(args[1]) if len(args) == 3 else None
                for e in doc["benchmarks"]:
                    lp = e["linkperf"]
                    if lp.get("status") == "ok" and matches(lp, path, size):
                        f = worse(lp, factor)
                        scale_case(lp, f if kind == "slow" else 1.0 / f)
                        if kind == "slow":
                            expect["cases"].append([lp["path"], lp["size_bytes"]])
                            link = lp.get("extra", {}).get("link")
                            if link:
                                link["current"]["width"] = 8
                if kind == "slow":
                    expect["verdict"] = "outlier"
            elif kind == "incomplete":
                lp_ctx["complete"] = False
                doc["benchmarks"] = doc["benchmarks"][: len(doc["benchmarks"]) * 2 // 3]
                expect = {"verdict": "incomplete", "cases": []}
            elif kind == "failed":
                path = args[0]
                size = int(args[1]) if len(args) > 1 else None
                for e in doc["benchmarks"]:
                    lp = e["linkperf"]
                    if matches(lp, path, size):
                        lp["status"] = "failed"
                        lp["error"] = "data verification failed: 3 of 4096 words differ"
                        lp.pop("stats", None)
                        lp["samples"] = []
                        break
                expect = {"verdict": "failed", "cases": []}
            else:
                sys.exit(f"make_fleet: unknown plant kind {kind}")
        if expect["verdict"] != "ok" or i in plants:
            manifest[name] = expect
        with open(os.path.join(a.out, name + ".json"), "w") as f:
            json.dump(doc, f)
    if a.manifest:
        with open(a.manifest, "w") as f:
            json.dump(manifest, f, indent=1)
    print(f"make_fleet: {a.nodes} nodes from {len(templates)} template(s) in {a.out}, "
          f"{sum(1 for m in manifest.values() if m['verdict'] != 'ok')} planted problem(s)")


if __name__ == "__main__":
    main()
