#!/usr/bin/env python3
"""Edits the device tree QEMU's riscv64 virt machine made (`-M virt,dumpdtb=F`, turned into
source by `dtc -I dtb -O dts`) into a shape QEMU's command line cannot give (scripts/riscv-vm.sh):

  sockets-caches: each NUMA node's cpu-map cluster becomes a socket (QEMU gives clusters only, so
      Linux puts every hart in package 0), and each hart gets a 32 KiB L1 data and instruction
      cache and a next-level-cache: a 1 MiB L2 per socket, shared by its harts (QEMU gives no
      cache nodes, so Linux has no /sys/devices/system/cpu/cpuN/cache).
  memory-node: the memory of the last NUMA node is split in two halves and the second becomes
      a new node without CPUs (QEMU refuses a CPU-less node on riscv: "discontinuous hartids in
      socketN"), with distances DIST0,DIST1,... from the other nodes to it.
  cpu-order: the cpu@N nodes in the order HART,HART,...: Linux numbers the boot hart CPU 0 and
      the others in device tree order, so with hart 0 booting, 0,2,1,3 numbers node 0's harts
      0 and 2 and node 1's 1 and 3, the layout a boot from hart 2 of QEMU's own tree gives
      (OpenSBI picks the boot hart at random under TCG, but it is hart 0 in most boots).

  edit_dts.py sockets-caches IN.dts OUT.dts
  edit_dts.py memory-node IN.dts OUT.dts DIST0,DIST1
  edit_dts.py cpu-order IN.dts OUT.dts HART,HART,...
"""
import re
import sys


def block(text, start):
    """The end (index after '};') of the node whose '{' is the first one at or after start."""
    i = text.index("{", start)
    depth = 0
    while True:
        c = text[i]
        depth += c == "{"
        depth -= c == "}"
        i += 1
        if depth == 0:
            return text.index(";", i) + 1


def sockets_caches(dts):
    phandle = max(int(p, 16) for p in re.findall(r"phandle = <0x([0-9a-f]+)>", dts)) + 1
    # cpu@N's own phandle (its first property) and NUMA node.
    cpus = re.findall(r"cpu@([0-9a-f]+) \{\s*phandle = <0x([0-9a-f]+)>;\s*numa-node-id = <0x([0-9a-f]+)>;", dts)
    if not cpus:
        sys.exit("edit_dts: no cpu@N nodes with phandle and numa-node-id")
    nodes = sorted({int(n, 16) for _, _, n in cpus})
    l2 = {n: phandle + i for i, n in enumerate(nodes)}
    for hart, _, node in cpus:
        props = ("\n\t\t\td-cache-size = <0x8000>;\n\t\t\td-cache-sets = <0x40>;"
                 "\n\t\t\td-cache-block-size = <0x40>;\n\t\t\td-cache-line-size = <0x40>;"
                 "\n\t\t\ti-cache-size = <0x8000>;\n\t\t\ti-cache-sets = <0x40>;"
                 "\n\t\t\ti-cache-block-size = <0x40>;\n\t\t\ti-cache-line-size = <0x40>;"
                 "\n\t\t\tnext-level-cache = <0x%x>;" % l2[int(node, 16)])
        dts = re.sub(r"(cpu@%s \{\s*phandle = <0x[0-9a-f]+>;\s*numa-node-id = <0x[0-9a-f]+>;)" % hart,
                     lambda m: m.group(1) + props, dts, count=1)
    caches = "".join(
        "\n\t\tl2-cache%d {\n\t\t\tcompatible = \"cache\";\n\t\t\tcache-unified;"
        "\n\t\t\tcache-level = <0x02>;\n\t\t\tcache-size = <0x100000>;\n\t\t\tcache-sets = <0x400>;"
        "\n\t\t\tcache-block-size = <0x40>;\n\t\t\tcache-line-size = <0x40>;"
        "\n\t\t\tphandle = <0x%x>;\n\t\t};\n" % (n, l2[n]) for n in nodes)
    if "cpu-map {" not in dts:
        sys.exit("edit_dts: no cpu-map in the device tree")
    start = dts.index("cpu-map {")
    end = block(dts, start)
    cpu_map = dts[start:end]
    # clusterN { coreM {...}; ... };  ->  socketN { cluster0 { coreM {...}; ... }; };
    out, pos = [], cpu_map.index("{") + 1
    for m in re.finditer(r"cluster(\d+) \{", cpu_map):
        if m.start() < pos:
            continue
        e = block(cpu_map, m.start())
        body = cpu_map[m.start():e].replace("cluster%s {" % m.group(1), "cluster0 {", 1)
        out.append("\n\t\t\tsocket%s {\n\t\t\t%s\n\t\t\t};\n" % (m.group(1), body))
        pos = e
    if not out:
        sys.exit("edit_dts: no clusters in cpu-map")
    return dts[:start] + caches + "\n\t\tcpu-map {" + "".join(out) + "\t\t};" + dts[end:]


