#pragma once
// `linkperf check --profile auto`: an expectation profile from the facts of this node alone, so
// a GPU trained x8 of x16 or Gen3 of Gen5, or a memory channel left without a DIMM, is caught
// with no baseline (docs/health.md):
//   - PCIe: per GPU, what its path can do -- the lowest maximum (generation x width) of the
//     GPU and every physical bridge up to the root port, from the sysfs PCI tree -- times the
//     PCIe factors, for pinned copy-engine copies (ce.h2d, ce.d2h) of kAutoMinSize and more.
//   - NVLink-C2C: its rate (platform/link_rate) times the C2C factors, for the same cases on a
//     GPU whose results name the link nvlink-c2c.
//   - DRAM: channels x transfer rate x 8 bytes from SMBIOS type 17, split evenly over the NUMA
//     nodes with CPUs, times the DRAM factors, for host.read of kAutoMinSize and more with at
//     least as many threads as the largest node has CPUs.
#include "gate/expectation_profile.hpp"
#include "platform/smbios_memory.hpp"
#include "platform/sysfs_pci.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace linkperf {

// The fraction of a link's theoretical rate a healthy link delivers at least (warning below)
// and a broken one falls under (failing below), per link kind. Why these values: docs/health.md.
struct EfficiencyFactors {
    double warning = 0;
    double failing = 0;
};
inline constexpr EfficiencyFactors kPcieFactors{0.75, 0.55};
inline constexpr EfficiencyFactors kC2cFactors{0.60, 0.40};
inline constexpr EfficiencyFactors kDramFactors{0.65, 0.45};
inline constexpr std::uint64_t kAutoMinSize = std::uint64_t{32} << 20;

struct AutoProfile {
    reports::Profile profile;
    std::vector<std::string> notes; // what could not be derived, and why ("no SMBIOS: ...")
};

AutoProfile auto_profile(const SysfsMachine& machine, const SmbiosMemory& memory,
                         const std::string& hostname);

} // namespace linkperf
