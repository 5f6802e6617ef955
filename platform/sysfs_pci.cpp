#include "platform/sysfs_pci.hpp"

#include "core/error.hpp"
#include "core/pci_bus_id.hpp"
#include "platform/cpu_list.hpp"
#include "platform/sysfs_file.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <system_error>

namespace linkperf {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> list_dir(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        out.push_back(it->path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool is_nvidia_gpu(std::uint16_t vendor, std::uint32_t class_code) {
    const std::uint32_t cls = class_code >> 8; // 0x0300 VGA, 0x0302 3D controller
    return vendor == 0x10de && (cls == 0x0300 || cls == 0x0302);
}

void read_placement(const fs::path& real, SysfsGpu& g) {
    bool seen_root = false;
    for (const auto& part : real) {
        const std::string name = part.string();
        if (name.starts_with("pci") && name.find(':') != std::string::npos) {
            g.host_bridge = name;
            g.bridges.clear();
            seen_root = true;
        } else if (seen_root && PciBusId::parse(name) && !same_pci_bus_id(name, g.bdf)) {
            g.bridges.push_back(name);
        }
    }
}

void read_iommu(const fs::path& root, const fs::path& dev, SysfsGpu& g) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(dev / "iommu_group", ec);
    if (ec) {
        return;
    }
    if (const auto id = parse_sysfs_number<int>(target.filename().string())) {
        g.iommu_group = *id;
        g.iommu_group_devices =
            list_dir(root / "kernel" / "iommu_groups" / std::to_string(*id) / "devices");
    }
}

} // namespace

std::vector<SysfsNumaNode> read_sysfs_numa_nodes(const fs::path& root) {
    std::vector<SysfsNumaNode> out;
    const fs::path base = root / "devices" / "system" / "node";
    for (const auto& name : list_dir(base)) {
        if (!name.starts_with("node")) {
            continue;
        }
        const auto id = parse_sysfs_number<unsigned>(std::string_view(name).substr(4));
        if (!id) {
            continue;
        }
        SysfsNumaNode n;
        n.id = *id;
        n.cpus = parse_cpu_list(read_sysfs_text(base / name / "cpulist").value_or(""))
                     .value_or(std::vector<unsigned>{});
        const std::string meminfo = read_sysfs_text(base / name / "meminfo").value_or("");
        n.memory_bytes = meminfo_field(meminfo, "MemTotal:").value_or(0);
        n.free_bytes = meminfo_field(meminfo, "MemFree:").value_or(0);
        std::istringstream d(read_sysfs_text(base / name / "distance").value_or(""));
        for (std::uint64_t v = 0; d >> v;) {
            n.distances.push_back(v);
        }
        out.push_back(std::move(n));
    }
    std::sort(out.begin(), out.end(),
              [](const SysfsNumaNode& a, const SysfsNumaNode& b) { return a.id < b.id; });
    return out;
}

const SysfsNumaNode* SysfsMachine::find_node(int id) const {
    for (const auto& n : numa_nodes) {
        if (static_cast<int>(n.id) == id) {
            return &n;
        }
    }
    return nullptr;
}

SysfsMachine read_sysfs_machine(const fs::path& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        throw usage_error("sysfs root '" + root.string() + "' is not a directory");
    }
    SysfsMachine m;
    m.root = root;
    const fs::path devices = root / "bus" / "pci" / "devices";
    for (const auto& name : list_dir(devices)) {
        const fs::path dev = devices / name;
        const auto vendor = read_sysfs_number<std::uint16_t>(dev / "vendor", 16);
        const auto cls = read_sysfs_number<std::uint32_t>(dev / "class", 16);
        if (!vendor || !cls) {
            continue;
        }
        if (*vendor == 0x10de && (*cls >> 8) == 0x0680) {
            m.nvswitches.push_back(name);
        }
        if (!is_nvidia_gpu(*vendor, *cls)) {
            continue;
        }
        SysfsGpu g;
        g.bdf = canonical_pci_bus_id(name);
        g.vendor_id = *vendor;
        g.device_id = read_sysfs_number<std::uint16_t>(dev / "device", 16).value_or(0);
        g.class_code = *cls;
        g.numa_node = read_sysfs_number<int>(dev / "numa_node").value_or(-1);
        g.local_cpus = parse_cpu_list(read_sysfs_text(dev / "local_cpulist").value_or(""))
                           .value_or(std::vector<unsigned>{});
        g.link = gpu::read_pcie_link(root, g.bdf);
        const fs::path real = fs::canonical(dev, ec);
        read_placement(ec ? dev : real, g);
        read_iommu(root, dev, g);
        m.gpus.push_back(std::move(g));
    }
    m.numa_nodes = read_sysfs_numa_nodes(root);
    m.iommu_enabled = !list_dir(root / "kernel" / "iommu_groups").empty();
    return m;
}

void clear_cpus_of_cpuless_nodes(Topology& topology, const SysfsMachine& machine) {
    for (auto& n : topology.numa_nodes) {
        const SysfsNumaNode* s = machine.find_node(static_cast<int>(n.os_index));
        if (s != nullptr && s->cpus.empty()) {
            n.cpus.clear();
        }
    }
}

Topology topology_from_sysfs(const SysfsMachine& machine) {
    Topology t;
    t.source = machine.root.string();
    for (const auto& n : machine.numa_nodes) {
        NumaNode node;
        node.os_index = n.id;
        node.memory_bytes = n.memory_bytes;
        node.cpus = n.cpus;
        t.numa_nodes.push_back(node);
        t.pus.insert(t.pus.end(), n.cpus.begin(), n.cpus.end());
    }
    std::sort(t.pus.begin(), t.pus.end());
    const std::size_t count = t.numa_nodes.size();
    t.numa_distances.assign(count, std::vector<std::uint64_t>(count, 20));
    t.distances_measured = count > 0;
    for (std::size_t i = 0; i < count; ++i) {
        t.numa_distances[i][i] = 10;
        const auto& d = machine.numa_nodes[i].distances;
        if (d.size() != count) {
            t.distances_measured = false;
            continue;
        }
        t.numa_distances[i] = d;
    }
    for (const auto& g : machine.gpus) {
        GpuLocation loc;
        loc.pci_bus_id = g.bdf;
        loc.vendor_id = g.vendor_id;
        loc.device_id = g.device_id;
        char name[32];
        std::snprintf(name, sizeof name, "NVIDIA [%04x:%04x]", g.vendor_id, g.device_id);
        loc.name = name;
        loc.nearest_numa = g.numa_node;
        loc.local_cpus = g.local_cpus;
        if (g.link) {
            loc.pci_link_gbps = static_cast<float>(g.link->bottleneck().current.gbps());
        }
        t.gpus.push_back(loc);
    }
    return t;
}

std::string pcie_connection(const SysfsGpu& a, const SysfsGpu& b) {
    if (a.host_bridge.empty() || b.host_bridge.empty() || a.host_bridge != b.host_bridge) {
        return a.numa_node >= 0 && a.numa_node == b.numa_node ? "NODE" : "SYS";
    }
    std::size_t common = 0;
    while (common < a.bridges.size() && common < b.bridges.size() &&
           a.bridges[common] == b.bridges[common]) {
        ++common;
    }
    if (common == 0) {
        return "PHB";
    }
    // Below the shared bridge each GPU sits behind at most one more port: one switch.
    return a.bridges.size() - common <= 1 && b.bridges.size() - common <= 1 ? "PIX" : "PXB";
}

} // namespace linkperf
