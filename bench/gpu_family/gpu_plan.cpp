#include "bench/gpu_family/gpu_plan.hpp"

#include "core/error.hpp"
#include "core/path_catalogue.hpp"
#include "core/pci_bus_id.hpp"
#include "core/units.hpp"
#include "gpu/gpu_paths.hpp"
#include "gpu/memory_kind.hpp"

#include <algorithm>

namespace linkperf::gpu {
namespace {

using Kinds = std::vector<MemoryKind>;

// Memory kinds per suite (quick: the one that shows the link best; full: every kind).
struct KindSet {
    Kinds quick, standard, full;
    const Kinds& for_suite(Suite s) const {
        return s == Suite::quick ? quick : s == Suite::standard ? standard : full;
    }
};

const KindSet kCeToGpu{
    {MemoryKind::pinned},
    {MemoryKind::pageable, MemoryKind::pinned},
    {MemoryKind::pageable, MemoryKind::pinned, MemoryKind::registered, MemoryKind::writecombined}};
const KindSet kCeFromGpu{{MemoryKind::pinned},
                         {MemoryKind::pageable, MemoryKind::pinned},
                         {MemoryKind::pageable, MemoryKind::pinned, MemoryKind::registered}};
const KindSet kCeBidir{
    {MemoryKind::pinned}, {MemoryKind::pinned}, {MemoryKind::pinned, MemoryKind::registered}};
const KindSet kSmLoad{
    {MemoryKind::mapped},
    {MemoryKind::mapped, MemoryKind::system},
    {MemoryKind::mapped, MemoryKind::registered, MemoryKind::writecombined, MemoryKind::system}};
const KindSet kSmStore{{MemoryKind::mapped},
                       {MemoryKind::mapped, MemoryKind::system},
                       {MemoryKind::mapped, MemoryKind::registered, MemoryKind::system}};

std::string gpu_role(int device) {
    return "gpu" + std::to_string(device);
}

Endpoint gpu_memory(int device, MemoryKind kind = MemoryKind::device) {
    return {EndpointKind::gpu_memory, device, gpu_role(device), to_string(kind)};
}

Endpoint gpu_sm(int device) {
    return {EndpointKind::gpu_sm, device, gpu_role(device), ""};
}

struct HostSide {
    int node = 0;
    std::string role;
};

Endpoint host_memory(const HostSide& h, MemoryKind kind) {
    return {EndpointKind::host_memory, h.node, h.role, to_string(kind)};
}

Endpoint host_cpu(const HostSide& h) {
    return {EndpointKind::host_cpu, h.node, h.role, ""};
}

std::vector<unsigned> node_cpus(const Topology& topo, int node) {
    const NumaNode* n = node >= 0 ? topo.find_node(static_cast<unsigned>(node)) : nullptr;
    return n != nullptr ? n->cpus : std::vector<unsigned>{};
}

class Planner {
public:
    Planner(const Topology& topo, const GpuInventory& inv, const PlanOptions& options)
        : topo_(topo), o_(options), placements_(place_gpus(topo, inv)) {
        if (o_.numa) {
            for (unsigned n : {o_.numa->source, o_.numa->destination}) {
                if (topo_.find_node(n) == nullptr) {
                    throw environment_error(
                        "NUMA node " + std::to_string(n) + " does not exist on " +
                        (topo_.source == "live" ? std::string("this machine") : topo_.source));
                }
            }
        }
        for (auto& p : placements_) {
            p.cpus = thread_cpus(p);
        }
        bw_ = bandwidth_sizes(o_);
        chase_ = chase_sizes(o_);
        small_ = copy_latency_sizes(o_);
    }

    GpuPlan run() {
        if (placements_.empty()) {
            return {};
        }
        const bool quick = o_.suite == Suite::quick;
        const std::size_t per_gpu = quick ? 1 : placements_.size();
        for (std::size_t i = 0; i < per_gpu; ++i) {
            plan_one_gpu(placements_[i]);
        }
        plan_pairs();
        plan_aggregates();
        return {std::move(cases_), std::move(placements_)};
    }

private:
    std::vector<unsigned> thread_cpus(const GpuPlacement& p) const {
        if (!o_.cpus.empty()) {
            return o_.cpus;
        }
        if (o_.numa) {
            return node_cpus(topo_, static_cast<int>(o_.numa->destination));
        }
        auto cpus = node_cpus(topo_, p.near_node);
        if (cpus.empty()) {
            for (const auto& g : topo_.gpus) {
                if (same_pci_bus_id(g.pci_bus_id, p.pci_bus_id)) {
                    cpus = g.local_cpus;
                }
            }
        }
        return cpus;
    }

