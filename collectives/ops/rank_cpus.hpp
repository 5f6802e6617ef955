#pragma once
// Where a rank runs: the launcher's binding when it chose part of the machine (mpirun
// --bind-to core, srun --cpu-bind), otherwise an even share of the cores by local rank, one
// core each (shared round-robin) when ranks outnumber cores.
#include "platform/topology.hpp"

#include <vector>

namespace linkperf::coll {

struct RankCpus {
    std::vector<unsigned> pus;
    bool from_launcher = false; // kept the binding the launcher gave
};

RankCpus rank_cpus(const Topology& topo, int local_rank, int local_size,
                   const std::vector<unsigned>& current_binding);

// The NUMA node holding most of `pus`, or -1 when none is known.
int nearest_numa_node(const Topology& topo, const std::vector<unsigned>& pus);

} // namespace linkperf::coll
