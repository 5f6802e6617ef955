#!/usr/bin/env python3
"""Checks what scripts/numa-vm.sh's guest sent back (scripts/vm/guest.sh: NAME.out, NAME.err,
NAME.rc and results files per step) against the NUMA shape QEMU was given, and the join of a
guest run with a single-node host run by role.

  check_guest.py --shape a|b DIR
  check_guest.py --join JOIN.csv HOST.json GUEST.json
"""
import argparse
import csv
import json
import os
import sys

HOST_PATHS = ("host.copy", "host.read", "host.write", "host.latency")

# What QEMU was told (scripts/numa-vm.sh): CPUs per node ([] = memory only) and distances.
SHAPES = {
    "a": {"cpus": [[0, 1], [2, 3]], "distances": [[10, 21], [21, 10]], "packages": 2},
    "b": {"cpus": [[0, 1], [2, 3], []],
          "distances": [[10, 21, 17], [21, 10, 28], [17, 28, 10]], "packages": 2},
}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def cpu_list(text):
    out = []
    for part in filter(None, text.split(",")):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


class Step:
    def __init__(self, d, name):
        self.name = name
        self.rc = int(open(os.path.join(d, name + ".rc")).read())
        self.out = open(os.path.join(d, name + ".out")).read()
        self.err = open(os.path.join(d, name + ".err")).read()


def host_entries(path):
    return [b["linkperf"] for b in json.load(open(path))["benchmarks"]]


def memory_end(e):
    """The memory endpoint of a host bandwidth/latency case and the node of its threads."""
    s, d = e["source"], e["destination"]
    if e["path"] == "host.write":
        return d, s["id"]
    return s, d["id"]


def check_far_run(path, mem_node, cpu_node, cpus):
    """Every host path with memory on mem_node (role far) from threads of cpu_node: ok, data and
    placement verified, memory found on mem_node, threads on cpu_node's CPUs."""
    entries = host_entries(path)
    seen = set()
    for e in entries:
        if e["path"] not in HOST_PATHS:
            continue
        mem, threads_node = memory_end(e)
        where = "%s %s" % (os.path.basename(path), e["path"])
        if mem["id"] != mem_node or threads_node != cpu_node:
            continue
        seen.add(e["path"])
        check(e["status"] == "ok" and e["data_verified"], where + ": not ok / data unverified")
        check(mem["role"] == "far", where + ": role %r, want far" % mem["role"])
        p = e["placement"]
        check(p["verified"], where + ": placement not verified: " + p["detail"])
        # host.copy's destination buffer is local to the threads.
        want = sorted({mem_node, cpu_node}) if e["path"] == "host.copy" else [mem_node]
        check(p["memory_nodes"] == want, where + ": memory on %r, want %r" % (p["memory_nodes"], want))
        check(set(p["cpus_ran_on"]) <= set(cpus), where + ": ran on %r" % p["cpus_ran_on"])
    check(seen == set(HOST_PATHS), "%s: node %d memory from node %d: only %s" %
          (path, mem_node, cpu_node, sorted(seen)))
    return entries


def check_topology(d, shape):
    want = SHAPES[shape]
    n = len(want["cpus"])
    check(open(os.path.join(d, "nodes_online")).read().strip() == "0-%d" % (n - 1),
          "kernel nodes online")
    topo = Step(d, "topo_json")
    check(topo.rc == 0, "topo --json exit %d: %s" % (topo.rc, topo.err))
    t = json.loads(topo.out)
    nodes = t["numa_nodes"]
    check([x["os_index"] for x in nodes] == list(range(n)), "topo: nodes %r" % nodes)
    for x, cpus in zip(nodes, want["cpus"]):
        check(cpu_list(x["cpus"]) == cpus, "topo: node %d CPUs %r, want %r" % (x["os_index"], x["cpus"], cpus))
        check(x["cpu_less"] == (cpus == []), "topo: node %d cpu_less %r" % (x["os_index"], x["cpu_less"]))
        check(x["memory_bytes"] > 64 << 20, "topo: node %d memory %r" % (x["os_index"], x["memory_bytes"]))
    check(t["numa_distances"] == want["distances"], "topo: distances %r" % t["numa_distances"])
    check(t["distances_measured"], "topo: distances not from the firmware")
    check(len(t["packages"]) == want["packages"], "topo: %d packages" % len(t["packages"]))
    text = Step(d, "topo_text")
    cpuless = [i for i, c in enumerate(want["cpus"]) if not c]
    for i in cpuless:
        check(any(line.split()[:1] == [str(i)] and "(none: GPU or CXL memory)" in line
                  for line in text.out.splitlines()),
              "topo text does not show node %d as (none: GPU or CXL memory)" % i)
    chk = Step(d, "topo_check")
    check(chk.rc == 0 and "FAIL" not in chk.out and chk.out.startswith("topo --check: ok"),
          "topo --check exit %d: %s" % (chk.rc, chk.out))
    nfd = Step(d, "nfd")
    labels = dict(line.split("=", 1) for line in nfd.out.splitlines() if line.startswith("linkperf.dev/"))
    check(labels.get("linkperf.dev/numa.nodes") == str(n), "nfd numa.nodes %r" % labels.get("linkperf.dev/numa.nodes"))
    check(labels.get("linkperf.dev/numa.cpuless") == str(len(cpuless)),
          "nfd numa.cpuless %r" % labels.get("linkperf.dev/numa.cpuless"))