    // A CPU endpoint is measured on the CPUs of the node it names (for the far node, a far
    // CPU: the flag is in that node's memory too), unless --cpus or --numa placed the thread.
    std::vector<unsigned> endpoint_cpus(const GpuPlacement& p, const HostSide& h) const {
        if (!o_.cpus.empty() || o_.numa) {
            return p.cpus;
        }
        auto cpus = node_cpus(topo_, h.node);
        return cpus.empty() ? p.cpus : cpus;
    }

    std::string role_of(const GpuPlacement& p, int node) const {
        if (p.near_node < 0) {
            return "node" + std::to_string(node);
        }
        return node == p.near_node ? "near" : "far";
    }

    // Host NUMA nodes measured with this GPU.
    std::vector<HostSide> host_sides(const GpuPlacement& p) const {
        std::vector<int> nodes;
        if (o_.numa) {
            nodes.push_back(static_cast<int>(o_.numa->source));
        } else if (p.near_node >= 0) {
            nodes.push_back(p.near_node);
            if (o_.suite != Suite::quick && p.far_node >= 0) {
                nodes.push_back(p.far_node);
            }
        } else {
            for (unsigned n : topo_.nodes_with_cpus()) {
                nodes.push_back(static_cast<int>(n));
                if (o_.suite == Suite::quick) {
                    break;
                }
            }
        }
        std::vector<HostSide> sides;
        for (int n : nodes) {
            sides.push_back({n, role_of(p, n)});
        }
        return sides;
    }

    void add(PathId path, Endpoint src, Endpoint dst, const std::vector<std::uint64_t>& sizes,
             const std::vector<unsigned>& cpus, unsigned threads = 1) {
        for (std::uint64_t s : sizes) {
            cases_.push_back(Case{make_path(path), src, dst, s, threads, cpus});
        }
    }

    void add_kinds(PathId path, const KindSet& set, const GpuPlacement& p, const HostSide& h,
                   bool to_gpu) {
        for (MemoryKind k : set.for_suite(o_.suite)) {
            if (to_gpu) {
                add(path, host_memory(h, k), gpu_memory(p.device), bw_, p.cpus);
            } else {
                add(path, gpu_memory(p.device), host_memory(h, k), bw_, p.cpus);
            }
        }
    }

