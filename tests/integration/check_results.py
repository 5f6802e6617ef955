#!/usr/bin/env python3
"""Physical plausibility of a quick-suite results file (see tests/cmake/core.cmake)."""
import json
import math
import os
import sys

path, isa = sys.argv[1], sys.argv[2]
doc = json.load(open(path))
problems = []


def check(cond, what):
    if not cond:
        problems.append(what)


ctx = doc["context"]["linkperf"]
check(ctx["schema_version"] == 1, "schema_version is 1")
check(ctx["complete"] is True, "the run is marked complete")
check(ctx["isa"] == isa, f"isa {ctx['isa']} == {isa}")
benches = doc["benchmarks"]
check(len(benches) > 0, "some cases")

by_path = {}
for b in benches:
    lp = b["linkperf"]
    check(lp["status"] == "ok", f"{b['name']} ok ({lp['error']})")
    if lp["status"] != "ok":
        continue
    s = lp["stats"]
    for k in ("min", "median", "mean", "p5", "p95"):
        check(math.isfinite(s[k]) and s[k] > 0, f"{b['name']} {k}={s[k]} > 0")
    check(s["p5"] <= s["median"] <= s["p95"], f"{b['name']} p5 <= median <= p95")
    check(b["real_time"] > 0 and b["time_unit"] == "ns", f"{b['name']} real_time > 0 ns")
    check(lp["data_verified"], f"{b['name']} data verified")
    check(lp["placement"]["verified"], f"{b['name']} placement verified")
    if lp["metric"] == "bandwidth":
        # No host link moves more than 10 TB/s, none less than 10 MB/s.
        check(0.01 < s["median"] < 10000, f"{b['name']} {s['median']} GB/s is plausible")
        gbps = b["bytes_per_second"] / 1e9
        check(abs(gbps - s["median"]) / s["median"] < 0.05,
              f"{b['name']} bytes_per_second agrees with the median")
    by_path.setdefault(lp["path"], []).append(b)

for p in ("host.copy", "host.read", "host.write", "host.latency", "host.c2c"):
    check(p in by_path, f"path {p} measured")

caches = doc["context"].get("caches", [])
# One cache entry per level; num_sharing CPUs share each instance, so the level holds
# size x (CPUs / num_sharing) bytes in all.
cpus = doc["context"].get("num_cpus", 1)
llc = max([c["size"] * max(1, cpus // max(1, c.get("num_sharing", 1))) for c in caches]
          or [32 << 20])

# The shape of the curves (caches faster than DRAM, ns-scale hand-overs) holds for an optimized
# native build; a sanitizer or debug build (LINKPERF_PERF_CHECKS=0) or user-mode emulation
# keeps the structural checks above and skips these.
shape = os.environ.get("LINKPERF_PERF_CHECKS", "1") != "0" and not ctx.get("emulated", False)
if not shape:
    print("shape checks skipped: " + ("emulated run" if ctx.get("emulated") else
                                      "LINKPERF_PERF_CHECKS=0 (sanitizer or debug build)"))
else:
    lat = sorted((b["linkperf"]["size_bytes"], b["linkperf"]["stats"]["median"])
                 for b in by_path.get("host.latency", []))
    if lat:
        small, large = lat[0], lat[-1]
        check(small[1] < 5, f"L1-resident latency {small[1]:.2f} ns < 5 ns")
        check(large[1] > 3 * small[1],
              f"DRAM latency {large[1]:.1f} ns > 3x L1 latency {small[1]:.2f} ns")
        check(large[1] < 2000, f"DRAM latency {large[1]:.1f} ns < 2 us")

    copy1 = sorted((b["linkperf"]["size_bytes"], b["linkperf"]["stats"]["median"])
                   for b in by_path.get("host.copy", []) if b["linkperf"]["threads"] == 1)
    if copy1:
        in_cache = [v for s, v in copy1 if s <= llc // 2]
        largest = copy1[-1]
        check(largest[0] > 2 * llc, f"largest copy {largest[0]} B is past the LLC ({llc} B)")
        check(in_cache and max(in_cache) > 1.2 * largest[1],
              f"cache-resident copy bandwidth {max(in_cache):.1f} GB/s > 1.2x DRAM level {largest[1]:.1f}")

    for b in by_path.get("host.c2c", []):
        v = b["linkperf"]["stats"]["median"]
        check(5 < v < 5000, f"{b['name']} one-way {v:.1f} ns is plausible")

for p in problems:
    print("FAIL:", p)
print(f"{len(benches)} cases checked, {len(problems)} problems")
sys.exit(1 if problems else 0)
