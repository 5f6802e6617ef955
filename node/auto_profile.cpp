#include "node/auto_profile.hpp"

#include "core/path_catalogue.hpp"
#include "platform/link_rate.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <utility>

namespace linkperf {
namespace {

using reports::Expectation;
using reports::ProvenanceKind;

// The path's capability: the lowest maximum rate of the GPU's link and each physical bridge.
std::pair<int, int> path_capability(const gpu::PcieLinkReport& link) {
    std::pair<int, int> best{link.device.max.generation, link.device.max.width};
    double rate = link.device.max.gbps();
    if (link.upstream_physical()) {
        for (const auto& u : link.upstream) {
            const double r = u.max.gbps();
            if (r > 0 && (rate <= 0 || r < rate)) {
                rate = r;
                best = {u.max.generation, u.max.width};
            }
        }
    }
    return best;
}

Expectation copy_expectation(const std::string& name, const std::string& path, double theoretical,
                             const EfficiencyFactors& f, const std::string& detail) {
    Expectation e;
    e.name = name;
    e.metric = "bandwidth";
    e.unit = "GB/s";
    e.warning = theoretical * f.warning;
    e.failing = theoretical * f.failing;
    e.match.path = path;
    e.match.memory = "pinned";
    e.match.min_size = kAutoMinSize;
    e.provenance.kind = ProvenanceKind::theoretical;
    e.provenance.detail = fmt::format("{} {:.4g} GB/s per direction; warning x{:.2f}, failing "
                                      "x{:.2f}",
                                      detail, theoretical, f.warning, f.failing);
    return e;
}

} // namespace

AutoProfile auto_profile(const SysfsMachine& machine, const SmbiosMemory& memory,
                         const std::string& hostname) {
    AutoProfile a;
    a.profile.name = "auto: " + hostname;
    a.profile.description =
        "derived by linkperf check --profile auto from this node's PCI tree, link rates and "
        "SMBIOS memory devices (docs/health.md)";
    // One rule per GPU link capability (its own maximum width and generation): GPUs that can do
    // the same are judged alike; the lowest path capability among them sets the figure.
    std::map<std::pair<int, int>, std::pair<int, int>> by_capability;
    bool c2c = false;
    for (const SysfsGpu& g : machine.gpus) {
        if (!g.link) {
            c2c = true; // no PCIe link files: a GPU on NVLink-C2C (or a VF)
            continue;
        }
        if (!g.link->device.max.known()) {
            a.notes.push_back(
                fmt::format("{}: PCIe link of unknown maximum: no expectation", g.bdf));
            continue;
        }
        const std::pair<int, int> own{g.link->device.max.generation, g.link->device.max.width};
        const std::pair<int, int> path = path_capability(*g.link);
        auto [it, added] = by_capability.emplace(own, path);
        if (!added && gpu::pcie_link_gbps(path.first, path.second) <
                          gpu::pcie_link_gbps(it->second.first, it->second.second)) {
            it->second = path;
        }
    }
    for (const auto& [own, path] : by_capability) {
        const double rate = gpu::pcie_link_gbps(path.first, path.second);
        for (const PathId id : {PathId::ce_h2d, PathId::ce_d2h}) {
            const std::string p(path_name(id));
            Expectation e = copy_expectation(
                fmt::format("{} PCIe gen{} x{}", p, path.first, path.second), p, rate, kPcieFactors,
                fmt::format("PCIe gen{} x{} (sysfs max link of the path)", path.first,
                            path.second));
            e.match.link_kind = "pcie";
            e.match.pcie_width = own.second;
            a.profile.expectations.push_back(std::move(e));
        }
    }
    if (c2c) {
        // Whether a GPU is on C2C is known for sure only from the run (extra.link): the rule
        // matches only cases that say so.
        const double rate = gpu::host_link_gbps({HostLinkKind::nvlink_c2c});
        for (const PathId id : {PathId::ce_h2d, PathId::ce_d2h}) {
            const std::string p(path_name(id));
            Expectation e = copy_expectation(fmt::format("{} NVLink-C2C", p), p, rate, kC2cFactors,
                                             "NVLink-C2C (NVIDIA GH200 datasheet rate)");
            e.match.link_kind = "nvlink-c2c";
            a.profile.expectations.push_back(std::move(e));
        }
    }
    if (machine.gpus.empty()) {
        a.notes.push_back("no NVIDIA GPU in the PCI tree: no PCIe expectation");
    }
    if (!memory.readable) {
        a.notes.push_back("no DRAM expectation: " + memory.why);
        return a;
    }
    const DramChannels ch = dram_channels(memory.devices);
    std::size_t nodes = 0;
    std::size_t max_cpus = 0;
    for (const SysfsNumaNode& n : machine.numa_nodes) {
        if (!n.cpus.empty() && n.memory_bytes > 0) {
            ++nodes;
            max_cpus = std::max(max_cpus, n.cpus.size());
        }
    }
    if (ch.transfer_mts <= 0 || ch.populated == 0) {
        a.notes.push_back("no DRAM expectation: SMBIOS names no populated module with a speed");
        return a;
    }
    nodes = std::max<std::size_t>(nodes, 1);
    const double per_node = ch.theoretical_gbps() / static_cast<double>(nodes);
    Expectation e;
    e.name = fmt::format("{} DRAM all cores", path_name(PathId::host_read));
    e.metric = "bandwidth";
    e.unit = "GB/s";
    e.warning = per_node * kDramFactors.warning;
    e.failing = per_node * kDramFactors.failing;
    e.match.path = path_name(PathId::host_read);
    e.match.min_size = kAutoMinSize;
    if (max_cpus > 0) {
        e.match.min_threads = static_cast<int>(max_cpus);
    }
    e.provenance.kind = ProvenanceKind::theoretical;
    e.provenance.detail = fmt::format(
        "{}{}{} channel(s) ({} populated, {} of {} slots) x {} MT/s x 8 B = {:.4g} GB/s over {} "
        "NUMA node(s) with CPUs: {:.4g} GB/s per node; warning x{:.2f}, failing x{:.2f} (SMBIOS "
        "type 17)",
        ch.type, ch.type.empty() ? "" : " ", ch.channels, ch.populated, ch.modules, ch.slots,
        ch.transfer_mts, ch.theoretical_gbps(), nodes, per_node, kDramFactors.warning,
        kDramFactors.failing);
    a.profile.expectations.push_back(std::move(e));
    if (ch.populated < ch.channels) {
        a.notes.push_back(fmt::format(
            "SMBIOS: {} of {} memory channel(s) have no module: the DRAM figure expects every "
            "channel populated",
            ch.channels - ch.populated, ch.channels));
    }
    return a;
}

} // namespace linkperf
