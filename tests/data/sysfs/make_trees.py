#!/usr/bin/env python3
"""Writes the recorded sysfs trees used by `linkperf topo --check` tests (test_link_health.cpp,
tests/fleet/*.sh) and the telemetry reader's tests: dgx-h100, dgx-h100-noacs, faulty, gh200,
cpufreq, cpu-throttle. Run from
anywhere; it rewrites those directories next to itself. The layout is the live kernel's (Linux 6.1):

  bus/pci/devices/<bdf>             -> ../../../devices/pci<dom:bus>/<bridges...>/<bdf>
  devices/pci<dom:bus>/.../<bdf>/   vendor device class numa_node local_cpulist
                                    {current,max}_link_{speed,width} iommu_group -> kernel/...
  devices/system/node/node<N>/      cpulist meminfo distance
  kernel/iommu_groups/<G>/devices/<bdf> -> the function's directory

Values follow what those machines report (lspci -vv / sysfs): an H100 SXM (10de:2330) behind
a Broadcom PEX89144 switch at 32.0 GT/s x16, NVSwitch (10de:22a3, class 0x068000), Grace
Hopper's GPU memory as a CPU-less NUMA node. The existing hgx, legacy and vm trees are
hand-made and unchanged.
"""
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
GTS = {1: "2.5 GT/s PCIe", 2: "5.0 GT/s PCIe", 3: "8.0 GT/s PCIe", 4: "16.0 GT/s PCIe",
       5: "32.0 GT/s PCIe", 6: "64.0 GT/s PCIe"}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text + "\n")


def link(target, name):
    os.makedirs(os.path.dirname(name), exist_ok=True)
    os.symlink(os.path.relpath(target, os.path.dirname(name)), name)


