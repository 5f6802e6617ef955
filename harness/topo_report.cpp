#include "harness/topo_report.hpp"

#include "harness/units.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace linkperf {
namespace {

const gpu::GpuDevice* cuda_device(const gpu::GpuInventory& cuda, const std::string& bus_id) {
    for (const auto& d : cuda.devices) {
        // CUDA spells the domain with 8 hex digits on some drivers: compare the tail.
        if (d.pci_bus_id.size() >= 12 && bus_id.size() >= 12 &&
            d.pci_bus_id.substr(d.pci_bus_id.size() - 7) == bus_id.substr(bus_id.size() - 7) &&
            std::stoul(d.pci_bus_id.substr(0, d.pci_bus_id.find(':')), nullptr, 16) ==
                std::stoul(bus_id.substr(0, bus_id.find(':')), nullptr, 16)) {
            return &d;
        }
    }
    return nullptr;
}

} // namespace

std::string format_cpu_list(const std::vector<unsigned>& cpus) {
    std::vector<unsigned> v(cpus);
    std::sort(v.begin(), v.end());
    std::string out;
    for (std::size_t i = 0; i < v.size();) {
        std::size_t j = i;
        while (j + 1 < v.size() && v[j + 1] == v[j] + 1) {
            ++j;
        }
        out += (out.empty() ? "" : ",") + std::to_string(v[i]);
        if (j > i) {
            out += "-" + std::to_string(v[j]);
        }
        i = j + 1;
    }
    return out;
}

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
                                   {"cpu_less", n.cpus.empty()}});
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
        out += fmt::format("package {}: {}\n", p.logical_index,
                           p.cpu_model.empty() ? "(model unknown)" : p.cpu_model);
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