    void plan_one_gpu(const GpuPlacement& p) {
        const bool quick = o_.suite == Suite::quick;
        add(PathId::ce_d2d, gpu_memory(p.device), gpu_memory(p.device), bw_, p.cpus);
        add(PathId::sm_d2d, gpu_memory(p.device), gpu_memory(p.device), bw_, p.cpus);
        add(PathId::lat_gpu_local, gpu_sm(p.device), gpu_memory(p.device), chase_, p.cpus);
        if (!quick) {
            add(PathId::lat_copy, gpu_memory(p.device), gpu_memory(p.device), small_, p.cpus);
        }
        const auto sides = host_sides(p);
        if (sides.empty()) {
            return; // a topology without a node that has CPUs: no host side to measure
        }
        for (const auto& h : sides) {
            add_kinds(PathId::ce_h2d, kCeToGpu, p, h, true);
            add_kinds(PathId::ce_d2h, kCeFromGpu, p, h, false);
            add_kinds(PathId::ce_bidir, kCeBidir, p, h, true);
            add_kinds(PathId::sm_h2d, kSmLoad, p, h, true);
            add_kinds(PathId::sm_d2h, kSmStore, p, h, false);
            add_kinds(PathId::sm_bidir_loaded, kSmStore, p, h, true);
        }

        // Managed memory starts on (or returns to) the GPU's near node.
        const HostSide& near = sides.front();
        add(PathId::um_prefetch, host_memory(near, MemoryKind::managed),
            gpu_memory(p.device, MemoryKind::managed), bw_, p.cpus);
        add(PathId::um_prefetch, gpu_memory(p.device, MemoryKind::managed),
            host_memory(near, MemoryKind::managed), bw_, p.cpus);
        if (!quick) {
            add(PathId::um_demand, host_memory(near, MemoryKind::managed), gpu_memory(p.device),
                bw_, p.cpus);
            add(PathId::um_demand, gpu_memory(p.device, MemoryKind::managed),
                host_memory(near, MemoryKind::pageable), bw_, p.cpus);
        }

        for (const auto& h : sides) {
            for (MemoryKind k : kSmLoad.for_suite(o_.suite)) {
                add(PathId::lat_gpu_host, gpu_sm(p.device), host_memory(h, k), chase_, p.cpus);
            }
            add(PathId::lat_pingpong, host_cpu(h), gpu_sm(p.device), {4}, endpoint_cpus(p, h));
        }
        add(PathId::lat_gpu_host_stride, gpu_sm(p.device), host_memory(near, MemoryKind::mapped),
            {kNvbandwidthLatencyBytes}, p.cpus);
        add(PathId::lat_host_gpu, host_cpu(near), gpu_memory(p.device, MemoryKind::managed), chase_,
            endpoint_cpus(p, near));
        add(PathId::lat_copy, host_memory(near, MemoryKind::pinned), gpu_memory(p.device), small_,
            p.cpus);
        add(PathId::lat_copy, gpu_memory(p.device), host_memory(near, MemoryKind::pinned), small_,
            p.cpus);
    }

    // Ordered GPU pairs: quick one, standard every pair with the first GPU, full all pairs.
    std::vector<std::pair<int, int>> pairs() const {
        std::vector<std::pair<int, int>> out;
        const auto n = placements_.size();
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t j = 0; j < n; ++j) {
                if (i == j) {
                    continue;
                }
                const bool with_first = i == 0 || j == 0;
                if (o_.suite == Suite::full || (o_.suite == Suite::standard && with_first) ||
                    (i == 0 && j == 1)) {
                    out.emplace_back(placements_[i].device, placements_[j].device);
                }
            }
        }
        return out;
    }

    void plan_pairs() {
        const bool quick = o_.suite == Suite::quick;
        for (const auto& [a, b] : pairs()) {
            const auto& cpus = placement(a).cpus;
            add(PathId::ce_p2p, gpu_memory(a), gpu_memory(b), bw_, cpus);
            add(PathId::sm_p2p, gpu_memory(a), gpu_memory(b), bw_, cpus);
            add(PathId::lat_gpu_peer, gpu_sm(a), gpu_memory(b), chase_, cpus);
            add(PathId::lat_gpu_peer_stride, gpu_sm(a), gpu_memory(b), {kNvbandwidthLatencyBytes},
                cpus);
            if (!quick) {
                add(PathId::ce_p2p_nopeer, gpu_memory(a), gpu_memory(b), bw_, cpus);
                add(PathId::lat_copy, gpu_memory(a), gpu_memory(b), small_, cpus);
            }
        }
    }

    void plan_aggregates() {
        const auto n = static_cast<unsigned>(placements_.size());
        if (n < 2 || o_.suite == Suite::quick) {
            return;
        }
        // The set of GPUs is named by its first member with role "peers" (the others) or
        // "all"; threads = the number of concurrent copies.
        const std::size_t targets = o_.suite == Suite::full ? n : 1;
        for (std::size_t t = 0; t < targets; ++t) {
            const GpuPlacement& target = placements_[t];
            const int first_other = placements_[t == 0 ? 1 : 0].device;
            Endpoint peers{EndpointKind::gpu_memory, first_other, "peers", "device"};
            add(PathId::ce_all_to_one, peers, gpu_memory(target.device), bw_, target.cpus, n - 1);
            add(PathId::ce_one_to_all, gpu_memory(target.device), peers, bw_, target.cpus, n - 1);
        }
        const GpuPlacement& first = placements_.front();
        const auto sides = host_sides(first);
        if (sides.empty()) {
            return;
        }
        Endpoint all{EndpointKind::gpu_memory, first.device, "all", "device"};
        const HostSide& near = sides.front();
        add(PathId::ce_host_to_all, host_memory(near, MemoryKind::pinned), all, bw_, first.cpus, n);
        add(PathId::ce_all_to_host, all, host_memory(near, MemoryKind::pinned), bw_, first.cpus, n);
    }

