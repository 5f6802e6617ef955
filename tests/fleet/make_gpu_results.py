#!/usr/bin/env python3
"""Writes a results file with GPU host-link cases for the `linkperf check` tests, from a real
host results file (tests/data/results/host-small-x86_64.json): its host.copy cases become
pinned ce.h2d and ce.d2h copies of 256 MiB to GPU 0, an "NVIDIA H100 PCIe", over the PCIe link
given, every sample at the figure given.

  make_gpu_results.py OUT --template FILE --gbps 53.5 [--link GEN:WIDTH[:MAXGEN:MAXWIDTH]]
                          [--c2c] [--host NAME] [--gpu NAME]"""
import argparse
import copy
import json


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--template", required=True)
    ap.add_argument("--gbps", type=float, required=True)
    ap.add_argument("--link", default="5:16")
    ap.add_argument("--c2c", action="store_true")
    ap.add_argument("--host", default="gpu-node")
    ap.add_argument("--gpu", default="NVIDIA H100 PCIe")
    a = ap.parse_args()
    doc = json.load(open(a.template))
    ctx = doc["context"]["linkperf"]
    ctx["hostname"] = a.host
    doc["context"]["host_name"] = a.host
    ctx["cuda"]["devices"] = [{"name": a.gpu, "index": 0,
                               "pageable_uses_host_page_tables": a.c2c}]
    parts = [int(x) for x in a.link.split(":")]
    gen, width = parts[0], parts[1]
    max_gen, max_width = (parts[2], parts[3]) if len(parts) == 4 else (5, 16)
    template = next(e for e in doc["benchmarks"] if e["linkperf"]["path"] == "host.copy")
    out = []
    for path in ("ce.h2d", "ce.d2h"):
        e = copy.deepcopy(template)
        lp = e["linkperf"]
        lp["path"] = path
        host = {"kind": "host_memory", "id": 0, "role": "local", "memory": "pinned"}
        gpu = {"kind": "gpu_memory", "id": 0, "role": "gpu0", "memory": "device"}
        lp["source"], lp["destination"] = (host, gpu) if path == "ce.h2d" else (gpu, host)
        lp["size_bytes"] = lp["bytes_per_op"] = 256 << 20
        lp["threads"] = 1
        lp["samples"] = [a.gbps] * len(lp["samples"])
        for k in ("min", "max", "mean", "median", "p5", "p95"):
            lp["stats"][k] = a.gbps
        lp["stats"]["stddev"] = lp["stats"]["stdrel"] = 0.0
        if a.c2c:
            link = {"type": "nvlink-c2c"}
        else:
            link = {"type": "pcie",
                    "current": {"generation": gen, "speed_gts": 0, "width": width},
                    "max": {"generation": max_gen, "speed_gts": 0, "width": max_width}}
        lp["extra"] = {"link": link}
        e["name"] = e["run_name"] = f"{path}/pinned/gpu0/256M"
        out.append(e)
    doc["benchmarks"] = out
    with open(a.out, "w") as f:
        json.dump(doc, f)


if __name__ == "__main__":
    main()
