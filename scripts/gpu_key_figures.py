#!/usr/bin/env python3
"""Prints the key GPU figures of a linkperf results file against the targets of
docs/gpu-paths.md, each next to the nvbandwidth testcase that measures the same thing and how
that testcase counts, so a user with nvbandwidth can compare side by side.
Used by scripts/gpu-check.sh and the bundle's gpu-check.sh (scripts/gpu-bundle.sh).
Usage: gpu_key_figures.py RESULTS.json"""
import json
import sys

# linkperf figure -> (nvbandwidth testcase, how nvbandwidth counts it). nvbandwidth reports
# GB/s = 1e9 B/s like linkperf; its default buffer is 512 MiB, the key figures here 256 MiB.
NVBANDWIDTH = {
    "ce.h2d": ("host_to_device_memcpy_ce", "bytes copied once / time, pinned host memory"),
    "ce.d2h": ("device_to_host_memcpy_ce", "bytes copied once / time, pinned host memory"),
    "ce.h2d far": ("host_to_device_memcpy_ce under numactl --membind=<far node>",
                   "bytes copied once / time"),
    "ce.bidir": ("host_to_device_bidirectional_memcpy_ce",
                 "h2d bytes once / time while d2h runs; linkperf: same convention"),
    "sm.h2d": ("host_to_device_memcpy_sm", "bytes copied once / time by a copy kernel"),
    "sm.d2h": ("device_to_host_memcpy_sm", "bytes copied once / time by a copy kernel"),
    "ce.d2d": ("device_local_copy", "bytes copied once / time (HBM moves 2x)"),
    "sm.d2d": (None, "nvbandwidth has no SM local copy"),
    "ce.p2p": ("device_to_device_memcpy_write_ce", "bytes copied once / time, issued by source"),
    "sm.p2p": ("device_to_device_memcpy_write_sm", "bytes copied once / time, kernel on source"),
    "um.prefetch": (None, "nvbandwidth has no managed-memory testcase"),
    "lat.gpu_host": ("host_device_latency_sm", "ns per dependent load, GPU thread, host memory"),
    "lat.gpu_peer": ("device_to_device_latency_sm", "ns per dependent load into a peer GPU"),
    "lat.gpu_local": (None, "nvbandwidth has no local-memory latency testcase"),
    "lat.pingpong": (None, "nvbandwidth has no CPU-GPU flag ping-pong"),
    "lat.copy": (None, "nvbandwidth has no cudaMemcpyAsync latency testcase"),
}


def nvbandwidth_note(key):
    name, counting = NVBANDWIDTH[key]
    return f"nvbandwidth: {name} ({counting})" if name else f"nvbandwidth: none ({counting})"


