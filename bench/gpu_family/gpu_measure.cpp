#include "bench/gpu_family/gpu_measure.hpp"

#include "core/statistics.hpp"
#include "core/units.hpp"
#include "gpu/memory_kind.hpp"
#include "platform/cpu_binding.hpp"
#include "platform/link_rate.hpp"
#include "platform/pci_link.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <functional>
#include <set>

namespace linkperf::bench {
namespace {

nlohmann::json state_json(const gpu::PcieLinkState& s) {
    return {{"generation", s.generation},
            {"speed_gts", s.speed_gts},
            {"width", s.width},
            {"gbps_per_direction", s.gbps()}};
}

bool below_max(const gpu::PcieFunctionLink& l) {
    return l.current.known() && l.max.known() && l.current.gbps() < l.max.gbps();
}

// A link found below its maximum right after the samples may have run slower, or have trained
// down in the moment since: either way its rate (and an efficiency above 1) needs a look.
void flag_downtrained(Measurement& m, const gpu::PcieLinkReport& r) {
    const gpu::PcieFunctionLink& narrow = r.bottleneck();
    const gpu::PcieFunctionLink* low = below_max(r.device) ? &r.device
                                       : below_max(narrow) ? &narrow
                                                           : nullptr;
    if (low == nullptr) {
        return;
    }
    m.extra["link_downtrained"] = true;
    m.extra["link_note"] = fmt::format(
        "{} was at gen{} x{} of gen{} x{} right after the samples: an idle link trains down, so "
        "the theoretical rate may be low",
        low->bdf, low->current.generation, low->current.width, low->max.generation, low->max.width);
}

// A MIG instance has a slice of the GPU's memory bandwidth and SMs, while the peaks CUDA and
// sysfs report are the whole GPU's: an efficiency against them would be wrong.
bool note_mig(Measurement& m, const gpu::GpuDevice& d) {
    if (!d.mig_instance) {
        return false;
    }
    m.extra["mig"] = "gpu" + std::to_string(d.index) +
                     " is a MIG instance (NVML: MIG mode enabled on its GPU): the link and memory "
                     "peaks are the whole GPU's, so no efficiency is computed";
    return true;
}

void add_efficiency(Measurement& m, double theoretical) {
    m.extra["link_theoretical_gbps"] = theoretical;
    if (m.test_case.path.metric == Metric::bandwidth && m.status == CaseStatus::ok) {
        if (const auto e = gpu::efficiency(m.stats.median, theoretical)) {
            m.extra["efficiency"] = *e;
            check_efficiency(m);
        }
    }
}

} // namespace

const gpu::GpuDevice& GpuCaseContext::device(int index) const {
    return *inventory.device(index);
}

int GpuCaseContext::near_node(int device_index, int fallback) const {
    for (const auto& p : placements) {
        if (p.device == device_index && p.near_node >= 0) {
            return p.near_node;
        }
    }
    return fallback;
}

nlohmann::json lane_summary(const std::vector<double>& seconds_per_op, std::size_t n,
                            double bytes) {
    std::vector<double> gbps;
    const std::size_t first = seconds_per_op.size() > n ? seconds_per_op.size() - n : 0;
    for (std::size_t i = first; i < seconds_per_op.size(); ++i) {
        gbps.push_back(to_gbps(bytes, seconds_per_op[i]));
    }
    const Statistics s = summarize(gbps);
    return {{"median_gbps", s.median}, {"p5_gbps", s.p5}, {"p95_gbps", s.p95}};
}

gpu::BufferSpec buffer_for(const Endpoint& e, std::uint64_t bytes, int device) {
    gpu::BufferSpec s;
    s.kind = gpu::memory_kind_from_string(e.memory).value_or(gpu::MemoryKind::device);
    s.bytes = bytes;
    s.device = device;
    s.numa_node =
        e.kind == EndpointKind::host_memory || e.kind == EndpointKind::host_cpu ? e.id : -1;
    return s;
}

std::uint64_t case_seed(const Case& c, std::size_t lane) {
    return std::hash<std::string>{}(c.name()) + 0x9E3779B97F4A7C15ULL * (lane + 1);
}

namespace {

// One GPU's host link as the results file describes it, and its rate per direction in GB/s
// (0 where unknown: no efficiency is computed against it). Flags a PCIe link found below its
// maximum.
struct HostLinkFacts {
    nlohmann::json json;
    double gbps = 0;
};

HostLinkFacts host_link_facts(Measurement& m, const GpuCaseContext& ctx, const gpu::GpuDevice& d) {
    const auto report = gpu::read_pcie_link(ctx.sysfs_root, d.pci_bus_id);
    if (d.host_link_kind() == gpu::HostLinkKind::nvlink_c2c) {
        const double c2c = gpu::host_link_gbps({gpu::HostLinkKind::nvlink_c2c});
        nlohmann::json link = {{"type", gpu::results_name(gpu::HostLinkKind::nvlink_c2c)},
                               {"gbps_per_direction", c2c},
                               {"source", "cudaDevAttrPageableMemoryAccessUsesHostPageTables; rate "
                                          "from the NVIDIA GH200 datasheet"}};
        if (report) {
            link["pcie"] = {{"pci_bus_id", report->device.bdf},
                            {"current", state_json(report->device.current)}};
        }
        return {link, c2c};
    }
    if (!report) {
        return {{{"type", gpu::results_name(gpu::HostLinkKind::unknown)},
                 {"pci_bus_id", d.pci_bus_id},
                 {"reason", "no PCIe link attributes in sysfs for this function"}},
                0};
    }
    nlohmann::json link = {{"type", gpu::results_name(gpu::HostLinkKind::pcie)},
                           {"pci_bus_id", report->device.bdf},
                           {"current", state_json(report->device.current)},
                           {"max", state_json(report->device.max)},
                           {"source", "sysfs"},
                           {"upstream_physical", report->upstream_physical()}};
    const gpu::PcieFunctionLink& narrow = report->bottleneck();
    if (&narrow != &report->device) {
        link["bottleneck"] = {{"pci_bus_id", narrow.bdf}, {"current", state_json(narrow.current)}};
    }
    flag_downtrained(m, *report);
    return {link, std::max(narrow.current.gbps(), 0.0)};
}

} // namespace

void add_host_link(Measurement& m, const GpuCaseContext& ctx, int device, int directions) {
    const gpu::GpuDevice& d = ctx.device(device);
    if (note_mig(m, d)) {
        directions = 0; // the link is still described, its efficiency is not computed
    }
    const HostLinkFacts link = host_link_facts(m, ctx, d);
    m.extra["link"] = link.json;
    if (directions > 0 && link.gbps > 0) {
        add_efficiency(m, link.gbps * directions);
    }
}

void add_host_links(Measurement& m, const GpuCaseContext& ctx, const std::vector<int>& devices) {
    nlohmann::json links = nlohmann::json::array();
    double sum = 0;
    bool all_known = true;
    for (int g : devices) {
        all_known = !note_mig(m, ctx.device(g)) && all_known;
        HostLinkFacts link = host_link_facts(m, ctx, ctx.device(g));
        all_known = all_known && link.gbps > 0;
        sum += link.gbps;
        link.json["gpu"] = g;
        links.push_back(std::move(link.json));
    }
    m.extra["links"] = links;
    if (all_known && sum > 0) {
        add_efficiency(m, sum);
    }
}

void add_device_memory_link(Measurement& m, const gpu::GpuDevice& device) {
    const double peak =
        gpu::memory_theoretical_gbps(device.memory_clock_khz, device.memory_bus_width_bits);
    m.extra["link"] = {{"type", "device memory"},
                       {"memory_clock_khz", device.memory_clock_khz},
                       {"bus_width_bits", device.memory_bus_width_bits}};
    if (peak <= 0) {
        return;
    }
    m.extra["link_theoretical_gbps"] = peak;
    if (note_mig(m, device)) {
        return;
    }
    if (!device_memory_efficiency_applies(m.test_case.size_bytes, device.l2_cache_bytes)) {
        m.extra["efficiency_note"] =
            "not computed: source and destination fit in 2x the L2 cache (" +
            std::to_string(device.l2_cache_bytes) +
            " bytes), so the copy is served by L2, "
            "not device memory";
        return;
    }
    // A local copy of N bytes reads N and writes N: the memory moves twice the counted bytes.
    if (m.status == CaseStatus::ok && m.test_case.path.metric == Metric::bandwidth) {
        m.extra["device_memory_traffic_gbps"] = 2 * m.stats.median;
        m.extra["efficiency"] = 2 * m.stats.median / peak;
        check_efficiency(m);
    }
}

bool device_memory_efficiency_applies(std::uint64_t copy_bytes, std::uint64_t l2_bytes) {
    return copy_bytes > 2 * l2_bytes;
}

void add_peer_link(Measurement& m, const GpuCaseContext& ctx, int a, int b) {
    nlohmann::json link = {{"type", "peer"}, {"from", a}, {"to", b}};
    if (const gpu::PeerLink* p = ctx.device(a).peer(b)) {
        link["access_supported"] = p->access_supported;
        link["native_atomics"] = p->native_atomics;
        link["performance_rank"] = p->performance_rank;
    }
    for (int g : {a, b}) {
        if (const auto r = gpu::read_pcie_link(ctx.sysfs_root, ctx.device(g).pci_bus_id)) {
            link["pcie_gpu" + std::to_string(g)] = state_json(r->device.current);
        }
    }
    m.extra["link"] = link;
}

void label_cpu_demand(Measurement& m, const gpu::GpuDevice& device) {
    m.extra["demand_faults"] = !device.direct_managed_access_from_host;
    m.extra["timing"] =
        device.direct_managed_access_from_host
            ? "host clock around a CPU memcpy reading the managed memory in place in GPU memory: "
              "cudaDevAttrDirectManagedMemAccessFromHost = 1, so CPU loads cross the link "
              "without faulting pages back (a CPU read of GPU memory, not demand paging); the "
              "pages are prefetched to the GPU untimed before each one"
            : "host clock around a CPU memcpy faulting every page back; the pages return to the "
              "GPU untimed before each one";
}

void check_efficiency(Measurement& m) {
    const auto e = m.extra.find("efficiency");
    if (e == m.extra.end() || !e->is_number() || e->get<double>() <= kMaxEfficiency) {
        return;
    }
    if (m.extra.value("link_downtrained", false)) {
        // The rate was read from a link found trained down after the samples: the figure may
        // be right and the rate low (extra.link_note says so).
        return;
    }
    const double efficiency = e->get<double>();
    const double theoretical = m.extra.value("link_theoretical_gbps", 0.0);
    m.extra["efficiency_rejected"] = efficiency;
    fail_case(m, fmt::format("{:.1f}% of the link's theoretical {:.2f} GB/s is above the {:.0f}% "
                             "a link can carry: the figure is wrong (time, bytes or link rate), "
                             "not reported",
                             100 * efficiency, theoretical, 100 * kMaxEfficiency));
}

void fail_case(Measurement& m, const std::string& why) {
    m.status = CaseStatus::failed;
    m.error += (m.error.empty() ? "" : "; ") + why;
    m.extra.erase("efficiency");
    m.extra.erase("device_memory_traffic_gbps");
}

void check_system_placement(Measurement& m, const PlacementCheck& check, int node,
                            const std::string& advice) {
    m.extra["system_memory_advice"] = advice;
    if (!check.ok) {
        fail_case(m, fmt::format("system memory of {} was not all found on NUMA node {} after the "
                                 "samples ({}): GPU accesses may have migrated its pages, so the "
                                 "figures may be of GPU memory, not the link",
                                 m.test_case.name(), node, check.detail));
    }
}

void record_gpu_placement(Measurement& m, const std::vector<const gpu::GpuBuffer*>& buffers) {
    Placement& p = m.placement;
    p.verified = true;
    std::set<int> nodes;
    for (const gpu::GpuBuffer* b : buffers) {
        const gpu::MemoryKind kind = b->spec().kind;
        if (kind == gpu::MemoryKind::device || kind == gpu::MemoryKind::managed) {
            continue; // GPU memory: nothing on a host node to check
        }
        const PlacementCheck check = b->placement();
        nodes.insert(check.nodes_found.begin(), check.nodes_found.end());
        if (kind == gpu::MemoryKind::system) {
            check_system_placement(m, check, b->spec().numa_node, b->residency_advice());
        }
        if (!check.ok) {
            p.verified = false;
            p.detail +=
                (p.detail.empty() ? "" : "; ") + std::string(to_string(kind)) + ": " + check.detail;
        }
    }
    p.memory_nodes.assign(nodes.begin(), nodes.end());
    const int pu = current_pu();
    if (pu >= 0) {
        p.cpus_ran_on = {static_cast<unsigned>(pu)};
    }
    const auto& want = m.test_case.cpus;
    if (!want.empty() &&
        std::find(want.begin(), want.end(), static_cast<unsigned>(pu)) == want.end()) {
        p.verified = false;
        p.detail += (p.detail.empty() ? "" : "; ") + fmt::format("thread ran on CPU {}", pu);
    }
}

void verify_destinations(Measurement& m,
                         const std::vector<std::pair<const gpu::GpuBuffer*, std::uint64_t>>& dsts,
                         std::size_t bytes) {
    std::uint64_t bad = 0;
    for (const auto& [buffer, seed] : dsts) {
        bad += buffer->count_mismatches(seed, bytes);
    }
    m.data_verified = bad == 0;
    if (bad != 0) {
        fail_case(m, fmt::format("data verification failed: {} of {} bytes differ from the "
                                 "source pattern after {}",
                                 bad, bytes * dsts.size(), m.test_case.name()));
    }
}

} // namespace linkperf::bench
