#include "platform/link_rate.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace linkperf::gpu {
namespace {

constexpr double k8b10b = 8.0 / 10.0;
constexpr double k128b130b = 128.0 / 130.0;
constexpr double kFlit = 242.0 / 256.0; // PCIe 6.0 FLIT mode: 242 of every 256 bytes are TLP/DLLP
// NVLink-C2C (GH200): 450 GB/s per direction, 900 GB/s both ways (NVIDIA GH200 datasheet).
constexpr double kNvlinkC2cGbpsPerDirection = 450.0;

constexpr std::array<PcieGeneration, 7> kGenerations{{
    {1, 2.5, k8b10b, "8b/10b"},
    {2, 5.0, k8b10b, "8b/10b"},
    {3, 8.0, k128b130b, "128b/130b"},
    {4, 16.0, k128b130b, "128b/130b"},
    {5, 32.0, k128b130b, "128b/130b"},
    {6, 64.0, kFlit, "242B/256B FLIT"},
    {7, 128.0, kFlit, "242B/256B FLIT"},
}};

} // namespace

std::optional<PcieGeneration> pcie_generation(int generation) {
    for (const auto& g : kGenerations) {
        if (g.generation == generation) {
            return g;
        }
    }
    return std::nullopt;
}

std::optional<int> pcie_generation_from_gts(double gts) {
    for (const auto& g : kGenerations) {
        if (std::fabs(g.gigatransfers - gts) < 0.05) {
            return g.generation;
        }
    }
    return std::nullopt;
}

std::optional<double> parse_sysfs_link_speed(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())) != 0) {
        text.remove_prefix(1);
    }
    double gts = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), gts);
    if (ec != std::errc{} || gts <= 0) {
        return std::nullopt;
    }
    const std::string_view rest(ptr, static_cast<std::size_t>(text.data() + text.size() - ptr));
    if (rest.find("GT/s") == std::string_view::npos) {
        return std::nullopt;
    }
    return gts;
}

double pcie_lane_gbps(int generation) {
    const auto g = pcie_generation(generation);
    return g ? g->gigatransfers * g->encoding / 8.0 : 0.0;
}

double pcie_link_gbps(int generation, int width) {
    return width > 0 ? pcie_lane_gbps(generation) * width : 0.0;
}

double memory_theoretical_gbps(int memory_clock_khz, int bus_width_bits) {
    if (memory_clock_khz <= 0 || bus_width_bits <= 0) {
        return 0.0;
    }
    return 2.0 * memory_clock_khz * 1e3 * (bus_width_bits / 8.0) / 1e9;
}

double host_link_gbps(const HostLink& link) {
    switch (link.kind) {
    case HostLinkKind::nvlink_c2c:
        return kNvlinkC2cGbpsPerDirection;
    case HostLinkKind::pcie:
        return pcie_link_gbps(link.pcie_generation, link.pcie_width);
    case HostLinkKind::unknown:
        break;
    }
    return 0.0;
}

std::string label_name(const HostLink& link) {
    switch (link.kind) {
    case HostLinkKind::nvlink_c2c:
        return "c2c";
    case HostLinkKind::pcie:
        if (link.pcie_generation > 0 && link.pcie_width > 0) {
            return "pcie" + std::to_string(link.pcie_generation) + "x" +
                   std::to_string(link.pcie_width);
        }
        break;
    case HostLinkKind::unknown:
        break;
    }
    return "unknown";
}

std::optional<double> efficiency(double measured_gbps, double theoretical_gbps) {
    if (theoretical_gbps <= 0 || measured_gbps < 0) {
        return std::nullopt;
    }
    return measured_gbps / theoretical_gbps;
}

} // namespace linkperf::gpu
