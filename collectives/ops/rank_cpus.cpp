#include "collectives/ops/rank_cpus.hpp"

#include <algorithm>
#include <map>

namespace linkperf::coll {

RankCpus rank_cpus(const Topology& topo, int local_rank, int local_size,
                   const std::vector<unsigned>& current_binding) {
    RankCpus out;
    std::vector<unsigned> all = topo.pus;
    std::sort(all.begin(), all.end());
    std::vector<unsigned> bound = current_binding;
    std::sort(bound.begin(), bound.end());
    if (!bound.empty() && bound.size() < all.size()) {
        out.pus = bound;
        out.from_launcher = true;
        return out;
    }
    const std::size_t cores = topo.cores.size();
    if (cores == 0 || local_size < 1) {
        out.pus = all;
        return out;
    }
    const std::size_t lr = static_cast<std::size_t>(std::max(local_rank, 0));
    const std::size_t ls = static_cast<std::size_t>(local_size);
    std::size_t first = 0;
    std::size_t last = 0; // exclusive
    if (ls <= cores) {
        first = lr * cores / ls;
        last = (lr + 1) * cores / ls;
    } else {
        first = lr % cores;
        last = first + 1;
    }
    for (std::size_t c = first; c < last; ++c) {
        const auto& pus = topo.cores[c].pus;
        out.pus.insert(out.pus.end(), pus.begin(), pus.end());
    }
    std::sort(out.pus.begin(), out.pus.end());
    return out;
}

int nearest_numa_node(const Topology& topo, const std::vector<unsigned>& pus) {
    std::map<int, int> votes;
    for (const unsigned pu : pus) {
        const int node = topo.node_of_pu(pu);
        if (node >= 0) {
            ++votes[node];
        }
    }
    int best = -1;
    int best_votes = 0;
    for (const auto& [node, n] : votes) {
        if (n > best_votes) {
            best = node;
            best_votes = n;
        }
    }
    return best;
}

} // namespace linkperf::coll