    const GpuPlacement& placement(int device) const {
        for (const auto& p : placements_) {
            if (p.device == device) {
                return p;
            }
        }
        return placements_.front();
    }

    const Topology& topo_;
    const PlanOptions& o_;
    std::vector<GpuPlacement> placements_;
    std::vector<std::uint64_t> bw_, chase_, small_;
    std::vector<Case> cases_;
};

std::vector<std::uint64_t> by_suite(const PlanOptions& o, const char* quick, const char* standard,
                                    const char* full) {
    return parse_size_spec(o.suite == Suite::quick      ? quick
                           : o.suite == Suite::standard ? standard
                                                        : full);
}

} // namespace

const GpuPlacement* GpuPlan::placement(int device) const {
    for (const auto& p : placements) {
        if (p.device == device) {
            return &p;
        }
    }
    return nullptr;
}

std::vector<GpuPlacement> place_gpus(const Topology& topo, const GpuInventory& inventory) {
    std::vector<GpuPlacement> out;
    const auto with_cpus = topo.nodes_with_cpus();
    for (const auto& d : inventory.devices) {
        GpuPlacement p;
        p.device = d.index;
        p.pci_bus_id = canonical_pci_bus_id(d.pci_bus_id);
        for (const auto& g : topo.gpus) {
            if (same_pci_bus_id(g.pci_bus_id, p.pci_bus_id)) {
                p.near_node = g.nearest_numa;
            }
        }
        if (p.near_node < 0 && d.numa_node >= 0 &&
            topo.find_node(static_cast<unsigned>(d.numa_node)) != nullptr) {
            p.near_node = d.numa_node; // sysfs knew it; hwloc did not list the GPU
        }
        if (p.near_node < 0 && with_cpus.size() == 1) {
            p.near_node = static_cast<int>(with_cpus.front());
        }
        if (p.near_node >= 0) {
            std::uint64_t worst = 0;
            for (unsigned n : with_cpus) {
                if (static_cast<int>(n) == p.near_node) {
                    continue;
                }
                const auto dist = topo.distance(static_cast<unsigned>(p.near_node), n);
                if (p.far_node < 0 || dist > worst) {
                    worst = dist;
                    p.far_node = static_cast<int>(n);
                }
            }
        }
        out.push_back(std::move(p));
    }
    std::sort(out.begin(), out.end(),
              [](const GpuPlacement& a, const GpuPlacement& b) { return a.device < b.device; });
    return out;
}

std::vector<std::uint64_t> bandwidth_sizes(const PlanOptions& o) {
    return o.sizes ? *o.sizes : by_suite(o, "4K,1M,256M", "4K:1G:x4", "4K:1G:x2");
}

std::vector<std::uint64_t> chase_sizes(const PlanOptions& o) {
    if (!o.sizes) {
        return by_suite(o, "4K,256M", "4K:256M:x16", "4K:1G:x4");
    }
    std::vector<std::uint64_t> out;
    for (std::uint64_t s : *o.sizes) {
        if (s >= 2 * kGpuChaseStride) {
            out.push_back(s);
        }
    }
    return out;
}

std::vector<std::uint64_t> copy_latency_sizes(const PlanOptions& o) {
    if (!o.sizes) {
        return by_suite(o, "4,4K,64K", "4,64,1K,4K,16K,64K", "4,16,64,256,1K,4K,16K,64K");
    }
    std::vector<std::uint64_t> out;
    for (std::uint64_t s : *o.sizes) {
        if (s <= kMaxCopyLatencySize) {
            out.push_back(s);
        }
    }
    return out;
}

GpuPlan plan_gpu_cases(const Topology& topo, const GpuInventory& inventory,
                       const PlanOptions& options) {
    if (!inventory.available) {
        return {};
    }
    return Planner(topo, inventory, options).run();
}

} // namespace linkperf::gpu
