#include "platform/pci_link.hpp"

#include "core/pci_bus_id.hpp"
#include "platform/link_rate.hpp"
#include "platform/sysfs_file.hpp"

#include <system_error>

namespace linkperf::gpu {
namespace {

namespace fs = std::filesystem;

std::optional<PcieLinkState> read_state(const fs::path& dir, const char* prefix) {
    const std::string p(prefix);
    const auto speed = read_sysfs_text(dir / (p + "_link_speed"));
    const auto width = read_sysfs_number<int>(dir / (p + "_link_width"));
    if (!speed && !width) {
        return std::nullopt;
    }
    PcieLinkState s;
    if (speed) {
        s.speed_gts = parse_sysfs_link_speed(*speed).value_or(0.0);
        s.generation = pcie_generation_from_gts(s.speed_gts).value_or(0);
    }
    s.width = width.value_or(0);
    return s;
}

// The function's link, or nullopt for a node without link files (host bridges, non-PCIe).
std::optional<PcieFunctionLink> read_function(const fs::path& dir) {
    auto current = read_state(dir, "current");
    auto max = read_state(dir, "max");
    if (!current && !max) {
        return std::nullopt;
    }
    return PcieFunctionLink{dir.filename().string(), current.value_or(PcieLinkState{}),
                            max.value_or(PcieLinkState{})};
}

fs::path device_dir(const fs::path& sysfs_root, const std::string& bdf) {
    const std::string id = canonical_pci_bus_id(bdf);
    const fs::path link = sysfs_root / "bus" / "pci" / "devices" / id;
    std::error_code ec;
    // The entry is a symlink into the devices/ hierarchy; following it shows the bridges above.
    fs::path real = fs::canonical(link, ec);
    return ec ? link : real;
}

} // namespace

double PcieLinkState::gbps() const {
    return known() ? pcie_link_gbps(generation, width) : 0.0;
}

bool PcieLinkReport::upstream_physical() const {
    if (upstream.empty()) {
        return true;
    }
    const PcieLinkState& port = upstream.front().current;
    return !port.known() || !device.current.known() ||
           (port.generation == device.current.generation && port.width == device.current.width);
}

const PcieFunctionLink& PcieLinkReport::bottleneck() const {
    const PcieFunctionLink* best = &device;
    if (!upstream_physical()) {
        return *best;
    }
    for (const auto& u : upstream) {
        const double rate = u.current.gbps();
        if (rate > 0 && (best->current.gbps() <= 0 || rate < best->current.gbps())) {
            best = &u;
        }
    }
    return *best;
}

std::optional<PcieLinkReport> read_pcie_link(const fs::path& sysfs_root, const std::string& bdf) {
    const fs::path dir = device_dir(sysfs_root, bdf);
    auto own = read_function(dir);
    if (!own) {
        return std::nullopt;
    }
    PcieLinkReport report;
    report.device = std::move(*own);
    report.numa_node = read_sysfs_number<int>(dir / "numa_node").value_or(-1);
    for (fs::path p = dir.parent_path(); p.has_filename() && PciBusId::parse(p.filename().string());
         p = p.parent_path()) {
        if (auto f = read_function(p)) {
            report.upstream.push_back(std::move(*f));
        }
    }
    return report;
}

int read_pci_numa_node(const fs::path& sysfs_root, const std::string& bdf) {
    return read_sysfs_number<int>(device_dir(sysfs_root, bdf) / "numa_node").value_or(-1);
}

} // namespace linkperf::gpu
