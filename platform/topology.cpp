#include "platform/topology.hpp"

#include "core/bounded_file.hpp"
#include "core/error.hpp"
#include "core/pci_bus_id.hpp"
#include "platform/sysfs_pci.hpp"

#include <hwloc.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <optional>
#include <string>

namespace linkperf {
namespace {

struct HwlocDeleter {
    void operator()(hwloc_topology* t) const { hwloc_topology_destroy(t); }
};
using HwlocPtr = std::unique_ptr<hwloc_topology, HwlocDeleter>;

std::vector<unsigned> bitmap_to_vector(hwloc_const_bitmap_t set) {
    std::vector<unsigned> out;
    if (set == nullptr) {
        return out;
    }
    int i = -1;
    while ((i = hwloc_bitmap_next(set, i)) != -1) {
        out.push_back(static_cast<unsigned>(i));
    }
    return out;
}

std::string info(hwloc_obj_t obj, const char* key) {
    const char* v = hwloc_obj_get_info_by_name(obj, key);
    return v != nullptr ? std::string(v) : std::string();
}

std::string pci_bus_id(hwloc_obj_t pci) {
    const auto& a = pci->attr->pcidev;
    return PciBusId::from_fields(a.domain, a.bus, a.dev, a.func).str();
}

bool is_nvidia_gpu(hwloc_obj_t pci) {
    const auto& a = pci->attr->pcidev;
    // 0x0300 VGA, 0x0302 3D controller; NVSwitches (0x0680) are bridges, not GPUs.
    return a.vendor_id == 0x10de && (a.class_id == 0x0300 || a.class_id == 0x0302);
}

// An hwloc XML export of the largest machines is a few MiB.
constexpr std::uint64_t kMaxTopologyBytes = std::uint64_t{64} << 20;

HwlocPtr open_topology(const std::optional<std::filesystem::path>& xml) {
    hwloc_topology_t raw = nullptr;
    if (hwloc_topology_init(&raw) != 0) {
        throw environment_error("hwloc: cannot initialise a topology");
    }
    HwlocPtr topo(raw);
    hwloc_topology_set_io_types_filter(raw, HWLOC_TYPE_FILTER_KEEP_IMPORTANT);
    std::optional<std::string> text; // hwloc parses it in load(): it lives until then
    if (xml) {
        // Read here, bounded, so that a FIFO or a device given as the file cannot hang hwloc.
        std::string why;
        text = read_bounded_file(*xml, kMaxTopologyBytes, &why);
        if (!text) {
            throw usage_error(
                "topology file '" + xml->string() + "' " +
                (why == "no such file" ? "does not exist" : "cannot be read: " + why));
        }
        if (text->size() >= static_cast<std::size_t>(INT_MAX) ||
            hwloc_topology_set_xmlbuffer(raw, text->c_str(), static_cast<int>(text->size() + 1)) !=
                0) {
            throw usage_error("topology file '" + xml->string() + "' is not a readable hwloc XML");
        }
        // The export describes another machine: do not bind or allocate through it.
        hwloc_topology_set_flags(raw, HWLOC_TOPOLOGY_FLAG_IMPORT_SUPPORT);
    }
    if (hwloc_topology_load(raw) != 0) {
        throw usage_error(xml ? "hwloc cannot load topology file '" + xml->string() + "'"
                              : std::string("hwloc cannot load the live topology"));
    }
    return topo;
}

// The PUs whose local memory `node` is. hwloc gives a node the cpuset of the object it is
// attached to, so several nodes can cover one PU (a CPU-less node attached to the machine,
// HBM beside DRAM in a package). A PU's local node is the one attached deepest (smallest
// cpuset), then normal memory before a subtyped kind (HBM, MCDRAM, GPUMemory), then the lowest
// os index: the one node the kernel lists the CPU under.
std::vector<unsigned> local_cpus(hwloc_obj_t node, const std::vector<hwloc_obj_t>& nodes) {
    auto better = [](hwloc_obj_t a, hwloc_obj_t b) {
        const int wa = hwloc_bitmap_weight(a->cpuset);
        const int wb = hwloc_bitmap_weight(b->cpuset);
        if (wa != wb) {
            return wa < wb;
        }
        const bool plain_a = a->subtype == nullptr;
        const bool plain_b = b->subtype == nullptr;
        if (plain_a != plain_b) {
            return plain_a;
        }
        return a->os_index < b->os_index;
    };
    std::vector<unsigned> out;
    for (const unsigned pu : bitmap_to_vector(node->cpuset)) {
        hwloc_obj_t best = nullptr;
        for (hwloc_obj_t other : nodes) {
            if (hwloc_bitmap_isset(other->cpuset, pu) != 0 &&
                (best == nullptr || better(other, best))) {
                best = other;
            }
        }
        if (best == node) {
            out.push_back(pu);
        }
    }
    return out;
}

void read_distances(hwloc_topology_t topo, Topology& t) {
    const std::size_t n = t.numa_nodes.size();
    t.numa_distances.assign(n, std::vector<std::uint64_t>(n, 20));
    for (std::size_t i = 0; i < n; ++i) {
        t.numa_distances[i][i] = 10;
    }
    unsigned nr = 1;
    hwloc_distances_s* dist = nullptr;
    const unsigned long kind = HWLOC_DISTANCES_KIND_MEANS_LATENCY;
    if (hwloc_distances_get_by_type(topo, HWLOC_OBJ_NUMANODE, &nr, &dist, kind, 0) != 0 ||
        nr == 0) {
        return;
    }
    for (unsigned i = 0; i < dist->nbobjs; ++i) {
        for (unsigned j = 0; j < dist->nbobjs; ++j) {
            const std::size_t pi = t.node_position(dist->objs[i]->os_index);
            const std::size_t pj = t.node_position(dist->objs[j]->os_index);
            t.numa_distances[pi][pj] = dist->values[i * dist->nbobjs + j];
        }
    }
    t.distances_measured = true;
    hwloc_distances_release(topo, dist);
}

} // namespace

Topology Topology::load(const std::optional<std::filesystem::path>& xml) {
    HwlocPtr holder = open_topology(xml);
    hwloc_topology_t topo = holder.get();
    Topology t;
    t.source = xml ? xml->string() : "live";

    const int npkg = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
    std::vector<hwloc_obj_t> pkgs;
    for (int i = 0; i < npkg; ++i) {
        hwloc_obj_t pkg = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PACKAGE, static_cast<unsigned>(i));
        Package p;
        p.logical_index = pkg->logical_index;
        p.cpu_model = info(pkg, "CPUModel");
        p.cpus = bitmap_to_vector(pkg->cpuset);
        t.packages.push_back(p);
        pkgs.push_back(pkg);
    }