def check_shape_a(d):
    far = Step(d, "far_1_0")
    check(far.rc == 0, "run --numa 1:0 exit %d: %s" % (far.rc, far.err))
    entries = check_far_run(os.path.join(d, "far_1_0.json"), 1, 0, [0, 1])
    # host.c2c: a pair across the two packages is remote, a pair inside one is package.
    pairs = {}
    for e in entries:
        if e["path"] == "host.c2c":
            check(e["status"] == "ok" and e["placement"]["verified"], "c2c %r" % e["placement"])
            pairs[tuple(sorted(e["placement"]["cpus_ran_on"]))] = e["source"]["role"]
    check(pairs.get((0, 2)) == "remote", "c2c: cores 0 and 2 (two packages) are %r" % pairs.get((0, 2)))
    check(pairs.get((0, 1)) == "package", "c2c: cores 0 and 1 are %r" % pairs.get((0, 1)))

    n1 = Step(d, "node1")
    check(n1.rc == 0, "run --cpus 2 exit %d: %s" % (n1.rc, n1.err))
    path = os.path.join(d, "node1.json")
    check_far_run(path, 0, 1, [2])
    local = [e for e in host_entries(path) if memory_end(e)[0]["role"] == "local"]
    check(len(local) == 4, "node1: %d local cases" % len(local))
    for e in local:
        check(e["placement"]["verified"] and e["placement"]["memory_nodes"] == [1],
              "node1 local %s: %r" % (e["path"], e["placement"]))

    # The forced wrong placement: asked on node 1, put on node 0; the check must see it.
    mis = Step(d, "misplaced")
    check(mis.rc == 0, "misplaced run exit %d: %s" % (mis.rc, mis.err))
    (e,) = host_entries(os.path.join(d, "misplaced.json"))
    p = e["placement"]
    check(not p["verified"], "a buffer placed on node 0 instead of node 1 passed as verified")
    check(p["memory_nodes"] == [0], "misplaced: memory found on %r" % p["memory_nodes"])
    check("not on node 1" in p["detail"], "misplaced: detail %r" % p["detail"])
    check("PLACEMENT NOT VERIFIED" in mis.out, "misplaced: the table does not say so")


def check_shape_b(d):
    def roles(step, path):
        out = {}
        for line in step.out.splitlines():
            name = line.split()[0] if line.split() else ""
            if name.startswith(path + "/"):
                out[name.split("/")[1]] = line.split()[1].split(":")[0]
        return out

    plan = Step(d, "plan")
    check(plan.rc == 0, "list exit %d" % plan.rc)
    got = roles(plan, "host.read")
    check(got == {"node0": "local", "node2": "near", "node1": "far"}, "roles from node 0: %r" % got)
    plan1 = Step(d, "plan_node1")
    got = roles(plan1, "host.read")
    check(got == {"node1": "local", "node0": "near", "node2": "far"}, "roles from node 1: %r" % got)

    mem = Step(d, "cpuless_mem")
    check(mem.rc == 0, "run --numa 2:0 exit %d: %s" % (mem.rc, mem.err))
    entries = host_entries(os.path.join(d, "cpuless_mem.json"))
    check({e["path"] for e in entries} == {"host.read", "host.latency"}, "cpuless_mem cases")
    for e in entries:
        p = e["placement"]
        check(e["status"] == "ok" and p["verified"] and p["memory_nodes"] == [2],
              "memory on the CPU-less node %s: %r" % (e["path"], p))
        check(e["source"]["role"] == "near", "%s: node 2 role %r" % (e["path"], e["source"]["role"]))
    cpus = Step(d, "cpuless_cpus")
    check(cpus.rc == 3, "run --numa 0:2 exit %d, want 3" % cpus.rc)
    check(cpus.err.strip() == "linkperf: error: NUMA node 2 has no CPUs to measure from",
          "run --numa 0:2 said %r" % cpus.err)


def check_join(csv_path, host_json, guest_json):
    rows = list(csv.DictReader(open(csv_path)))
    host_file, guest_file = os.path.basename(host_json), os.path.basename(guest_json)
    cases = {}
    for r in rows:
        if r["statistic"] != "median" or r["path"] not in HOST_PATHS:
            continue
        key = (r["path"], r["source_role"], r["destination_role"], r["size_bytes"], r["threads"])
        cases.setdefault(key, set()).add(os.path.basename(r["file"]))
    joined = [k for k, files in cases.items() if files == {host_file, guest_file}]
    check(len(joined) == 4 and all("local" in (k[1], k[2]) for k in joined),
          "local cases in both runs: %r" % joined)
    guest_only = [k for k, files in cases.items() if files == {guest_file}]
    check(len(guest_only) == 4 and all("far" in (k[1], k[2]) for k in guest_only),
          "far cases in the guest only: %r" % guest_only)
    # The guest's local memory is node 1, the host's node 0: joined by role, not by node id.
    g = [e for e in host_entries(guest_json) if memory_end(e)[0]["role"] == "local"]
    h = [e for e in host_entries(host_json) if memory_end(e)[0]["role"] == "local"]
    check(all(memory_end(e)[0]["id"] == 1 for e in g) and all(memory_end(e)[0]["id"] == 0 for e in h),
          "node ids of the joined local cases")
    if not failures:
        print("numa-vm: join by role: %d local cases in both runs (guest node 1, host node 0), "
              "%d far cases in the guest only" % (len(joined), len(guest_only)))


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--shape", choices=sorted(SHAPES))
    a.add_argument("--join", nargs=3, metavar=("CSV", "HOST", "GUEST"))
    a.add_argument("dir", nargs="?")
    args = a.parse_args()
    if args.join:
        check_join(*args.join)
    else:
        check_topology(args.dir, args.shape)
        {"a": check_shape_a, "b": check_shape_b}[args.shape](args.dir)
        if not failures:
            print("numa-vm: shape %s: topology, roles, placement and its check as expected" % args.shape)
    for f in failures:
        print("check_guest: " + f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
