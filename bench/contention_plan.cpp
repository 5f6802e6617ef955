#include "bench/contention_plan.hpp"

#include "bench/gpu_family/gpu_plan.hpp"
#include "bench/host/host_caches.hpp"
#include "bench/host/host_plan.hpp"
#include "bench/host/saturation_host_plan.hpp"
#include "core/error.hpp"
#include "gpu/gpu_paths.hpp"
#include "gpu/memory_kind.hpp"
#include "platform/numa_buffer.hpp"

#include <algorithm>

namespace linkperf::bench {
namespace {

constexpr std::string_view kPrefix = kContentionPrefix;

Path contention_path(const ContentionPair& pair, const Path& victim) {
    return {contention_path_id(pair), victim.metric, victim.bytes_counted + " (victim)"};
}

// The PUs of a node's cores, one per core, then the SMT siblings.
std::vector<unsigned> cores_of(const Topology& topo, unsigned node) {
    const NumaNode* n = topo.find_node(node);
    return n == nullptr || n->cpus.empty()
               ? std::vector<unsigned>{}
               : spread_pus(topo, node, static_cast<unsigned>(n->cpus.size()));
}

// The victim's core and the aggressor's on (or nearest to) `node`.
bool split_cores(const Topology& topo, unsigned node, std::vector<unsigned>& victim,
                 std::vector<unsigned>& aggressor) {
    std::vector<unsigned> pus = cores_of(topo, node);
    if (pus.empty()) {
        return false;
    }
    victim = {pus.front()};
    aggressor.assign(pus.begin() + 1, pus.end());
    if (aggressor.empty()) {
        // A one-PU node: the aggressor runs on the nearest other node's cores.
        unsigned best = node;
        for (const unsigned n : topo.nodes_with_cpus()) {
            if (n != node && (best == node || topo.distance(node, n) < topo.distance(node, best))) {
                best = n;
            }
        }
        if (best != node) {
            aggressor = cores_of(topo, best);
        }
    }
    return !aggressor.empty();
}

unsigned home_node(const Topology& topo, const PlanOptions& options) {
    if (options.numa) {
        topo.node_position(options.numa->source); // throws environment_error when absent
        return options.numa->source;
    }
    return default_cpu_node(topo);
}

std::uint64_t pair_size(const Topology& topo, const PlanOptions& options,
                        const std::vector<unsigned>& pus) {
    if (options.sizes && !options.sizes->empty()) {
        return options.sizes->back();
    }
    const bool live = topo.source == "live";
    // Four buffers at once (victim copy, aggressor copy): sweep_size bounds two of them to a
    // quarter of the host, so halve it.
    const std::uint64_t size =
        sweep_size(live ? caches_for(pus).llc_all : 32ULL << 20, live ? host_available_bytes() : 0);
    return std::max<std::uint64_t>(size / 2, 1ULL << 20);
}

} // namespace

std::string contention_path_id(const ContentionPair& pair) {
    return std::string(kPrefix) + pair.victim + "+" + pair.aggressor;
}

bool is_contention_path(const std::string& id) {
    return id.rfind(kPrefix, 0) == 0 && id.find('+') != std::string::npos;
}

ContentionPair contention_pair(const std::string& id) {
    if (!is_contention_path(id)) {
        return {};
    }
    const std::string rest = id.substr(kPrefix.size());
    const auto plus = rest.find('+');
    return {rest.substr(0, plus), rest.substr(plus + 1)};
}

std::vector<Case> plan_host_contention(const Topology& topo, const PlanOptions& options) {
    std::vector<Case> cases;
    const unsigned node = home_node(topo, options);
    std::vector<unsigned> victim;
    std::vector<unsigned> aggressor;
    if (!options.cpus.empty()) {
        for (const unsigned p : options.cpus) {
            if (std::find(topo.pus.begin(), topo.pus.end(), p) == topo.pus.end()) {
                throw environment_error("CPU " + std::to_string(p) + " does not exist");
            }
        }
        victim = {options.cpus.front()};
        aggressor.assign(options.cpus.begin() + 1, options.cpus.end());
        if (aggressor.empty()) {
            return cases;
        }
    } else if (!split_cores(topo, node, victim, aggressor)) {
        return cases;
    }
    if (options.threads && *options.threads < aggressor.size()) {
        aggressor.resize(*options.threads); // --threads caps the aggressor's cores
    }
    std::vector<unsigned> all = victim;
    all.insert(all.end(), aggressor.begin(), aggressor.end());
    const std::uint64_t size = pair_size(topo, options, all);
    const Endpoint memory{EndpointKind::host_memory, static_cast<int>(node), "local", "numa"};
    const Endpoint cpu{EndpointKind::host_cpu, static_cast<int>(node), "cpu", ""};
    for (const Path& v : {host_read_path(), host_copy_path()}) {
        Case c;
        c.path = v;
        place_host_case(c, {memory, cpu, memory}); // the copy lands in X itself
        c.path = contention_path({v.id, host_copy_path().id}, v);
        c.size_bytes = size;
        c.threads = 1;
        c.cpus = all;
        cases.push_back(std::move(c));
    }
    return cases;
}

std::vector<Case> plan_gpu_contention(const Topology& topo, const gpu::GpuInventory& inventory,
                                      const PlanOptions& options) {
    std::vector<Case> cases;
    if (!inventory.available || inventory.devices.empty()) {
        return cases;
    }
    const auto placements = gpu::place_gpus(topo, inventory);
    const gpu::GpuPlacement& g0 = placements.front();
    int node = g0.near_node;
    if (options.numa) {
        topo.node_position(options.numa->source);
        node = static_cast<int>(options.numa->source);
    }
    if (node < 0) {
        return cases; // no host node known for GPU 0
    }
    const std::uint64_t size =
        options.sizes && !options.sizes->empty() ? options.sizes->back() : 256ULL << 20;
    const std::string pinned = to_string(gpu::MemoryKind::pinned);
    const Endpoint host{EndpointKind::host_memory, node, "near", pinned};
    const Endpoint gpu0{EndpointKind::gpu_memory, g0.device, "gpu" + std::to_string(g0.device),
                        "device"};
    // The host victim runs on one core of X; the GPU aggressor's driving thread on another.
    std::vector<unsigned> victim;
    std::vector<unsigned> driver;
    const bool cores = split_cores(topo, static_cast<unsigned>(node), victim, driver);
    const auto add = [&](PathId v, PathId a, Endpoint src, Endpoint dst,
                         std::vector<unsigned> cpus) {
        Case c;
        c.path =
            contention_path({std::string(path_name(v)), std::string(path_name(a))}, make_path(v));
        c.source = std::move(src);
        c.destination = std::move(dst);
        c.size_bytes = size;
        c.threads = 1;
        c.cpus = std::move(cpus);
        cases.push_back(std::move(c));
    };
    if (cores) {
        const Endpoint memory{EndpointKind::host_memory, node, "local", "numa"};
        const Endpoint cpu{EndpointKind::host_cpu, node, "cpu", ""};
        std::vector<unsigned> cpus{victim.front(), driver.front()};
        for (const PathId a : {PathId::ce_d2h, PathId::ce_h2d}) {
            for (const PathId v : {PathId::host_read, PathId::host_copy}) {
                Case ends{make_path(v), {}, {}, 0, 1, {}};
                place_host_case(ends, {memory, cpu, memory}); // the copy lands in X itself
                add(v, a, ends.source, ends.destination, cpus);
            }
        }
    }
    // GPU victims: the driving threads on the GPU's own CPUs.
    std::vector<unsigned> gpu_cpus = g0.cpus.empty() ? victim : g0.cpus;
    add(PathId::ce_h2d, PathId::ce_d2h, host, gpu0, gpu_cpus);
    if (placements.size() >= 2) {
        const gpu::GpuPlacement& g1 = placements[1];
        const Endpoint gpu1{EndpointKind::gpu_memory, g1.device, "gpu" + std::to_string(g1.device),
                            "device"};
        add(PathId::ce_p2p, PathId::ce_h2d, gpu1, gpu0, gpu_cpus);
        add(PathId::ce_h2d, PathId::ce_p2p, host, gpu0, gpu_cpus);
    }
    return cases;
}

} // namespace linkperf::bench