    const int nnodes = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
    std::vector<hwloc_obj_t> node_objs;
    for (int i = 0; i < nnodes; ++i) {
        node_objs.push_back(
            hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, static_cast<unsigned>(i)));
    }
    // Packages and nodes are related by their CPU sets, as hwloc-calc --intersect does: a
    // node attached above several packages (one node per group of packages, some AMD and Arm
    // servers) belongs to each of them, which the ancestor relation would miss. A node inside
    // a package whose CPUs a cpuset hides shares no allowed CPU with it but still belongs to
    // it (the package's nodeset holds it).
    for (hwloc_obj_t node : node_objs) {
        NumaNode n;
        n.os_index = node->os_index;
        n.memory_bytes = node->attr != nullptr ? node->attr->numanode.local_memory : 0;
        n.cpus = local_cpus(node, node_objs);
        for (std::size_t p = 0; p < pkgs.size(); ++p) {
            if (hwloc_bitmap_intersects(node->cpuset, pkgs[p]->cpuset) != 0 ||
                (hwloc_bitmap_iszero(node->cpuset) != 0 &&
                 hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, node) == pkgs[p])) {
                n.packages.push_back(pkgs[p]->logical_index);
                t.packages[p].numa_nodes.push_back(n.os_index);
            }
        }
        t.numa_nodes.push_back(n);
    }
    std::sort(t.numa_nodes.begin(), t.numa_nodes.end(),
              [](const NumaNode& a, const NumaNode& b) { return a.os_index < b.os_index; });
    for (auto& p : t.packages) {
        std::sort(p.numa_nodes.begin(), p.numa_nodes.end());
    }
    if (!xml && std::filesystem::is_directory("/sys/devices/system/node")) {
        clear_cpus_of_cpuless_nodes(t, read_sysfs_machine("/sys")); // the kernel knows CPU-less
    }

    t.pus = bitmap_to_vector(hwloc_topology_get_topology_cpuset(topo));

    const int ncores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
    for (int i = 0; i < ncores; ++i) {
        hwloc_obj_t core = hwloc_get_obj_by_type(topo, HWLOC_OBJ_CORE, static_cast<unsigned>(i));
        Core c;
        c.logical_index = core->logical_index;
        hwloc_obj_t pkg = hwloc_get_ancestor_obj_by_type(topo, HWLOC_OBJ_PACKAGE, core);
        c.package = pkg != nullptr ? pkg->logical_index : 0;
        c.pus = bitmap_to_vector(core->cpuset);
        t.cores.push_back(c);
    }

    read_distances(topo, t);
    for (auto& c : t.cores) {
        if (!c.pus.empty()) {
            c.numa_node = t.node_of_pu(c.pus.front());
        }
    }

    for (hwloc_obj_t pci = hwloc_get_next_pcidev(topo, nullptr); pci != nullptr;
         pci = hwloc_get_next_pcidev(topo, pci)) {
        if (!is_nvidia_gpu(pci)) {
            continue;
        }
        GpuLocation g;
        g.pci_bus_id = pci_bus_id(pci);
        g.vendor_id = pci->attr->pcidev.vendor_id;
        g.device_id = pci->attr->pcidev.device_id;
        g.name = info(pci, "PCIDevice");
        g.pci_link_gbps = pci->attr->pcidev.linkspeed;
        for (hwloc_obj_t child = pci->io_first_child; child != nullptr;
             child = child->next_sibling) {
            if (child->type == HWLOC_OBJ_OS_DEVICE && child->name != nullptr) {
                g.os_devices.emplace_back(child->name);
                const std::string model = info(child, "GPUModel");
                if (!model.empty()) {
                    g.name = model;
                }
            }
        }
        // Locality: the first non-I/O ancestor (a package, group or the machine).
        hwloc_obj_t anc = hwloc_get_non_io_ancestor_obj(topo, pci);
        if (anc != nullptr) {
            g.local_cpus = bitmap_to_vector(anc->cpuset);
            const auto nodes = bitmap_to_vector(anc->nodeset);
            if (nodes.size() == 1) {
                g.nearest_numa = static_cast<int>(nodes.front());
            } else if (!nodes.empty()) {
                // A locality spanning several nodes (the whole machine): take the node holding
                // the first local CPU, which is what the kernel's numa_node falls back to.
                const int by_cpu = g.local_cpus.empty() ? -1 : t.node_of_pu(g.local_cpus.front());
                g.nearest_numa = by_cpu >= 0 ? by_cpu : static_cast<int>(nodes.front());
            }
        }
        t.gpus.push_back(g);
    }
    return t;
}

