#!/usr/bin/env python3
"""Writes the recorded sysfs trees `linkperf check --profile auto` is tested on
(tests/fleet/check_auto.sh, tests/platform/smbios_memory_test.cpp), in make_trees.py's layout:

  pcie-gen5-x16     one H100 PCIe (10de:2331) in a Gen5 x16 slot, trained Gen5 x16: healthy
  pcie-gen5-x8      the same GPU and slot, trained x8 of x16 (a bad riser, a dirty edge)
  pcie-gen3         the same, trained Gen3 of Gen5
  pcie-slot-x8      the GPU in a slot wired x8 (the port's maximum is x8): x8 is all it can do
  dram-2ch          two memory channels, each with one DDR4-3200 16 GiB module (SMBIOS type 17
                    in firmware/dmi/entries/17-N/raw, as the kernel's dmi-sysfs writes them)
  dram-2ch-missing  the same board with channel B's module missing (its slot reports size 0)
  dram-8slot        eight slots DIMM_A1, DIMM_A2 .. DIMM_D2: four channels of two, all filled

Every tree has one NUMA node with CPUs 0-15, so the DRAM rule wants 16 threads."""
import os
import struct

from make_trees import BRIDGE, GPU3D, NV, Tree, write

INTEL = 0x8086


def gpu_tree(name, now, gpu_max, port_max):
    t = Tree(name)
    t.node(0, "0-15", 263921564, [10])
    root = t.function("0000:00:01.0", "pci0000:00", INTEL, 0x352a, BRIDGE, 0, "0-15", now,
                      port_max, iommu=1)
    t.function("0000:01:00.0", root, NV, 0x2331, GPU3D, 0, "0-15", now, gpu_max, iommu=2)
    return t


def memory_device(locator, bank, size_mib, mts, handle):
    """An SMBIOS 3.2 type 17 structure (length 0x54): strings 1 locator, 2 bank, 3 maker."""
    f = bytearray(0x54)
    f[0], f[1] = 17, 0x54
    struct.pack_into("<H", f, 2, handle)
    struct.pack_into("<H", f, 4, 0x1000)             # physical memory array
    struct.pack_into("<H", f, 6, 0xFFFE)             # no error information
    struct.pack_into("<H", f, 8, 72 if size_mib else 0xFFFF)   # total width (ECC)
    struct.pack_into("<H", f, 0x0A, 64 if size_mib else 0xFFFF)
    struct.pack_into("<H", f, 0x0C, size_mib)        # 0: no module installed
    f[0x0E] = 0x09                                   # DIMM
    f[0x10], f[0x11] = 1, 2
    f[0x12] = 0x1A if size_mib else 0x02             # DDR4 / unknown
    struct.pack_into("<H", f, 0x15, mts if size_mib else 0)
    f[0x17] = 3 if size_mib else 0
    struct.pack_into("<H", f, 0x20, mts if size_mib else 0)
    strings = [locator, bank] + (["Samsung"] if size_mib else [])
    return bytes(f) + b"".join(s.encode() + b"\0" for s in strings) + b"\0"


def dram_tree(name, slots):
    t = Tree(name)
    t.node(0, "0-15", 263921564, [10])
    for i, (locator, bank, size) in enumerate(slots):
        d = os.path.join(t.root, "firmware", "dmi", "entries", "17-%d" % i)
        os.makedirs(d)
        with open(os.path.join(d, "raw"), "wb") as out:
            out.write(memory_device(locator, bank, size, 3200, 0x1100 + i))
        write(os.path.join(d, "type"), "17")
    # Another structure type next to them is not a memory device.
    d = os.path.join(t.root, "firmware", "dmi", "entries", "16-0")
    os.makedirs(d)
    with open(os.path.join(d, "raw"), "wb") as out:
        out.write(bytes([16, 0x17]) + bytes(0x15) + b"\0\0")
    return t


if __name__ == "__main__":
    gpu_tree("pcie-gen5-x16", (5, 16), (5, 16), (5, 16))
    gpu_tree("pcie-gen5-x8", (5, 8), (5, 16), (5, 16))
    gpu_tree("pcie-gen3", (3, 16), (5, 16), (5, 16))
    gpu_tree("pcie-slot-x8", (5, 8), (5, 16), (5, 8))
    dram_tree("dram-2ch", [("DIMM_A1", "P0 CHANNEL A", 16384), ("DIMM_B1", "P0 CHANNEL B", 16384)])
    dram_tree("dram-2ch-missing",
              [("DIMM_A1", "P0 CHANNEL A", 16384), ("DIMM_B1", "P0 CHANNEL B", 0)])
    dram_tree("dram-8slot", [("DIMM_%s%d" % (c, n), "P0", 16384) for c in "ABCD" for n in (1, 2)])
