#pragma once
// Where a process sits in the job: its rank among the processes of its node (by hostname, as
// nccl-tests counts it) and the node counts recorded in the results.
#include "collectives/process_group.hpp"

#include <string>
#include <vector>

namespace linkperf::coll {

struct JobLayout {
    int local_rank = 0;
    int local_size = 1; // processes on this node
    int nodes = 1;
    int max_per_node = 1; // the most processes on one node
    std::string hostname;
    std::vector<std::string> hostnames; // one per process, by rank
};

// Collective over `group`.
JobLayout job_layout(ProcessGroup& group, const std::string& hostname);

} // namespace linkperf::coll
