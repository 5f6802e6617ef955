#!/usr/bin/env python3
"""Checks a linkperf-coll results file: every case ok with 0 wrong elements, nccl-tests'
metrics consistent (busbw = algbw x factor, algbw = size / time, max >= mean >= min), and the
ranks, ops and variants the test asked for."""
import argparse
import json
import math
import sys

FACTORS = {
    "all_reduce": lambda n: 2 * (n - 1) / n,
    "all_gather": lambda n: (n - 1) / n,
    "reduce_scatter": lambda n: (n - 1) / n,
    "alltoall": lambda n: (n - 1) / n,
}


def fail(msg):
    print("check_coll_results: " + msg, file=sys.stderr)
    sys.exit(1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--ranks", type=int, nargs="+", required=True)
    p.add_argument("--ops", nargs="+", required=True)
    p.add_argument("--sizes", type=int, nargs="+", required=True)
    p.add_argument("--type", default="float32")
    p.add_argument("--unchecked", action="store_true", help="the run used -c 0")
    p.add_argument("--skipped-in-place", nargs="*", default=[],
                   help="ops whose in-place variant the backend skips (NCCL send/recv)")
    a = p.parse_args()

    doc = json.load(open(a.file))
    ctx = doc["context"]["linkperf"]
    if not ctx.get("complete"):
        fail("the file is not marked complete")
    if ctx["schema_version"] != 1:
        fail("schema_version %r" % ctx["schema_version"])
    seen = set()
    names = set()
    for b in doc["benchmarks"]:
        if b["name"] in names:
            fail("duplicate entry name " + b["name"])
        names.add(b["name"])
        l = b["linkperf"]
        x = l["extra"]
        op, n, size = x["op"], x["ranks"], l["size_bytes"]
        where = "%s ranks=%d size=%d in_place=%s" % (op, n, size, x["in_place"])
        if l["status"] == "skipped" and x["in_place"] and op in a.skipped_in_place:
            seen.add((op, n, size, True))
            continue
        # One rank: an op whose bus factor is 0 has no bus bandwidth; skipped with its reason,
        # its times, algbw and check still recorded and checked below.
        one_rank = (l["status"] == "skipped" and x["bus_factor"] == 0
                    and "0 by definition" in l["error"])
        if l["status"] != "ok" and not one_rank:
            fail(where + ": status " + l["status"] + " " + l["error"])
        if a.unchecked:
            if x["wrong"] is not None or l["data_verified"]:
                fail(where + ": -c 0 but a check is recorded")
        elif x["wrong"] != 0 or not l["data_verified"]:
            fail(where + ": wrong=%r data_verified=%r" % (x["wrong"], l["data_verified"]))
        if x["type"] != a.type:
            fail(where + ": type " + x["type"])
        if not (x["time_us"] >= x["time_us_avg"] - 1e-9 >= x["time_us_min"] - 2e-9 > 0):
            fail(where + ": times max/avg/min %r" % ([x["time_us"], x["time_us_avg"], x["time_us_min"]],))
        algbw = size / (x["time_us"] * 1e-6) / 1e9
        if not math.isclose(algbw, x["algbw"], rel_tol=1e-6):
            fail(where + ": algbw %r, want %r" % (x["algbw"], algbw))
        factor = FACTORS.get(op, lambda n: 1.0)(n)
        if not math.isclose(x["busbw"], x["algbw"] * factor, rel_tol=1e-9, abs_tol=1e-12):
            fail(where + ": busbw %r, want algbw x %r" % (x["busbw"], factor))
        if not math.isclose(b["real_time"], x["time_us"] * 1e3, rel_tol=1e-9):
            fail(where + ": real_time is not the time per op")
        want_metric = "latency" if op == "p2p.latency" else "bandwidth"
        if l["metric"] != want_metric:
            fail(where + ": metric " + l["metric"])
        if len(x["hostnames"]) != n:
            fail(where + ": %d hostnames for %d ranks" % (len(x["hostnames"]), n))
        seen.add((op, n, size, x["in_place"]))
    for n in a.ranks:
        for op in a.ops:
            for size in a.sizes:
                variants = [False] if op.startswith("p2p.") else [False, True]
                for in_place in variants:
                    if (op, n, size, in_place) not in seen:
                        fail("missing %s ranks=%d size=%d in_place=%s" % (op, n, size, in_place))
    print("check_coll_results: %d entries ok" % len(doc["benchmarks"]))


main()