const NumaNode* Topology::find_node(unsigned os_index) const {
    for (const auto& n : numa_nodes) {
        if (n.os_index == os_index) {
            return &n;
        }
    }
    return nullptr;
}

std::size_t Topology::node_position(unsigned os_index) const {
    for (std::size_t i = 0; i < numa_nodes.size(); ++i) {
        if (numa_nodes[i].os_index == os_index) {
            return i;
        }
    }
    throw environment_error("NUMA node " + std::to_string(os_index) + " does not exist on " +
                            (source == "live" ? std::string("this machine") : source));
}

std::uint64_t Topology::distance(unsigned from_node, unsigned to_node) const {
    return numa_distances[node_position(from_node)][node_position(to_node)];
}

int Topology::node_of_pu(unsigned pu) const {
    for (const auto& n : numa_nodes) {
        if (std::find(n.cpus.begin(), n.cpus.end(), pu) != n.cpus.end()) {
            return static_cast<int>(n.os_index);
        }
    }
    return -1;
}

std::vector<unsigned> Topology::nodes_with_cpus() const {
    std::vector<unsigned> out;
    for (const auto& n : numa_nodes) {
        if (!n.cpus.empty()) {
            out.push_back(n.os_index);
        }
    }
    return out;
}

} // namespace linkperf
