#include "bench/host/host_plan.hpp"

#include "bench/host/host_caches.hpp"
#include "core/error.hpp"
#include "core/units.hpp"
#include "platform/topology_notes.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>

namespace linkperf::bench {
namespace {

std::vector<std::uint64_t> bandwidth_sizes(Suite suite) {
    switch (suite) {
    case Suite::quick:
        // L1, L2, LLC and DRAM sized, few enough for the quick suite's minute.
        return parse_size_spec("4K,32K,256K,4M,64M,256M");
    case Suite::standard:
        return parse_size_spec("4K:1G:x4");
    case Suite::full:
        return parse_size_spec("4K:1G:x2");
    }
    return {};
}

std::vector<std::uint64_t> latency_sizes(Suite suite) {
    switch (suite) {
    case Suite::quick:
        return parse_size_spec("4K,32K,256K,2M,16M,256M");
    case Suite::standard:
        return parse_size_spec("4K:1G:x4");
    case Suite::full:
        return parse_size_spec("4K:1G:x2");
    }
    return {};
}

std::vector<unsigned> thread_sweep(Suite suite, unsigned most) {
    std::set<unsigned> t{1, most};
    if (suite == Suite::standard) {
        t.insert(std::max(1u, most / 2));
    }
    if (suite == Suite::full) {
        for (unsigned n = 2; n < most; n *= 2) {
            t.insert(n);
        }
    }
    return {t.begin(), t.end()};
}

const Core* core_of(const Topology& topo, unsigned pu) {
    for (const auto& c : topo.cores) {
        if (std::find(c.pus.begin(), c.pus.end(), pu) != c.pus.end()) {
            return &c;
        }
    }
    return nullptr;
}

void require_pus_exist(const Topology& topo, const std::vector<unsigned>& pus) {
    for (const unsigned p : pus) {
        if (std::find(topo.pus.begin(), topo.pus.end(), p) == topo.pus.end()) {
            throw environment_error(
                "CPU " + std::to_string(p) + " does not exist on " +
                (topo.source == "live" ? std::string("this machine") : topo.source));
        }
    }
}

} // namespace

Path host_copy_path() {
    return make_path(PathId::host_copy);
}
Path host_read_path() {
    return make_path(PathId::host_read);
}
Path host_write_path() {
    return make_path(PathId::host_write);
}
Path host_latency_path() {
    return make_path(PathId::host_latency);
}
Path host_c2c_path() {
    return make_path(PathId::host_c2c);
}
Path host_read_cold_path() {
    return make_path(PathId::host_read_cold);
}
Path host_latency_cold_path() {
    return make_path(PathId::host_latency_cold);
}

void place_host_case(Case& c, const HostEnds& ends) {
    const PathEntry* entry = find_path(c.path.id);
    const auto end = [&](EndpointRole role) -> const Endpoint& {
        switch (role) {
        case EndpointRole::host_memory:
            return ends.memory;
        case EndpointRole::host_cpu:
            return ends.cpu;
        case EndpointRole::copy_target:
            return ends.copy_target;
        default:
            throw usage_error("path '" + c.path.id + "' has no host endpoint " + to_string(role));
        }
    };
    if (entry == nullptr) {
        throw usage_error("path '" + c.path.id + "' is not in the path catalogue");
    }
    c.source = end(entry->source);
    c.destination = end(entry->destination);
}

std::vector<Case> cold_twins(const std::vector<Case>& cases, std::uint64_t llc_bytes) {
    std::vector<Case> twins;
    for (const Case& c : cases) {
        const bool read = c.path.id == host_read_path().id && c.threads == 1;
        const bool latency = c.path.id == host_latency_path().id;
        if ((read || latency) && (llc_bytes == 0 || c.size_bytes <= llc_bytes)) {
            Case twin = c;
            twin.path = read ? host_read_cold_path() : host_latency_cold_path();
            twins.push_back(std::move(twin));
        }
    }
    return twins;
}

DramPoint dram_point(std::uint64_t llc_bytes, std::uint64_t largest, const MemoryBudget& budget) {
    DramPoint p;
    if (llc_bytes == 0) {
        return p;
    }
    std::uint64_t want = 1;
    while (want < 3 * llc_bytes) {
        want <<= 1;
    }
    if (want <= largest) {
        return p; // the listed sizes already reach DRAM
    }
    // A copy holds two buffers; they may take half of the figure, leaving room for the system
    // and for what other processes take between planning and running.
    auto fits = [&budget](std::uint64_t size) { return size <= budget.bytes / 4; };
    if (fits(want)) {
        p.size = want;
        return p;
    }
    std::uint64_t fit = want;
    while (fit > largest && !fits(fit)) {
        fit >>= 1;
    }
    const std::string why = "3x the last-level cache (" + format_size(llc_bytes) + ") is " +
                            format_size(want) + " but " + budget.source + " is " +
                            std::to_string(budget.bytes >> 20) +
                            " MiB and a copy's two buffers may take half of it";
    if (fit > largest) {
        p.size = fit;
        p.reason = why + ": the DRAM point is " + format_size(fit);
    } else {
        p.reason = why + ": no DRAM point above " + format_size(largest) + " fits";
    }
    return p;
}

std::string memory_role(const Topology& topo, unsigned memory_node, unsigned cpu_node) {
    if (memory_node == cpu_node) {
        return "local";
    }
    std::uint64_t nearest = UINT64_MAX;
    std::uint64_t farthest = 0;
    for (const auto& n : topo.numa_nodes) {
        if (n.os_index == cpu_node) {
            continue;
        }
        const std::uint64_t d = topo.distance(cpu_node, n.os_index);
        nearest = std::min(nearest, d);
        farthest = std::max(farthest, d);
    }
    const std::uint64_t d = topo.distance(cpu_node, memory_node);
    return d == nearest && nearest != farthest ? "near" : "far";
}

std::string core_relation(const Topology& topo, unsigned pu_a, unsigned pu_b) {
    const Core* a = core_of(topo, pu_a);
    const Core* b = core_of(topo, pu_b);
    if (a != nullptr && a == b) {
        return "smt";
    }
    if (a != nullptr && b != nullptr && a->package == b->package) {
        return "package";
    }
    return "remote";
}

unsigned default_cpu_node(const Topology& topo) {
    if (!topo.gpus.empty() && topo.gpus.front().nearest_numa >= 0) {
        const auto node = static_cast<unsigned>(topo.gpus.front().nearest_numa);
        const NumaNode* n = topo.find_node(node);
        if (n != nullptr && !n->cpus.empty()) {
            return node;
        }
    }
    const auto with_cpus = topo.nodes_with_cpus();
    if (with_cpus.empty()) {
        throw environment_error("no NUMA node with CPUs on " + topo.source);
    }
    return with_cpus.front();
}

std::vector<unsigned> spread_pus(const Topology& topo, unsigned node, unsigned threads) {
    std::vector<unsigned> firsts;
    std::vector<unsigned> siblings;
    for (const auto& c : topo.cores) {
        if (c.numa_node != static_cast<int>(node) || c.pus.empty()) {
            continue;
        }
        firsts.push_back(c.pus.front());
        siblings.insert(siblings.end(), c.pus.begin() + 1, c.pus.end());
    }
    firsts.insert(firsts.end(), siblings.begin(), siblings.end());
    if (firsts.size() < threads) {
        throw environment_error("NUMA node " + std::to_string(node) + " has " +
                                std::to_string(firsts.size()) + " CPUs, " +
                                std::to_string(threads) + " threads were asked for");
    }
    firsts.resize(threads);
    return firsts;
}

std::vector<unsigned> c2c_pus(const Topology& topo) {
    std::vector<unsigned> set;
    auto add = [&set](unsigned pu) {
        if (std::find(set.begin(), set.end(), pu) == set.end()) {
            set.push_back(pu);
        }
    };
    if (topo.cores.empty() || topo.cores.front().pus.empty()) {
        return set;
    }
    const Core& base = topo.cores.front();
    add(base.pus.front());
    if (base.pus.size() > 1) {
        add(base.pus[1]);
    }
    std::set<int> nodes_seen{base.numa_node};
    std::set<unsigned> packages_seen{base.package};
    for (const auto& c : topo.cores) {
        if (&c == &base || c.pus.empty()) {
            continue;
        }
        const bool new_package = packages_seen.insert(c.package).second;
        const bool new_node = nodes_seen.insert(c.numa_node).second;
        if (new_package || new_node) {
            add(c.pus.front());
        }
    }
    // A second core of the base package: the on-die figure next to the cross-socket ones. One
    // on the base's NUMA node where there is one, whatever the CPU numbering: a riscv64 kernel
    // numbers CPUs from the hart that booted, so the first other core may sit on another node.
    const Core* second = nullptr;
    for (const auto& c : topo.cores) {
        if (&c == &base || c.package != base.package || c.pus.empty()) {
            continue;
        }
        if (second == nullptr ||
            (c.numa_node == base.numa_node && second->numa_node != base.numa_node)) {
            second = &c;
        }
    }
    if (second != nullptr) {
        add(second->pus.front());
    }
    return set;
}

std::vector<Case> plan_host_cases(const Topology& topo, const PlanOptions& options) {
    return plan_host(topo, options, [](int node) { return memory_budget(node); }).cases;
}

HostPlan plan_host(const Topology& topo, const PlanOptions& options,
                   const std::function<MemoryBudget(int)>& budget_of) {
    HostPlan plan;
    std::vector<Case>& cases = plan.cases;
    require_pus_exist(topo, options.cpus);

    unsigned cpu_node = 0;
    if (options.numa) {
        cpu_node = options.numa->destination;
        topo.node_position(options.numa->source); // throws environment_error when absent
    } else if (!options.cpus.empty()) {
        const int n = topo.node_of_pu(options.cpus.front());
        cpu_node = n >= 0 ? static_cast<unsigned>(n) : default_cpu_node(topo);
    } else {
        cpu_node = default_cpu_node(topo);
    }
    const NumaNode& cpu_numa = topo.numa_nodes.at(topo.node_position(cpu_node));
    if (cpu_numa.cpus.empty() && options.cpus.empty()) {
        throw environment_error("NUMA node " + std::to_string(cpu_node) +
                                " has no CPUs to measure from");
    }

    std::vector<unsigned> memory_nodes;
    if (options.numa) {
        memory_nodes.push_back(options.numa->source);
    } else {
        memory_nodes.push_back(cpu_node);
        std::set<std::string> roles{"local"};
        for (const auto& n : topo.numa_nodes) {
            const std::string role = memory_role(topo, n.os_index, cpu_node);
            if (roles.insert(role).second) {
                memory_nodes.push_back(n.os_index);
            }
        }
    }

    // One thread per core by default; --threads may go up to every PU of the node.
    unsigned cores_on_node = 0;
    for (const auto& c : topo.cores) {
        cores_on_node += c.numa_node == static_cast<int>(cpu_node) ? 1 : 0;
    }
    const auto available =
        static_cast<unsigned>(options.cpus.empty() ? cpu_numa.cpus.size() : options.cpus.size());
    unsigned most = options.cpus.empty() ? std::max(1u, cores_on_node) : available;
    if (options.threads) {
        if (*options.threads > available) {
            throw environment_error(std::to_string(*options.threads) + " threads asked for but " +
                                    (options.cpus.empty()
                                         ? "NUMA node " + std::to_string(cpu_node) + " has "
                                         : std::string("--cpus lists ")) +
                                    std::to_string(available) + " CPUs");
        }
        most = *options.threads;
    }
    auto pus_for = [&](unsigned threads) {
        if (!options.cpus.empty()) {
            return std::vector<unsigned>(options.cpus.begin(), options.cpus.begin() + threads);
        }
        return spread_pus(topo, cpu_node, threads);
    };

    const auto threads = thread_sweep(options.suite, most);
    // Cache sizes are read for the live machine only: a recorded topology's PUs are not ours.
    std::optional<CacheSizes> caches;
    if (topo.source == "live") {
        caches = caches_for(pus_for(most));
        if (const std::string note = cache_note(*caches); !note.empty()) {
            plan.notes.push_back(note);
        }
    }
    const std::uint64_t llc = caches ? caches->llc_all : 0;
    for (std::string& note : topology_notes(topo)) {
        plan.notes.push_back(std::move(note));
    }
    // The DRAM point must fit the most constrained node the plan places memory on, by the
    // same figure the run checks each case against (memory_budget).
    std::optional<MemoryBudget> budget;
    if (topo.source == "live") {
        for (const unsigned mem : memory_nodes) {
            MemoryBudget b = budget_of(static_cast<int>(mem));
            if (!budget || b.bytes < budget->bytes) {
                budget = std::move(b);
            }
        }
    }
    if (budget && !budget->disagreement.empty()) {
        plan.notes.push_back(budget->disagreement);
    }
    auto with_dram = [&](std::vector<std::uint64_t> sizes) {
        if (!budget || sizes.empty()) {
            return sizes;
        }
        const DramPoint p = dram_point(llc, sizes.back(), *budget);
        if (p.size > 0) {
            sizes.push_back(p.size);
        }
        if (!p.reason.empty()) {
            plan.dram_point_reason = p.reason;
        }
        return sizes;
    };
    const auto bw_sizes =
        options.sizes ? *options.sizes : with_dram(bandwidth_sizes(options.suite));
    const Endpoint cpu{EndpointKind::host_cpu, static_cast<int>(cpu_node), "cpu", ""};
    const Endpoint local_mem{EndpointKind::host_memory, static_cast<int>(cpu_node), "local",
                             "numa"};
    // Every streaming path of the catalogue that this plan makes (core/path_catalogue.hpp).
    for (const PathId id : catalogued_paths(PlanBy::host_plan, PathGroup::host_stream)) {
        const Path path = make_path(id);
        for (const unsigned mem : memory_nodes) {
            const Endpoint memory{EndpointKind::host_memory, static_cast<int>(mem),
                                  memory_role(topo, mem, cpu_node), "numa"};
            for (const unsigned t : threads) {
                for (const std::uint64_t size : bw_sizes) {
                    // Several threads only where each gets a slice worth timing; a size given
                    // on the command line is measured with every thread count.
                    if (t > 1 && !options.sizes && size / t < (64u << 10)) {
                        continue;
                    }
                    if (size < 8ULL * t) {
                        continue;
                    }
                    Case c;
                    c.path = path;
                    c.size_bytes = size;
                    c.threads = t;
                    c.cpus = pus_for(t);
                    place_host_case(c, {memory, cpu, local_mem});
                    cases.push_back(std::move(c));
                }
            }
        }
    }

    const auto lat_sizes = options.sizes ? *options.sizes : with_dram(latency_sizes(options.suite));
    for (const PathId id : catalogued_paths(PlanBy::host_plan, PathGroup::host_chase)) {
        for (const unsigned mem : memory_nodes) {
            const Endpoint memory{EndpointKind::host_memory, static_cast<int>(mem),
                                  memory_role(topo, mem, cpu_node), "numa"};
            for (const std::uint64_t size : lat_sizes) {
                if (size < 256) {
                    continue; // a chase needs a few lines to be random
                }
                Case c;
                c.path = make_path(id);
                c.size_bytes = size;
                c.threads = 1;
                c.cpus = pus_for(1);
                place_host_case(c, {memory, cpu, local_mem});
                cases.push_back(std::move(c));
            }
        }
    }

    if (options.cold_cache) {
        std::vector<Case> twins = cold_twins(cases, llc);
        cases.insert(cases.end(), twins.begin(), twins.end());
    }

    const std::vector<unsigned> set = options.cpus.empty() ? c2c_pus(topo) : options.cpus;
    // Roles join runs of different machines (reports, gate): the n-th pair of a relation is
    // "<relation>" for n = 1, else "<relation>-<n>", so several same-relation pairs stay apart.
    std::map<std::string, unsigned> pairs_of;
    for (std::size_t i = 0; i < set.size(); ++i) {
        for (std::size_t j = i + 1; j < set.size(); ++j) {
            std::string rel = core_relation(topo, set[i], set[j]);
            const unsigned n = ++pairs_of[rel];
            if (n > 1) {
                rel += "-" + std::to_string(n);
            }
            Case c;
            c.path = host_c2c_path();
            c.source = {EndpointKind::core, static_cast<int>(set[i]), rel, ""};
            c.destination = {EndpointKind::core, static_cast<int>(set[j]), rel, ""};
            c.size_bytes = 64;
            c.threads = 2;
            c.cpus = {set[i], set[j]};
            cases.push_back(std::move(c));
        }
    }
    return plan;
}

} // namespace linkperf::bench
