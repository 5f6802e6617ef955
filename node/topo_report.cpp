#include "node/topo_report.hpp"

#include "core/pci_bus_id.hpp"
#include "core/units.hpp"
#include "platform/cpu_list.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace linkperf {
namespace {

const gpu::GpuDevice* cuda_device(const gpu::GpuInventory& cuda, const std::string& bus_id) {
    for (const auto& d : cuda.devices) {
        if (same_pci_bus_id(d.pci_bus_id, bus_id)) {
            return &d;
        }
    }
    return nullptr;
}

} // namespace

nlohmann::json topology_json(const Topology& topo, const gpu::GpuInventory& cuda) {
    nlohmann::json j;
    j["source"] = topo.source;
    j["packages"] = nlohmann::json::array();
    for (const auto& p : topo.packages) {
        j["packages"].push_back(
            {{"index", p.logical_index}, {"cpu_model", p.cpu_model}, {"numa_nodes", p.numa_nodes}});
    }
    j["numa_nodes"] = nlohmann::json::array();
    for (const auto& n : topo.numa_nodes) {
        j["numa_nodes"].push_back({{"os_index", n.os_index},
                                   {"memory_bytes", n.memory_bytes},
                                   {"cpus", format_cpu_list(n.cpus)},
                                   {"cpu_less", n.cpus.empty()},
                                   {"packages", n.packages}});
    }
    j["numa_distances"] = topo.numa_distances;
    j["distances_measured"] = topo.distances_measured;
    j["cores"] = topo.cores.size();
    j["pus"] = topo.pus.size();
    j["gpus"] = nlohmann::json::array();
    for (const auto& g : topo.gpus) {
        nlohmann::json e = {{"pci_bus_id", g.pci_bus_id},
                            {"name", g.name},
                            {"os_devices", g.os_devices},
                            {"nearest_numa", g.nearest_numa},
                            {"local_cpus", format_cpu_list(g.local_cpus)},
                            {"pci_link_gbps", g.pci_link_gbps}};
        if (const auto* d = cuda_device(cuda, g.pci_bus_id)) {
            e["cuda_index"] = d->index;
            e["pageable_memory_access"] = d->pageable_memory_access;
        }
        j["gpus"].push_back(e);
    }
    j["cuda"] = {{"available", cuda.available},           {"reason", cuda.reason},
                 {"driver_version", cuda.driver_version}, {"runtime_version", cuda.runtime_version},
                 {"nccl_version", cuda.nccl_version},     {"devices", cuda.devices.size()}};
    return j;
}

std::string topology_text(const Topology& topo, const gpu::GpuInventory& cuda) {
    std::string out = fmt::format("topology: {} ({} packages, {} NUMA nodes, {} cores, {} PUs, "
                                  "{} GPUs)\n",
                                  topo.source, topo.packages.size(), topo.numa_nodes.size(),
                                  topo.cores.size(), topo.pus.size(), topo.gpus.size());
    for (const auto& p : topo.packages) {
        out += fmt::format("package {}: {} (NUMA nodes {})\n", p.logical_index,
                           p.cpu_model.empty() ? "(model unknown)" : p.cpu_model,
                           p.numa_nodes.empty() ? "none" : format_cpu_list(p.numa_nodes));
    }
    out += "\nNUMA node  memory        CPUs\n";
    for (const auto& n : topo.numa_nodes) {
        out += fmt::format("  {:<8} {:>9.1f} GiB  {}\n", n.os_index,
                           static_cast<double>(n.memory_bytes) / double(1ULL << 30),
                           n.cpus.empty() ? "(none: GPU or CXL memory)" : format_cpu_list(n.cpus));
    }
    out += fmt::format("\nNUMA distances{}:\n      ",
                       topo.distances_measured ? "" : " (none reported: 10/20 assumed)");
    for (const auto& n : topo.numa_nodes) {
        out += fmt::format("{:>6}", n.os_index);
    }
    out += "\n";
    for (std::size_t i = 0; i < topo.numa_nodes.size(); ++i) {
        out += fmt::format("  {:>4}", topo.numa_nodes[i].os_index);
        for (const auto d : topo.numa_distances[i]) {
            out += fmt::format("{:>6}", d);
        }
        out += "\n";
    }
    out += "\nGPU  PCI bus id     nearest NUMA  local CPUs        CUDA  name\n";
    for (std::size_t i = 0; i < topo.gpus.size(); ++i) {
        const auto& g = topo.gpus[i];
        const auto* d = cuda_device(cuda, g.pci_bus_id);
        out += fmt::format("  {:<3}{:<15}{:>12}  {:<17} {:<5} {}\n", i, g.pci_bus_id,
                           g.nearest_numa, format_cpu_list(g.local_cpus),
                           d != nullptr ? std::to_string(d->index) : "-", g.name);
    }
    if (topo.gpus.empty()) {
        out += "  (no NVIDIA GPU on the PCI bus)\n";
    }
    out += cuda.available
               ? fmt::format("\nCUDA: {} device(s), driver {}, runtime {}{}\n", cuda.devices.size(),
                             cuda.driver_version, cuda.runtime_version,
                             cuda.nccl_version.empty() ? "" : ", NCCL " + cuda.nccl_version)
               : fmt::format("\nCUDA: unavailable ({})\n", cuda.reason);
    return out;
}

} // namespace linkperf

