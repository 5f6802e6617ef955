#pragma once
// The PCIe link of a GPU's PCI function as Linux reports it in sysfs
// (<root>/bus/pci/devices/<bdf>/{current,max}_link_{speed,width}), with every bridge above it
// up to the root port, so the narrowest link on the way to the CPU is known. `sysfs_root` is
// "/sys" on a live host; tests pass recorded trees.
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::gpu {

struct PcieLinkState {
    double speed_gts = 0; // 0 when sysfs says "Unknown"
    int generation = 0;   // 0 when the speed matches no generation
    int width = 0;        // lanes; 0 when unknown

    bool known() const { return generation > 0 && width > 0; }
    double gbps() const; // theoretical per direction; 0 when unknown
};

struct PcieFunctionLink {
    std::string bdf;
    PcieLinkState current; // negotiated now (a GPU at idle may have trained down)
    PcieLinkState max;     // what the function and slot can do
};

struct PcieLinkReport {
    PcieFunctionLink device;                // the GPU's own link
    std::vector<PcieFunctionLink> upstream; // bridges with a link, from the GPU's parent upwards
    int numa_node = -1;                     // the function's numa_node file (-1: none)

    // Whether the bridges describe the physical path: the port above the GPU must report the
    // same negotiated link as the GPU (both ends of one link). A virtual machine's emulated
    // root port (2.5 GT/s x1 above a Gen5 x16 GPU) does not, and is then ignored.
    bool upstream_physical() const;
    // The link with the lowest current rate between the GPU and the root port (the GPU's own
    // when no bridge is slower or the bridges are not physical). Unknown rates are ignored.
    const PcieFunctionLink& bottleneck() const;
};

// nullopt when the function is not in sysfs or reports no link (a GPU on NVLink-C2C only, a
// virtual function, a container without /sys).
std::optional<PcieLinkReport> read_pcie_link(const std::filesystem::path& sysfs_root,
                                             const std::string& bdf);

// The numa_node of a PCI function, or -1.
int read_pci_numa_node(const std::filesystem::path& sysfs_root, const std::string& bdf);

} // namespace linkperf::gpu