def memory_node(dts, distances):
    mems = list(re.finditer(r"memory@([0-9a-f]+) \{\s*numa-node-id = <0x([0-9a-f]+)>;\s*"
                            r"device_type = \"memory\";\s*reg = <0x00 0x([0-9a-f]+) 0x00 0x([0-9a-f]+)>;\s*\};", dts))
    if not mems:
        sys.exit("edit_dts: no memory@ nodes with numa-node-id")
    last = mems[-1]
    nodes = sorted({int(m.group(2), 16) for m in mems})
    new = nodes[-1] + 1
    if len(distances) != len(nodes):
        sys.exit("edit_dts: %d distances for %d nodes" % (len(distances), len(nodes)))
    base, size = int(last.group(3), 16), int(last.group(4), 16)
    half = size // 2
    text = ("memory@%x {\n\t\tnuma-node-id = <0x%02x>;\n\t\tdevice_type = \"memory\";\n"
            "\t\treg = <0x00 0x%x 0x00 0x%x>;\n\t};\n\n\tmemory@%x {\n\t\tnuma-node-id = <0x%02x>;\n"
            "\t\tdevice_type = \"memory\";\n\t\treg = <0x00 0x%x 0x00 0x%x>;\n\t};") % (
        base, int(last.group(2), 16), base, half, base + half, new, base + half, size - half)
    dts = dts[:last.start()] + text + dts[last.end():]
    m = re.search(r"distance-matrix = <([^>]*)>;", dts)
    if m is None:
        sys.exit("edit_dts: no distance-matrix")
    extra = []
    for n, d in zip(nodes, distances):
        extra += ["0x%02x 0x%02x 0x%02x" % (n, new, d), "0x%02x 0x%02x 0x%02x" % (new, n, d)]
    extra.append("0x%02x 0x%02x 0x0a" % (new, new))
    return dts[:m.start(1)] + m.group(1) + " " + " ".join(extra) + dts[m.end(1):]


def cpu_order(dts, harts):
    spans = []
    for h in harts:
        m = re.search(r"\n(\t*)cpu@%x \{" % h, dts)
        if m is None:
            sys.exit("edit_dts: no cpu@%x node" % h)
        spans.append((m.start() + 1, block(dts, m.start())))
    found = sorted(int(x, 16) for x in re.findall(r"\n\t*cpu@([0-9a-f]+) \{", dts))
    if sorted(harts) != found:
        sys.exit("edit_dts: cpu order %r does not name each of the harts %r once" % (harts, found))
    first, last = min(a for a, _ in spans), max(b for _, b in spans)
    sep = dts[sorted(spans)[0][1]:sorted(spans)[1][0]] if len(spans) > 1 else ""
    return dts[:first] + sep.join(dts[a:b] for a, b in spans) + dts[last:]


def main():
    mode, src, dst = sys.argv[1:4]
    dts = open(src).read()
    if mode == "sockets-caches":
        dts = sockets_caches(dts)
    elif mode == "memory-node":
        dts = memory_node(dts, [int(x) for x in sys.argv[4].split(",")])
    elif mode == "cpu-order":
        dts = cpu_order(dts, [int(x) for x in sys.argv[4].split(",")])
    else:
        sys.exit("edit_dts: unknown mode %r" % mode)
    open(dst, "w").write(dts)


if __name__ == "__main__":
    main()