namespace linkperf {
namespace {

const SysfsGpu* sysfs_gpu(const TopoView& view, const std::string& bus_id) {
    if (!view.sysfs) {
        return nullptr;
    }
    for (const auto& g : view.sysfs->gpus) {
        if (same_pci_bus_id(g.bdf, bus_id)) {
            return &g;
        }
    }
    return nullptr;
}

const gpu::GpuDevice* cuda_of(const TopoView& view, const std::string& bus_id) {
    return cuda_device(view.cuda, bus_id);
}

std::string link_state_text(const gpu::PcieLinkState& s) {
    if (s.generation > 0 && s.width > 0) {
        return fmt::format("Gen{} x{}", s.generation, s.width);
    }
    return s.width > 0 ? fmt::format("? x{}", s.width) : std::string("?");
}

nlohmann::json link_state_json(const gpu::PcieLinkState& s) {
    return {{"speed_gts", s.speed_gts},
            {"generation", s.generation},
            {"width", s.width},
            {"gbps", s.gbps()}};
}

const NvlinkFacts* nvlink_of(const TopoView& view, const std::string& bus_id) {
    for (const auto& n : view.nvlinks) {
        if (same_pci_bus_id(n.bdf, bus_id)) {
            return &n;
        }
    }
    return nullptr;
}

// "NV<n>": n NVLinks joining the two GPUs directly, or through NVSwitches (the fewer of the
// two GPUs' switch links, as nvidia-smi counts them); empty when NVML reports none.
std::string nvlink_connection(const TopoView& view, const std::string& a, const std::string& b) {
    const NvlinkFacts* na = nvlink_of(view, a);
    const NvlinkFacts* nb = nvlink_of(view, b);
    if (na == nullptr || nb == nullptr) {
        return {};
    }
    const auto direct = std::count(na->remote_gpus.begin(), na->remote_gpus.end(), b);
    if (direct > 0) {
        return fmt::format("NV{}", direct);
    }
    if (na->switch_links > 0 && nb->switch_links > 0) {
        return fmt::format("NV{}", std::min(na->switch_links, nb->switch_links));
    }
    return {};
}

// "X", "NV<n>", "PIX", ..., from NVML's NVLinks, then sysfs paths when known, else from the
// nearest NUMA nodes.
std::string connection(const TopoView& view, std::size_t i, std::size_t j) {
    if (i == j) {
        return "X";
    }
    const auto& a = view.topology.gpus[i];
    const auto& b = view.topology.gpus[j];
    if (auto nv = nvlink_connection(view, a.pci_bus_id, b.pci_bus_id); !nv.empty()) {
        return nv;
    }
    const SysfsGpu* sa = sysfs_gpu(view, a.pci_bus_id);
    const SysfsGpu* sb = sysfs_gpu(view, b.pci_bus_id);
    if (sa != nullptr && sb != nullptr) {
        return pcie_connection(*sa, *sb);
    }
    return a.nearest_numa >= 0 && a.nearest_numa == b.nearest_numa ? "NODE" : "SYS";
}

// "OK" peer access supported, "NS" not supported, "X" self, "-" a GPU CUDA does not see.
std::string peer_cell(const TopoView& view, std::size_t i, std::size_t j) {
    if (i == j) {
        return "X";
    }
    const auto* a = cuda_of(view, view.topology.gpus[i].pci_bus_id);
    const auto* b = cuda_of(view, view.topology.gpus[j].pci_bus_id);
    if (a == nullptr || b == nullptr) {
        return "-";
    }
    const auto* p = a->peer(b->index);
    return p != nullptr && p->access_supported ? "OK" : "NS";
}

std::string path_text(const SysfsGpu& g) {
    std::string out = g.host_bridge;
    for (const auto& b : g.bridges) {
        out += " > " + b;
    }
    return out;
}

constexpr const char* kLegend = "  X    = self\n"
                                "  PIX  = at most one PCIe switch between the GPUs\n"
                                "  PXB  = several PCIe bridges, one root port\n"
                                "  PHB  = through a PCIe host bridge (the CPU)\n"
                                "  NODE = different host bridges within one NUMA node\n"
                                "  SYS  = across NUMA nodes (the SMP interconnect)\n";

} // namespace

std::string gpu_link_kind(const SysfsGpu* sysfs, const gpu::GpuDevice* cuda) {
    if (cuda != nullptr && cuda->host_link_kind() == gpu::HostLinkKind::nvlink_c2c) {
        return gpu::label_name({gpu::HostLinkKind::nvlink_c2c});
    }
    if (sysfs == nullptr || !sysfs->link) {
        return gpu::label_name({gpu::HostLinkKind::unknown});
    }
    const auto& link = *sysfs->link;
    int gen = link.device.max.generation;
    int width = link.device.max.width;
    if (!link.upstream.empty() && link.upstream_physical()) {
        const auto& port = link.upstream.front().max;
        if (port.generation > 0) {
            gen = std::min(gen, port.generation);
        }
        if (port.width > 0) {
            width = std::min(width, port.width);
        }
    }
    return gpu::label_name({gpu::HostLinkKind::pcie, gen, width});
}

nlohmann::json topo_matrix_json(const TopoView& view) {
    nlohmann::json j = topology_json(view.topology, view.cuda);
    const auto& gpus = view.topology.gpus;
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        auto& e = j["gpus"][i];
        const SysfsGpu* s = sysfs_gpu(view, gpus[i].pci_bus_id);
        e["link_kind"] = gpu_link_kind(s, cuda_of(view, gpus[i].pci_bus_id));
        if (const NvlinkFacts* nv = nvlink_of(view, gpus[i].pci_bus_id)) {
            e["nvlink"] = {{"active_links", nv->active_links},
                           {"switch_links", nv->switch_links},
                           {"remote_gpus", nv->remote_gpus}};
        } else {
            e["nvlink"] = "unavailable: " + (view.nvlink_reason.empty()
                                                 ? std::string("NVML did not report this GPU")
                                                 : view.nvlink_reason);
        }
        if (s == nullptr) {
            e["pcie"] = "unavailable: no sysfs entry";
            continue;
        }
        e["iommu_group"] = s->iommu_group;
        if (!s->link) {
            e["pcie"] = "unavailable: no PCIe link reported";
            continue;
        }
        nlohmann::json path = nlohmann::json::array();
        for (const auto& u : s->link->upstream) {
            path.push_back({{"bdf", u.bdf},
                            {"current", link_state_json(u.current)},
                            {"max", link_state_json(u.max)}});
        }
        e["pcie"] = {{"current", link_state_json(s->link->device.current)},
                     {"max", link_state_json(s->link->device.max)},
                     {"host_bridge", s->host_bridge},
                     {"upstream", path},
                     {"upstream_physical", s->link->upstream_physical()},
                     {"bottleneck", s->link->bottleneck().bdf}};
    }
    nlohmann::json ids = nlohmann::json::array();
    nlohmann::json conn = nlohmann::json::array();
    nlohmann::json peer = nlohmann::json::array();
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        ids.push_back(gpus[i].pci_bus_id);
        nlohmann::json crow = nlohmann::json::array();
        nlohmann::json prow = nlohmann::json::array();
        for (std::size_t k = 0; k < gpus.size(); ++k) {
            crow.push_back(connection(view, i, k));
            prow.push_back(peer_cell(view, i, k));
        }
        conn.push_back(crow);
        peer.push_back(prow);
    }
    const std::string pcie_source = view.sysfs ? "sysfs PCIe paths" : "NUMA nodes";
    j["gpu_matrix"] = {
        {"gpus", ids},
        {"connection", conn},
        {"connection_source", view.nvlinks.empty() ? pcie_source : "NVML NVLinks, " + pcie_source}};
    j["gpu_matrix"]["peer_access"] =
        view.cuda.available ? peer : nlohmann::json("unavailable: " + view.cuda.reason);
    if (view.sysfs) {
        j["sysfs_root"] = view.sysfs->root.string();
        j["iommu_enabled"] = view.sysfs->iommu_enabled;
        j["nvswitches"] = view.sysfs->nvswitches;
    }
    return j;
}

