#include "bench/host/saturation_host_plan.hpp"

#include "bench/host/host_caches.hpp"
#include "bench/host/host_plan.hpp"
#include "core/error.hpp"
#include "platform/numa_buffer.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace linkperf::bench {
namespace {

struct ThreadSweep {
    unsigned memory_node = 0;
    unsigned copy_node = 0;      // where a copy writes: the first threads' node
    std::vector<unsigned> pus;   // in the order threads are added
    Endpoint cpu;                // the threads' endpoint
    unsigned first_node_pus = 0; // how many of `pus` are on the first threads' node
};

std::vector<unsigned> node_pus(const Topology& topo, unsigned node, unsigned most) {
    unsigned cores = 0;
    for (const auto& c : topo.cores) {
        cores += c.numa_node == static_cast<int>(node) ? 1 : 0;
    }
    // One thread per core unless --threads asks for the SMT siblings too.
    const auto* n = topo.find_node(node);
    const auto available = static_cast<unsigned>(n != nullptr ? n->cpus.size() : 0);
    const unsigned want = most > 0 ? std::min(most, available) : cores;
    return want == 0 ? std::vector<unsigned>{} : spread_pus(topo, node, want);
}

std::vector<ThreadSweep> sweeps_of(const Topology& topo, const PlanOptions& o) {
    const unsigned most = o.threads.value_or(0);
    std::vector<ThreadSweep> out;
    if (!o.cpus.empty()) {
        const int n = topo.node_of_pu(o.cpus.front());
        const unsigned cpu_node = n >= 0 ? static_cast<unsigned>(n) : default_cpu_node(topo);
        const unsigned mem = o.numa ? o.numa->source : cpu_node;
        std::vector<unsigned> pus = o.cpus;
        if (most > 0 && most < pus.size()) {
            pus.resize(most);
        }
        out.push_back({mem,
                       cpu_node,
                       pus,
                       {EndpointKind::host_cpu, static_cast<int>(cpu_node), "cpu", ""},
                       static_cast<unsigned>(pus.size())});
        return out;
    }
    if (o.numa) {
        topo.node_position(o.numa->source); // throws environment_error when absent
        topo.node_position(o.numa->destination);
        const unsigned cpu_node = o.numa->destination;
        auto pus = node_pus(topo, cpu_node, most);
        const auto count = static_cast<unsigned>(pus.size());
        out.push_back({o.numa->source,
                       cpu_node,
                       std::move(pus),
                       {EndpointKind::host_cpu, static_cast<int>(cpu_node), "cpu", ""},
                       count});
        return out;
    }
    const unsigned home = default_cpu_node(topo);
    const Endpoint home_cpu{EndpointKind::host_cpu, static_cast<int>(home), "cpu", ""};
    const auto with_cpus = topo.nodes_with_cpus();
    // Local: the memory node's cores, then each other node's by distance (one curve: the
    // level where the home node's cores run out is a point of it).
    std::vector<unsigned> order(with_cpus.begin(), with_cpus.end());
    std::stable_sort(order.begin(), order.end(), [&](unsigned a, unsigned b) {
        return (a == home ? 0 : topo.distance(a, home)) < (b == home ? 0 : topo.distance(b, home));
    });
    std::vector<unsigned> pus = node_pus(topo, home, most);
    const auto home_count = static_cast<unsigned>(pus.size());
    for (const unsigned n : order) {
        if (n == home || (most > 0 && pus.size() >= most)) {
            continue;
        }
        const auto more = node_pus(topo, n, 0);
        pus.insert(pus.end(), more.begin(), more.end());
    }
    if (most > 0 && most < pus.size()) {
        pus.resize(most);
    }
    out.push_back({home, home, pus, home_cpu, home_count});
    if (with_cpus.size() < 2) {
        return out;
    }
    // Far: the cores of the node with CPUs farthest from the memory.
    unsigned far = home;
    for (const unsigned n : with_cpus) {
        if (n != home && (far == home || topo.distance(n, home) > topo.distance(far, home))) {
            far = n;
        }
    }
    const auto far_pus = node_pus(topo, far, most);
    out.push_back({home,
                   far,
                   far_pus,
                   {EndpointKind::host_cpu, static_cast<int>(far), "cpu", ""},
                   static_cast<unsigned>(far_pus.size())});
    return out;
}

} // namespace

std::vector<unsigned> sweep_levels(unsigned most) {
    std::vector<unsigned> out;
    for (unsigned n = 1; n < most;) {
        out.push_back(n);
        unsigned pow2 = 1;
        while (pow2 * 2 <= n) {
            pow2 *= 2;
        }
        n += std::max(1u, pow2 / 4);
    }
    if (most > 0) {
        out.push_back(most);
    }
    return out;
}

std::uint64_t sweep_size(std::uint64_t llc_all, std::uint64_t host_bytes) {
    std::uint64_t size = 64ULL << 20;
    while (size < 4 * llc_all && size < (1ULL << 40)) {
        size <<= 1;
    }
    while (host_bytes > 0 && 2 * size > host_bytes / 4 && size > (1ULL << 20)) {
        size >>= 1;
    }
    return size;
}

std::vector<Case> plan_host_saturation(const Topology& topo, const PlanOptions& options) {
    std::vector<Case> cases;
    if (!options.study.sweeps.threads) {
        return cases;
    }
    for (const unsigned p : options.cpus) {
        if (std::find(topo.pus.begin(), topo.pus.end(), p) == topo.pus.end()) {
            throw environment_error(
                "CPU " + std::to_string(p) + " does not exist on " +
                (topo.source == "live" ? std::string("this machine") : topo.source));
        }
    }
    const bool live = topo.source == "live";
    const std::uint64_t host_bytes = live ? host_available_bytes() : 0;
    for (const ThreadSweep& sweep : sweeps_of(topo, options)) {
        if (sweep.pus.empty()) {
            continue; // a CPU-less node measures nothing
        }
        // Cache sizes are read for the live machine only: a recorded topology's PUs are not ours.
        const std::uint64_t llc = live ? caches_for(sweep.pus).llc_all : 32ULL << 20;
        const std::vector<std::uint64_t> sizes =
            options.sizes ? *options.sizes
                          : std::vector<std::uint64_t>{sweep_size(llc, host_bytes)};
        const unsigned cpu_node = static_cast<unsigned>(sweep.cpu.id);
        std::vector<unsigned> levels = sweep_levels(static_cast<unsigned>(sweep.pus.size()));
        if (sweep.first_node_pus > 0 && sweep.first_node_pus < sweep.pus.size()) {
            levels.push_back(sweep.first_node_pus); // where the first node's cores run out
            std::sort(levels.begin(), levels.end());
            levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
        }
        const Endpoint memory{EndpointKind::host_memory, static_cast<int>(sweep.memory_node),
                              memory_role(topo, sweep.memory_node, cpu_node), "numa"};
        const Endpoint copy_to{EndpointKind::host_memory, static_cast<int>(sweep.copy_node),
                               "local", "numa"};
        for (const Path& path : {host_read_path(), host_copy_path(), host_write_path()}) {
            for (const std::uint64_t size : sizes) {
                for (const unsigned t : levels) {
                    if (size < 64ULL * t) {
                        continue; // every thread needs a cache line of its own
                    }
                    Case c;
                    c.path = path;
                    c.size_bytes = size;
                    c.threads = t;
                    c.cpus.assign(sweep.pus.begin(), sweep.pus.begin() + t);
                    place_host_case(c, {memory, sweep.cpu, copy_to});
                    cases.push_back(std::move(c));
                }
            }
        }
    }
    return cases;
}

} // namespace linkperf::bench