def main(path):
    doc = json.load(open(path))
    ctx = doc["context"]["linkperf"]
    cuda = ctx.get("cuda", {})
    for d in cuda.get("devices", []):
        mig = "  MIG instance" if d.get("mig_instance") else ""
        print(f"gpu{d['index']}: {d['name']} {d['pci_bus_id']} cc {d['compute_capability']}, "
              f"{d['sm_count']} SMs, {d['total_memory'] / 2**30:.0f} GiB, "
              f"driver {cuda['driver_version']}{mig}")
    print(f"host: {ctx.get('cpu_model', '?')} ({ctx.get('isa', '?')}), "
          f"complete={ctx.get('complete')}")

    cases = {}
    counts = {"ok": 0, "failed": 0, "skipped": 0}
    for b in doc["benchmarks"]:
        l = b["linkperf"]
        counts[l["status"]] = counts.get(l["status"], 0) + 1
        key = (l["path"], l["source"]["role"], l["source"]["memory"], l["destination"]["role"],
               l["destination"]["memory"], l["size_bytes"])
        cases[key] = l
    print(f"cases: {counts['ok']} ok, {counts['failed']} failed, {counts['skipped']} skipped")
    for b in doc["benchmarks"]:
        l = b["linkperf"]
        if l["status"] != "ok":
            print(f"  {l['status']}: {b['name']}: {l['error']}")

    def find(path, src_mem, dst_mem, size, src_role=None, dst_role=None):
        for (p, sr, sm, dr, dm, s), l in cases.items():
            if (p == path and sm == src_mem and dm == dst_mem and s == size
                    and l["status"] == "ok" and (src_role is None or sr == src_role)
                    and (dst_role is None or dr == dst_role)):
                return l
        return None

    def show(label, key, l):
        note = nvbandwidth_note(key)
        if l is None:
            print(f"  {label:28} not measured  [{note}]")
            return
        s, x = l["stats"], l.get("extra", {})
        eff = (f"  eff {x['efficiency']:.1%} of {x['link_theoretical_gbps']:.1f}"
               if "efficiency" in x else "")
        link = x.get("link", {})
        cur = link.get("current")
        gen = (f"  [{link.get('type')} gen{cur['generation']} x{cur['width']}]" if cur
               else f"  [{link['type']}]" if "type" in link else "")
        if "bidir_sum_gbps" in x:
            gen += f"  (both ways: {x['bidir_sum_gbps']:.2f} GB/s)"
        if x.get("link_downtrained"):
            gen += f"  (link downtrained: {x.get('link_note', '')})"
        print(f"  {label:28} median {s['median']:10.2f} {l['unit']:4} p5 {s['p5']:10.2f} "
              f"p95 {s['p95']:10.2f}{eff}{gen}  [{note}]")

    M = 256 << 20
    print("\nkey figures (256 MiB, near NUMA node), each with its nvbandwidth testcase:")
    h2d = find("ce.h2d", "pinned", "device", M, src_role="near")
    d2h = find("ce.d2h", "device", "pinned", M, dst_role="near")
    smh = find("sm.h2d", "mapped", "device", M, src_role="near")
    d2d = find("ce.d2d", "device", "device", M)
    gpu_host = find("lat.gpu_host", "", "mapped", M, dst_role="near")
    pingpong = find("lat.pingpong", "", "", 4, src_role="near")
    for label, key, l in [
            ("ce.h2d pinned", "ce.h2d", h2d), ("ce.d2h pinned", "ce.d2h", d2h),
            ("ce.h2d pinned (far node)", "ce.h2d far",
             find("ce.h2d", "pinned", "device", M, src_role="far")),
            ("ce.bidir pinned", "ce.bidir",
             find("ce.bidir", "pinned", "device", M, src_role="near")),
            ("sm.h2d mapped", "sm.h2d", smh),
            ("sm.d2h mapped", "sm.d2h", find("sm.d2h", "device", "mapped", M, dst_role="near")),
            ("ce.d2d", "ce.d2d", d2d), ("sm.d2d", "sm.d2d", find("sm.d2d", "device", "device", M)),
            ("ce.p2p", "ce.p2p", find("ce.p2p", "device", "device", M)),
            ("sm.p2p", "sm.p2p", find("sm.p2p", "device", "device", M)),
            ("um.prefetch h2d", "um.prefetch",
             find("um.prefetch", "managed", "managed", M, src_role="near")),
            ("lat.gpu_host mapped", "lat.gpu_host", gpu_host),
            ("lat.gpu_peer", "lat.gpu_peer", find("lat.gpu_peer", "", "device", M)),
            ("lat.gpu_local", "lat.gpu_local", find("lat.gpu_local", "", "device", M)),
            ("lat.pingpong", "lat.pingpong", pingpong),
            ("lat.copy h2d 4K", "lat.copy", find("lat.copy", "pinned", "device", 4096))]:
        show(label, key, l)

    print("\ntargets:")

    def target(name, ok, detail):
        print(f"  {'MET ' if ok else 'MISS'} {name}: {detail}")

    for label, l in [("ce.h2d pinned", h2d), ("ce.d2h pinned", d2h)]:
        e = (l or {}).get("extra", {}).get("efficiency")
        target(f"{label} >= 85% of the host link's rate (negotiated PCIe, or NVLink-C2C)",
               e is not None and e >= 0.85,
               f"{e:.1%}" if e is not None else "no efficiency (link unknown or not measured)")
    if h2d and smh:
        r = smh["stats"]["median"] / h2d["stats"]["median"]
        target("sm.h2d mapped within 10% of ce.h2d", abs(1 - r) <= 0.10, f"ratio {r:.3f}")
    else:
        target("sm.h2d mapped within 10% of ce.h2d", False, "not measured")
    if d2d:
        x = d2d["extra"]
        peak = x.get("link_theoretical_gbps", 0)
        traffic = x.get("device_memory_traffic_gbps", 2 * d2d["stats"]["median"])
        target("ce.d2d consistent with HBM (copied bytes counted once, traffic = 2x)",
               peak > 0 and 0.5 <= traffic / peak <= 1.0,
               f"{d2d['stats']['median']:.0f} GB/s copied, {traffic:.0f} GB/s traffic of "
               f"{peak:.0f} peak")
    for label, l in [("lat.gpu_host mapped", gpu_host), ("lat.pingpong", pingpong)]:
        if l is None:
            target(f"{label} in microseconds, p95 <= 2x median", False, "not measured")
            continue
        s = l["stats"]
        target(f"{label} in microseconds, p95 <= 2x median",
               300 <= s["median"] <= 100000 and s["p95"] <= 2 * s["median"],
               f"median {s['median']:.0f} ns, p95 {s['p95']:.0f} ns")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