std::string topo_matrix_text(const TopoView& view) {
    std::string out = topology_text(view.topology, view.cuda);
    const auto& gpus = view.topology.gpus;
    if (gpus.empty()) {
        return out;
    }
    out += "\nGPU matrix (" +
           std::string(view.sysfs ? "from sysfs PCIe paths" : "from NUMA nodes only") +
           "):\n      ";
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        out += fmt::format("{:<6}", fmt::format("GPU{}", i));
    }
    out += "CPU affinity      NUMA  PCIe now / max        link\n";
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        out += fmt::format("GPU{:<3}", i);
        for (std::size_t k = 0; k < gpus.size(); ++k) {
            out += fmt::format("{:<6}", connection(view, i, k));
        }
        const SysfsGpu* s = sysfs_gpu(view, gpus[i].pci_bus_id);
        const std::string pcie = s == nullptr ? "-"
                                 : !s->link   ? "none (not PCIe)"
                                              : link_state_text(s->link->device.current) + " / " +
                                                  link_state_text(s->link->device.max);
        out += fmt::format("{:<17} {:<5} {:<21} {}\n", format_cpu_list(gpus[i].local_cpus),
                           gpus[i].nearest_numa >= 0 ? std::to_string(gpus[i].nearest_numa) : "N/A",
                           pcie, gpu_link_kind(s, cuda_of(view, gpus[i].pci_bus_id)));
    }
    out += "\nLegend:\n";
    out += kLegend;
    if (view.sysfs) {
        out += "\nPCIe path to the root port (bottleneck marked *):\n";
        for (std::size_t i = 0; i < gpus.size(); ++i) {
            const SysfsGpu* s = sysfs_gpu(view, gpus[i].pci_bus_id);
            if (s == nullptr || !s->link) {
                continue;
            }
            out += fmt::format("  GPU{} {}: {}", i, s->bdf, path_text(*s));
            const auto& bn = s->link->bottleneck();
            for (const auto& u : s->link->upstream) {
                out += fmt::format("\n      {}{} {} / {}", u.bdf, &u == &bn ? "*" : " ",
                                   link_state_text(u.current), link_state_text(u.max));
            }
            out += fmt::format("\n      {}{} {} / {}  IOMMU group {}\n", s->bdf,
                               &s->link->device == &bn ? "*" : " ",
                               link_state_text(s->link->device.current),
                               link_state_text(s->link->device.max),
                               s->iommu_group >= 0 ? std::to_string(s->iommu_group) : "none");
        }
        out += fmt::format(
            "\nIOMMU: {}; NVSwitch devices: {}\n", view.sysfs->iommu_enabled ? "on" : "off",
            view.sysfs->nvswitches.empty() ? std::string("none")
                                           : std::to_string(view.sysfs->nvswitches.size()));
    }
    if (view.nvlinks.empty()) {
        out += fmt::format("\nNVLink (NVML): unavailable ({})\n",
                           view.nvlink_reason.empty() ? "no report" : view.nvlink_reason);
    } else {
        out += "\nNVLink (NVML):\n";
        for (const auto& n : view.nvlinks) {
            out += fmt::format("  {}: {} active link(s), {} to NVSwitches\n", n.bdf, n.active_links,
                               n.switch_links);
        }
    }
    out += "\nPeer access (CUDA):";
    if (!view.cuda.available) {
        out += fmt::format(" unavailable ({})\n", view.cuda.reason);
        return out;
    }
    out += "\n      ";
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        out += fmt::format("{:<6}", fmt::format("GPU{}", i));
    }
    out += "\n";
    for (std::size_t i = 0; i < gpus.size(); ++i) {
        out += fmt::format("GPU{:<3}", i);
        for (std::size_t k = 0; k < gpus.size(); ++k) {
            out += fmt::format("{:<6}", peer_cell(view, i, k));
        }
        out += "\n";
    }
    out += "  OK = peer access supported, NS = not supported, - = not a CUDA device here\n";
    return out;
}

} // namespace linkperf
