#!/usr/bin/env python3
"""Unpacks and checks what scripts/riscv-vm.sh's riscv64 guest sent back (scripts/vm/riscv64/
init.c: NAME.out, NAME.err, NAME.rc per step, copied sysfs files, results files). The CPU
numbers of a shape are not fixed (Linux numbers CPUs from the hart OpenSBI booted), so every
check takes the nodes' CPUs from the guest's own sysfs and asserts verdicts, not numbers.

  riscv_guest.py --unpack CONSOLE.log DIR
  riscv_guest.py --shape a|b|c DIR
  riscv_guest.py --same-verdicts DIR...          (boots of shape a: same verdicts)
  riscv_guest.py --join-guests JOIN.csv X86_GUEST.json RISCV_GUEST.json
"""
import argparse
import base64
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_guest as cg  # noqa: E402  (Step, check_far_run, ... of the x86 guest's checker)

check = cg.check
DISTANCES = {"a": [[10, 21], [21, 10]], "b": [[10, 21], [21, 10]],
             "c": [[10, 21, 17], [21, 10, 28], [17, 28, 10]]}
PACKAGES = {"a": 1, "b": 2, "c": 1}


def unpack(console, out):
    """The files between the result markers; False when a marker or a byte is missing."""
    lines = [line.rstrip("\r\n") for line in open(console, "rb").read().decode("latin-1").splitlines()]
    try:
        begin = lines.index("LINKPERF-RESULTS-BEGIN")
        end = lines.index("LINKPERF-RESULTS-END", begin)
    except ValueError:
        print("riscv_guest: no complete results block in %s" % console, file=sys.stderr)
        return False
    os.makedirs(out, exist_ok=True)
    name, size, chunks = None, 0, []

    def flush():
        if name is None:
            return True
        data = base64.b64decode("".join(chunks))
        if len(data) != size or "/" in name:
            print("riscv_guest: %s: %d bytes, %d announced" % (name, len(data), size), file=sys.stderr)
            return False
        open(os.path.join(out, name), "wb").write(data)
        return True

    for line in lines[begin + 1:end]:
        if line.startswith("FILE "):
            if not flush():
                return False
            _, name, n = line.split(" ")
            size, chunks = int(n), []
        else:
            chunks.append(line.strip())
    return flush()


def read(d, name):
    p = os.path.join(d, name)
    return open(p).read().strip() if os.path.exists(p) else None


def node_cpus(d, n):
    text = read(d, "node%d_cpulist" % n)
    return cg.cpu_list(text) if text is not None else None


