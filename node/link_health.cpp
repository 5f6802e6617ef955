#include "node/link_health.hpp"

#include "core/pci_bus_id.hpp"
#include "platform/link_rate.hpp"
#include "platform/sysfs_file.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <system_error>

namespace linkperf {
namespace {

std::string speed_text(const gpu::PcieLinkState& s) {
    return s.generation > 0 ? fmt::format("Gen{} ({:g} GT/s)", s.generation, s.speed_gts)
                            : fmt::format("{:g} GT/s", s.speed_gts);
}

struct Capability {
    int width = 0;
    double gts = 0;
};

// What a link can do: the lower maximum of its two ends (`above` is the function one step
// nearer the root, when it is the physical other end).
Capability capability(const gpu::PcieFunctionLink& f, const gpu::PcieFunctionLink* above) {
    Capability c{f.max.width, f.max.speed_gts};
    if (above != nullptr && above->max.width > 0) {
        c.width = std::min(c.width, above->max.width);
    }
    if (above != nullptr && above->max.speed_gts > 0) {
        c.gts = std::min(c.gts, above->max.speed_gts);
    }
    return c;
}

bool same_state(const gpu::PcieLinkState& a, const gpu::PcieLinkState& b) {
    return a.width == b.width && std::abs(a.speed_gts - b.speed_gts) < 0.05;
}

// One link against what both of its ends can do.
void check_one(const std::string& gpu_bdf, const gpu::PcieFunctionLink& f,
               const gpu::PcieFunctionLink* above, bool is_gpu, const LinkHealthOptions& options,
               std::vector<LinkFinding>& out) {
    const Capability cap = capability(f, above);
    const std::string where =
        is_gpu ? std::string("PCIe link") : "PCIe link at " + f.bdf + " (towards the root port)";
    if (f.current.width < cap.width) {
        out.push_back({Severity::failure, gpu_bdf,
                       fmt::format("{} trained at x{} but both ends can do x{}", where,
                                   f.current.width, cap.width)});
    } else if (is_gpu && cap.width < f.max.width) {
        out.push_back(
            {Severity::warning, gpu_bdf,
             fmt::format("PCIe slot is x{}, narrower than the GPU's x{}", cap.width, f.max.width)});
    }
    if (f.current.speed_gts + 0.05 < cap.gts) {
        gpu::PcieLinkState capable;
        capable.speed_gts = cap.gts;
        capable.generation = gpu::pcie_generation_from_gts(cap.gts).value_or(0);
        const std::string text = fmt::format("{} trained at {} but both ends can do {}", where,
                                             speed_text(f.current), speed_text(capable));
        if (options.allow_idle_downtrain) {
            out.push_back({Severity::warning, gpu_bdf,
                           text + " (allowed: --allow-idle-downtrain, idle GPUs train down)"});
        } else {
            out.push_back({Severity::failure, gpu_bdf,
                           text + " (an idle GPU trains down: check under load, or pass "
                                  "--allow-idle-downtrain)"});
        }
    } else if (is_gpu && cap.gts + 0.05 < f.max.speed_gts) {
        out.push_back({Severity::warning, gpu_bdf,
                       fmt::format("PCIe slot runs at most {:g} GT/s, slower than the GPU's {}",
                                   cap.gts, speed_text(f.max))});
    }
}

bool known(const gpu::PcieFunctionLink& f) {
    return f.current.width > 0 && f.max.width > 0 && f.current.speed_gts > 0 && f.max.speed_gts > 0;
}

void check_link(const SysfsGpu& g, const LinkHealthOptions& options,
                std::vector<LinkFinding>& out) {
    if (!g.link) {
        out.push_back({Severity::warning, g.bdf,
                       "no PCIe link reported (C2C-attached, virtual function or no sysfs): "
                       "link not checked"});
        return;
    }
    if (!known(g.link->device)) {
        out.push_back({Severity::warning, g.bdf, "PCIe link speed or width unknown: not checked"});
        return;
    }
    // The GPU, then every bridge up to the root port when they describe the physical path (a
    // virtual machine's emulated ports do not). Functions alternate upstream-facing (the GPU, a
    // switch's upstream port) and downstream (a switch's downstream port, the root port): each
    // pair is one link and reports the same negotiated state, and is judged against the lower
    // maximum of its two ends. A function whose neighbour does not report the same state is
    // judged on its own maximum.
    std::vector<const gpu::PcieFunctionLink*> chain{&g.link->device};
    if (g.link->upstream_physical()) {
        for (const auto& u : g.link->upstream) {
            chain.push_back(&u);
        }
    }
    for (std::size_t i = 0; i < chain.size();) {
        const auto* lower = chain[i];
        const auto* upper = i + 1 < chain.size() ? chain[i + 1] : nullptr;
        const bool pair =
            upper != nullptr && known(*upper) && same_state(lower->current, upper->current);
        if (known(*lower)) {
            check_one(g.bdf, *lower, pair ? upper : nullptr, i == 0, options, out);
        }
        i += pair ? 2 : 1;
    }
}

// A PCI-to-PCI bridge (class 0x0604xx: a root port, a switch port). Without ACS on the port
// above the GPU, Linux puts that port in the GPU's IOMMU group; VFIO accepts the group since a
// bridge is never bound to it (pcieport manages its own DMA), so it does not break isolation. A
// function whose class cannot be read is not taken for a bridge.
bool is_pci_bridge(const std::filesystem::path& root, const std::string& bdf) {
    const auto cls =
        read_sysfs_number<std::uint32_t>(root / "bus" / "pci" / "devices" / bdf / "class", 16);
    return cls && (*cls >> 8) == 0x0604;
}

void check_iommu(const SysfsMachine& m, const SysfsGpu& g, std::vector<LinkFinding>& out) {
    if (g.iommu_group < 0) {
        return;
    }
    std::vector<std::string> others;
    std::vector<std::string> siblings;
    for (const auto& d : g.iommu_group_devices) {
        if (same_pci_bus_id(d, g.bdf) || is_pci_bridge(m.root, d)) {
            continue;
        }
        // The GPU's other functions (same slot: its HDA audio function .1, a USB-C or UCSI
        // function) belong to the same device and are passed through with it: not "another
        // device", a warning only.
        (same_pci_device(d, g.bdf) ? siblings : others).push_back(d);
    }
    if (!others.empty()) {
        out.push_back(
            {Severity::failure, g.bdf,
             fmt::format("shares IOMMU group {} with {}", g.iommu_group, fmt::join(others, ", "))});
    }
    if (!siblings.empty()) {
        out.push_back({Severity::warning, g.bdf,
                       fmt::format("IOMMU group {} also holds its own function(s) {}",
                                   g.iommu_group, fmt::join(siblings, ", "))});
    }
}

void check_numa(const SysfsMachine& m, const SysfsGpu& g, std::vector<LinkFinding>& out) {
    if (m.numa_nodes.empty()) {
        return; // no node directory: nothing to judge against
    }
    if (g.numa_node < 0) {
        if (m.numa_nodes.size() > 1) {
            out.push_back({Severity::warning, g.bdf,
                           "no NUMA affinity reported (numa_node -1) on a multi-node machine"});
        }
        return;
    }
    const SysfsNumaNode* node = m.find_node(g.numa_node);
    if (node == nullptr) {
        out.push_back({Severity::failure, g.bdf,
                       fmt::format("nearest NUMA node {} does not exist", g.numa_node)});
    } else if (node->cpus.empty() && node->memory_bytes == 0) {
        out.push_back({Severity::failure, g.bdf,
                       fmt::format("nearest NUMA node {} has no CPUs and no memory", node->id)});
    } else if (node->cpus.empty()) {
        out.push_back({Severity::warning, g.bdf,
                       fmt::format("nearest NUMA node {} has memory but no CPUs", node->id)});
    }
}

} // namespace

const char* to_string(Severity severity) {
    return severity == Severity::failure ? "FAIL" : "WARN";
}

std::string LinkFinding::line() const {
    return fmt::format("{} {}: {}", to_string(severity), device, message);
}

std::vector<LinkFinding> check_link_health(const SysfsMachine& machine,
                                           const LinkHealthOptions& options) {
    std::vector<LinkFinding> out;
    if (options.expect_gpus && *options.expect_gpus != machine.gpus.size()) {
        out.push_back({Severity::failure, "machine",
                       fmt::format("{} GPU(s) found, {} expected", machine.gpus.size(),
                                   *options.expect_gpus)});
    }
    if (!machine.iommu_enabled) {
        if (options.require_iommu) {
            out.push_back({Severity::failure, "machine",
                           "IOMMU is off (no groups under kernel/iommu_groups) and "
                           "--require-iommu was given"});
        } else if (!machine.gpus.empty()) {
            out.push_back({Severity::warning, "machine",
                           "IOMMU is off: GPU isolation (IOMMU groups) not checked"});
        }
    }
    for (const auto& g : machine.gpus) {
        check_link(g, options, out);
        check_iommu(machine, g, out);
        check_numa(machine, g, out);
    }
    return out;
}

bool has_failure(const std::vector<LinkFinding>& findings) {
    return std::any_of(findings.begin(), findings.end(),
                       [](const LinkFinding& f) { return f.severity == Severity::failure; });
}

} // namespace linkperf