class Tree:
    def __init__(self, name):
        self.root = os.path.join(HERE, name)
        shutil.rmtree(self.root, ignore_errors=True)
        os.makedirs(self.root)
        self.dirs = {}

    def function(self, bdf, parent, vendor, device, cls, numa, cpus, cur=None, mx=None,
                 iommu=None):
        """parent: a bdf already added, or the host bridge name 'pci0000:15'."""
        base = self.dirs.get(parent, os.path.join(self.root, "devices", parent))
        d = os.path.join(base, bdf)
        self.dirs[bdf] = d
        write(os.path.join(d, "vendor"), "0x%04x" % vendor)
        write(os.path.join(d, "device"), "0x%04x" % device)
        write(os.path.join(d, "class"), "0x%06x" % cls)
        write(os.path.join(d, "numa_node"), str(numa))
        write(os.path.join(d, "local_cpulist"), cpus)
        if cur is not None:
            write(os.path.join(d, "current_link_speed"), GTS[cur[0]])
            write(os.path.join(d, "current_link_width"), str(cur[1]))
            write(os.path.join(d, "max_link_speed"), GTS[mx[0]])
            write(os.path.join(d, "max_link_width"), str(mx[1]))
        link(d, os.path.join(self.root, "bus", "pci", "devices", bdf))
        if iommu is not None:
            g = os.path.join(self.root, "kernel", "iommu_groups", str(iommu))
            link(g, os.path.join(d, "iommu_group"))
            link(d, os.path.join(g, "devices", bdf))
        return bdf

    def node(self, n, cpus, mem_kib, distances):
        d = os.path.join(self.root, "devices", "system", "node", "node%d" % n)
        write(os.path.join(d, "cpulist"), cpus)
        write(os.path.join(d, "meminfo"),
              "Node %d MemTotal:       %d kB\nNode %d MemFree:        %d kB" %
              (n, mem_kib, n, mem_kib // 2))
        write(os.path.join(d, "distance"), " ".join(str(x) for x in distances))


BRIDGE = 0x060400
NV, BRCM, MLX, INTEL, ARM = 0x10de, 0x1000, 0x15b3, 0x8086, 0x13b5
GPU3D = 0x030200
G5X16 = ((5, 16), (5, 16))


def dgx_h100(name="dgx-h100", no_acs=False):
    """no_acs: the downstream port above the first GPU has no ACS, so Linux puts the port in
    the GPU's IOMMU group (group 13 holds 0000:1a:00.0 and 0000:1b:00.0): healthy, VFIO
    accepts a bridge in a group."""
    t = Tree(name)
    cpus = {0: "0-55,112-167", 1: "56-111,168-223"}
    t.node(0, cpus[0], 1056561880, [10, 21])
    t.node(1, cpus[1], 1056946744, [21, 10])
    group = 10
    # Two Gen5 switches per socket, two GPUs each would be a full DGX; two switches and four
    # GPUs keep the tree small and still show PIX, NODE and SYS.
    for i, (hb, numa, gpus) in enumerate([("18", 0, ["1b", "1c"]), ("9a", 1, ["9d", "9e"])]):
        root = t.function("0000:%s:01.0" % hb, "pci0000:%s" % hb, INTEL, 0x352a, BRIDGE, numa,
                          cpus[numa], *G5X16, iommu=group)
        up = "0000:%02x:00.0" % (int(hb, 16) + 1)
        t.function(up, root, BRCM, 0xc030, BRIDGE, numa, cpus[numa], *G5X16, iommu=group + 1)
        group += 2
        for k, bus in enumerate(gpus):
            down = "0000:%02x:%02x.0" % (int(hb, 16) + 2, k)
            shared = no_acs and group == 12
            t.function(down, up, BRCM, 0xc030, BRIDGE, numa, cpus[numa], *G5X16,
                       iommu=group + 1 if shared else group)
            t.function("0000:%s:00.0" % bus, down, NV, 0x2330, GPU3D, numa, cpus[numa], *G5X16,
                       iommu=group + 1)
            group += 2
    # NVSwitches: NVIDIA bridges of class 0x0680 on their own Gen4 x2 management links.
    for k, bus in enumerate(["a5", "a6"]):
        root = t.function("0000:a4:%02x.0" % k, "pci0000:a4", INTEL, 0x352b, BRIDGE, 1, cpus[1],
                          (4, 2), (4, 2), iommu=group)
        t.function("0000:%s:00.0" % bus, root, NV, 0x22a3, 0x068000, 1, cpus[1], (4, 2), (4, 2),
                   iommu=group + 1)
        group += 2
    return t


def faulty():
    t = Tree("faulty")
    t.node(0, "0-31", 263921564, [10, 20])
    t.node(1, "", 0, [20, 10])  # a node with neither CPUs nor memory (offlined)
    specs = [
        # bus, GPU now/max, port max, numa, iommu extra members
        ("01", (5, 8), (5, 16), (5, 16), 0, []),            # trained x8 of x16
        ("41", (4, 16), (5, 16), (5, 16), 0, []),           # Gen4 of Gen5: downtrained
        ("81", (5, 16), (5, 16), (5, 16), 0, ["82"]),       # shares a group with a NIC
        ("c1", (5, 16), (5, 16), (5, 16), 1, []),           # nearest node is empty
        ("e1", (4, 16), (5, 16), (4, 16), 0, []),           # Gen5 GPU in a Gen4 slot
    ]
    for n, (bus, now, mx, port, numa, extra) in enumerate(specs):
        hb = "%02x" % (int(bus, 16) - 1)
        group = 20 + n
        root = t.function("0000:%s:01.0" % hb, "pci0000:%s" % hb, 0x1022, 0x14ab, BRIDGE, numa,
                          "0-31", now, port, iommu=group + 20)
        t.function("0000:%s:00.0" % bus, root, NV, 0x2335, GPU3D, numa, "0-31", now, mx,
                   iommu=group)
        for e in extra:
            t.function("0000:%s:00.1" % bus, root, NV, 0x22ba, 0x040300, numa, "0-31", now, mx,
                       iommu=group)
            t.function("0000:%s:00.0" % e, root, MLX, 0x1021, 0x020000, numa, "0-31", (5, 16),
                       (5, 16), iommu=group)
    return t


def gh200():
    t = Tree("gh200")
    t.node(0, "0-71", 493283328, [10, 80])
    t.node(1, "", 100663296, [80, 10])  # the GPU's HBM, CPU-less
    # The Hopper GPU reaches Grace over NVLink-C2C: its function reports no PCIe link.
    t.function("0009:01:00.0", "pci0009:00", NV, 0x2342, GPU3D, 0, "0-71", iommu=9)
    return t


def cpufreq():
    """CPU frequency files for the telemetry reader: cpu0..cpu2 report, cpu3 has no cpufreq
    directory (an offline CPU), and cpufreq/policy0 and cpuidle must not be taken for CPUs."""
    t = Tree("cpufreq")
    base = os.path.join(t.root, "devices", "system", "cpu")
    for cpu, khz in [(0, 3700000), (1, 2400000), (2, 1200000)]:
        write(os.path.join(base, "cpu%d" % cpu, "cpufreq", "scaling_cur_freq"), str(khz))
    write(os.path.join(base, "cpu3", "online"), "0")
    write(os.path.join(base, "cpufreq", "policy0", "scaling_cur_freq"), "999")
    write(os.path.join(base, "cpuidle", "current_driver"), "intel_idle")
    return t


def cpu_throttle():
    """The CPU throttle rule's inputs: cpu0 an intel_pstate CPU (base_frequency 2.0 GHz under a
    3.8 GHz cpuinfo_max_freq) with thermal_throttle counters, cpu1 an acpi-cpufreq CPU with
    cpuinfo_max_freq only, cpu2 scaling_cur_freq alone (nothing to judge against)."""
    t = Tree("cpu-throttle")
    base = os.path.join(t.root, "devices", "system", "cpu")
    cpu0 = os.path.join(base, "cpu0")
    write(os.path.join(cpu0, "cpufreq", "scaling_cur_freq"), "3100000")
    write(os.path.join(cpu0, "cpufreq", "cpuinfo_max_freq"), "3800000")
    write(os.path.join(cpu0, "cpufreq", "base_frequency"), "2000000")
    write(os.path.join(cpu0, "thermal_throttle", "core_throttle_count"), "5")
    write(os.path.join(cpu0, "thermal_throttle", "package_throttle_count"), "7")
    cpu1 = os.path.join(base, "cpu1")
    write(os.path.join(cpu1, "cpufreq", "scaling_cur_freq"), "1500000")
    write(os.path.join(cpu1, "cpufreq", "cpuinfo_max_freq"), "3700000")
    write(os.path.join(base, "cpu2", "cpufreq", "scaling_cur_freq"), "800000")
    return t


if __name__ == "__main__":
    for make in (dgx_h100, faulty, gh200, cpufreq, cpu_throttle):
        make()
    dgx_h100("dgx-h100-noacs", no_acs=True)