def find_caches(obj):
    """Every "caches" object in a results file."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "caches" and isinstance(v, dict):
                yield v
            else:
                yield from find_caches(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from find_caches(v)


def c2c_pairs(path, d):
    """host.c2c cases: (same node?, role) per pair, and whether every one ran and was verified."""
    pairs = []
    for e in cg.host_entries(path):
        if e["path"] != "host.c2c":
            continue
        check(e["status"] == "ok" and e["placement"]["verified"], "c2c %r" % e["placement"])
        cpus = e["placement"]["cpus_ran_on"]
        nodes = {n for n in (0, 1) for c in cpus if c in (node_cpus(d, n) or [])}
        pairs.append((len(nodes) == 1, e["source"]["role"].split("-")[0]))
    return sorted(set(pairs))


def check_topology(d, shape):
    n = len(DISTANCES[shape])
    check(read(d, "nodes_online") == "0-%d" % (n - 1), "kernel nodes online %r" % read(d, "nodes_online"))
    cpus = [node_cpus(d, i) for i in range(n)]
    check(all(c is not None for c in cpus), "node cpulists %r" % cpus)
    if any(c is None for c in cpus):
        return cpus
    check(sorted(cpus[0] + cpus[1]) == [0, 1, 2, 3] and len(cpus[0]) == 2,
          "2 CPUs per CPU node: %r" % cpus)
    check(shape != "c" or cpus[2] == [], "node 2 is CPU-less: %r" % cpus[2:])
    # No step died on a signal the kernel logged (init.c saves the kernel's log as kmsg).
    crashes = [x for x in (read(d, "kmsg") or "").splitlines() if "unhandled signal" in x]
    check(not crashes, "the kernel logged %r" % crashes)
    topo = cg.Step(d, "topo_json")
    check(topo.rc == 0, "topo --json exit %d: %s" % (topo.rc, topo.err))
    t = json.loads(topo.out)
    nodes = t["numa_nodes"]
    check([x["os_index"] for x in nodes] == list(range(n)), "topo: nodes %r" % nodes)
    for x, want in zip(nodes, cpus):
        check(cg.cpu_list(x["cpus"]) == want, "topo: node %d CPUs %r, kernel %r" % (x["os_index"], x["cpus"], want))
        check(x["cpu_less"] == (want == []), "topo: node %d cpu_less %r" % (x["os_index"], x["cpu_less"]))
        check(x["memory_bytes"] > 64 << 20, "topo: node %d memory %r" % (x["os_index"], x["memory_bytes"]))
    check(t["numa_distances"] == DISTANCES[shape], "topo: distances %r" % t["numa_distances"])
    check(t["distances_measured"], "topo: distances not from the firmware")
    check(len(t["packages"]) == PACKAGES[shape], "topo: %d packages, want %d" % (len(t["packages"]), PACKAGES[shape]))
    # Each gap the kernel leaves is said in one line (platform/topology_notes.cpp).
    notes = t.get("notes", [])
    text = cg.Step(d, "topo_text").out
    one_package = any("package 0 holds the CPUs of NUMA nodes 0,1" in x for x in notes)
    check(one_package == (shape != "b"), "topo notes on packages: %r" % notes)
    shuffled = cpus[0] != [0, 1]  # 2 CPUs per node: node-contiguous means node 0 has 0-1
    check(any("not node-contiguous" in x for x in notes) == shuffled,
          "topo notes on CPU numbering %r for %r" % (notes, cpus))
    check(any("NUMA node 2 holds memory without CPUs" in x for x in notes) == (shape == "c"),
          "topo notes on CPU-less nodes: %r" % notes)
    check(all(("note: " + x) in text for x in notes), "topo text does not print the notes")
    chk = cg.Step(d, "topo_check")
    check(chk.rc == 0 and "FAIL" not in chk.out and chk.out.startswith("topo --check: ok"),
          "topo --check exit %d: %s" % (chk.rc, chk.out))
    nfd = cg.Step(d, "nfd")
    labels = dict(line.split("=", 1) for line in nfd.out.splitlines() if line.startswith("linkperf.dev/"))
    check(nfd.rc == 0, "nfd exit %d: %s" % (nfd.rc, nfd.err))
    check("expiry-time=1970" not in nfd.out, "nfd: labels expire in 1970 (the guest's clock)")
    check(labels.get("linkperf.dev/numa.nodes") == str(n), "nfd numa.nodes %r" % labels.get("linkperf.dev/numa.nodes"))
    check(labels.get("linkperf.dev/numa.cpuless") == str(1 if shape == "c" else 0),
          "nfd numa.cpuless %r" % labels.get("linkperf.dev/numa.cpuless"))
    # The default plan measures memory on every node, from node 0's CPUs.
    lst = cg.Step(d, "list")
    check(lst.rc == 0, "list exit %d: %s" % (lst.rc, lst.err))
    read_nodes = {line.split()[0].split("/")[1] for line in lst.out.splitlines()
                  if line.startswith("host.read/")}
    check(read_nodes == {"node%d" % i for i in range(n)}, "list: host.read memory on %r" % read_nodes)
    isa = read(d, "cpuinfo") or ""
    check("rv64" in isa, "cpuinfo has no rv64 isa line")
    return cpus


def check_shape_a(d, cpus):
    far = cg.Step(d, "far_1_0")
    check(far.rc == 0, "run --numa 1:0 exit %d: %s" % (far.rc, far.err))
    path = os.path.join(d, "far_1_0.json")
    cg.check_far_run(path, 1, 0, cpus[0])
    # No cache sizes from this kernel: said once, assumed in every result.
    check("note: caches: the kernel gives no cache sizes" in far.out, "far_1_0: no caches note")
    sources = {c.get("source") for c in find_caches(json.load(open(path)))}
    check(sources == {"assumed"}, "far_1_0: caches sources %r" % sources)
    # A translated CPU: the results say emulated (init.c sets LINKPERF_EMULATOR), and their dates
    # are the host's (init.c sets the clock from linkperf.epoch: the kernel has no RTC driver).
    ctx = json.load(open(path))["context"]
    lp = ctx["linkperf"]
    check(lp["isa"] == "riscv64" and lp["emulated"] is True and lp["emulator"].startswith("qemu-system-riscv64"),
          "far_1_0: isa %r, emulated %r by %r" % (lp["isa"], lp["emulated"], lp["emulator"]))
    check(not lp["started_at"].startswith("1970"), "far_1_0: started_at %r (the guest's clock)" % lp["started_at"])
    # One package: every pair is 'package', a pair across the two nodes included.
    check(c2c_pairs(path, d) == [(False, "package"), (True, "package")], "c2c %r" % c2c_pairs(path, d))

    n1 = cg.Step(d, "node1")
    check(n1.rc == 0, "run --cpus <node 1> exit %d: %s" % (n1.rc, n1.err))
    path = os.path.join(d, "node1.json")
    cg.check_far_run(path, 0, 1, cpus[1])
    local = [e for e in cg.host_entries(path) if cg.memory_end(e)[0]["role"] == "local"]
    check(len(local) == 4, "node1: %d local cases" % len(local))
    for e in local:
        check(e["placement"]["verified"] and e["placement"]["memory_nodes"] == [1],
              "node1 local %s: %r" % (e["path"], e["placement"]))

    mis = cg.Step(d, "misplaced")
    check(mis.rc == 0, "misplaced run exit %d: %s" % (mis.rc, mis.err))
    (e,) = cg.host_entries(os.path.join(d, "misplaced.json"))
    p = e["placement"]
    check(not p["verified"], "a buffer placed on node 0 instead of node 1 passed as verified")
    check(p["memory_nodes"] == [0], "misplaced: memory found on %r" % p["memory_nodes"])
    check("not on node 1" in p["detail"], "misplaced: detail %r" % p["detail"])
    check("PLACEMENT NOT VERIFIED" in mis.out, "misplaced: the table does not say so")


def check_shape_b(d, cpus):
    check(read(d, "cpu0_l2_size") == "1024K", "cpu0 L2 %r, want 1024K" % read(d, "cpu0_l2_size"))
    check(read(d, "cpu0_l2_shared") is not None and cg.cpu_list(read(d, "cpu0_l2_shared")) in cpus,
          "cpu0 L2 shared by %r, want its node's CPUs" % read(d, "cpu0_l2_shared"))
    check(read(d, "cpu0_package") != read(d, "cpu2_package") or
          (0 in cpus[0]) == (2 in cpus[0]), "cpu0 and cpu2 packages")
    run = cg.Step(d, "caches")
    check(run.rc == 0, "run --numa 1:0 exit %d: %s" % (run.rc, run.err))
    # Sockets and caches known: no caches note and no package note (the CPU numbering one comes
    # with the boot hart, as in shape a).
    check("note: caches" not in run.out and "package 0 holds" not in run.out, "b: notes %r" % run.out)
    path = os.path.join(d, "caches.json")
    caches = list(find_caches(json.load(open(path))))
    check(caches and all(c.get("source") == "sysfs" for c in caches), "b: caches %r" % caches[:1])
    llc = {c.get("llc_bytes", c.get("llc")) for c in caches}
    check(llc == {1 << 20}, "b: last-level cache %r, want 1 MiB" % llc)
    # One socket per node: pairs inside a node are 'package', across nodes 'remote'.
    check(c2c_pairs(path, d) == [(False, "remote"), (True, "package")], "b: c2c %r" % c2c_pairs(path, d))


def verdicts(d):
    """What must not depend on the boot hart: exit codes, and per results case its path, roles,
    status, verification and memory nodes (CPU numbers left out)."""
    out = {}
    for f in sorted(os.listdir(d)):
        if f.endswith(".rc"):
            out[f] = read(d, f)
        elif f.endswith(".json"):
            cases = set()
            for e in cg.host_entries(os.path.join(d, f)):
                p = e["placement"]
                cases.add((e["path"], e["source"]["role"], e["destination"]["role"], e["status"],
                           p["verified"], tuple(p["memory_nodes"])))
            out[f] = sorted(cases)
    return out


def same_verdicts(dirs):
    first = verdicts(dirs[0])
    layouts = []
    for d in dirs:
        layouts.append("node 0: %s, node 1: %s" % (read(d, "node0_cpulist"), read(d, "node1_cpulist")))
        v = verdicts(d)
        for k in sorted(set(first) | set(v)):
            check(first.get(k) == v.get(k), "%s: %s differs from %s" % (k, d, dirs[0]))
    if not cg.failures:
        print("riscv-vm: shape a, %d boots (%s): the same verdicts" % (len(dirs), "; ".join(layouts)))


def join_guests(csv_path, x86_json, rv_json):
    rows = list(csv.DictReader(open(csv_path)))
    x86, rv = os.path.basename(x86_json), os.path.basename(rv_json)
    cases = {}
    for r in rows:
        if r["statistic"] != "median" or r["path"] not in cg.HOST_PATHS:
            continue
        key = (r["path"], r["source_role"], r["destination_role"], r["size_bytes"], r["threads"])
        cases.setdefault(key, set()).add(r["file"])
    joined = [k for k, files in cases.items() if len(files) == 2]
    check(len(joined) == 8, "x86 and riscv64 guests: %d cases joined by role, want 8 (4 local, 4 far): %r"
          % (len(joined), sorted(cases)))
    if not cg.failures:
        print("riscv-vm: join by role with the x86 guest: %d cases (local and far) in both runs (%s, %s)"
              % (len(joined), x86, rv))


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--unpack", nargs=2, metavar=("CONSOLE", "DIR"))
    a.add_argument("--shape", choices=sorted(DISTANCES))
    a.add_argument("--same-verdicts", nargs="+", metavar="DIR")
    a.add_argument("--join-guests", nargs=3, metavar=("CSV", "X86", "RISCV"))
    a.add_argument("dir", nargs="?")
    args = a.parse_args()
    if args.unpack:
        return 0 if unpack(*args.unpack) else 1
    if args.same_verdicts:
        same_verdicts(args.same_verdicts)
    elif args.join_guests:
        join_guests(*args.join_guests)
    else:
        cpus = check_topology(args.dir, args.shape)
        if not cg.failures:
            {"a": check_shape_a, "b": check_shape_b, "c": lambda d, _: cg.check_shape_b(d)}[args.shape](args.dir, cpus)
        if not cg.failures:
            print("riscv-vm: shape %s: topology, notes, roles, placement and its check as expected (node 0: %s, node 1: %s)"
                  % (args.shape, read(args.dir, "node0_cpulist"), read(args.dir, "node1_cpulist")))
    for f in cg.failures:
        print("riscv_guest: " + f, file=sys.stderr)
    return 1 if cg.failures else 0


if __name__ == "__main__":
    sys.exit(main())
