#include "bench/host/host_measure.hpp"

#include "core/error.hpp"
#include "core/units.hpp"
#include "platform/memory_budget.hpp"

#include <algorithm>
#include <set>
#include <string>

namespace linkperf::bench {

void require_memory(std::uint64_t bytes, int node, const Case& c) {
    const MemoryBudget budget = memory_budget(node);
    if (bytes > budget.usable()) {
        throw environment_error(
            c.name() + " needs " + format_size(bytes) + " on NUMA node " + std::to_string(node) +
            " but only " + std::to_string(budget.usable() >> 20) + " MiB of " +
            std::to_string(budget.bytes >> 20) + " MiB free (" + budget.source + ") may be used");
    }
}

void record_placement(Measurement& m, const std::vector<const NumaBuffer*>& buffers,
                      const std::vector<int>& seen, const std::vector<unsigned>& wanted) {
    Placement& p = m.placement;
    p.verified = true;
    auto note = [&p](const std::string& what) {
        p.verified = false;
        p.detail += (p.detail.empty() ? "" : "; ") + what;
    };
    std::set<int> nodes;
    for (const NumaBuffer* b : buffers) {
        const PlacementCheck check = b->verify();
        nodes.insert(check.nodes_found.begin(), check.nodes_found.end());
        if (!check.ok) {
            note(check.detail);
        }
    }
    p.memory_nodes.assign(nodes.begin(), nodes.end());
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i] >= 0) {
            p.cpus_ran_on.push_back(static_cast<unsigned>(seen[i]));
        }
        if (i < wanted.size() && seen[i] != static_cast<int>(wanted[i])) {
            note("thread " + std::to_string(i) + " ran on CPU " + std::to_string(seen[i]) +
                 ", not " + std::to_string(wanted[i]));
        }
    }
}

nlohmann::json cache_facts(const CacheSizes& caches) {
    return {{"l1d_bytes", caches.l1d},
            {"l2_bytes", caches.l2},
            {"llc_bytes", caches.llc},
            {"llc_level", caches.llc_level},
            {"llc_bytes_all_threads", caches.llc_all},
            {"source", caches.source}};
}

} // namespace linkperf::bench
