#include "collectives/local_rank.hpp"

#include <algorithm>
#include <map>

namespace linkperf::coll {

JobLayout job_layout(ProcessGroup& group, const std::string& hostname) {
    JobLayout j;
    j.hostname = hostname;
    j.hostnames = group.all_gather(hostname);
    std::map<std::string, int> per_node;
    for (int r = 0; r < static_cast<int>(j.hostnames.size()); ++r) {
        const int seen = per_node[j.hostnames[static_cast<std::size_t>(r)]]++;
        if (r == group.rank()) {
            j.local_rank = seen;
        }
    }
    j.local_size = per_node[hostname];
    j.nodes = static_cast<int>(per_node.size());
    for (const auto& [host, n] : per_node) {
        j.max_per_node = std::max(j.max_per_node, n);
    }
    return j;
}

} // namespace linkperf::coll
