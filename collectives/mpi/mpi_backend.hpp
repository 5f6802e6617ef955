#pragma once
// The MPI backend: host buffers on the rank's nearest NUMA node, the rank pinned with hwloc to
// its cores, blocking MPI calls timed with steady_clock exactly like a bare MPI loop.
#include "collectives/backend.hpp"
#include "collectives/local_rank.hpp"
#include "collectives/mpi/mpi_group.hpp"
#include "collectives/watchdog.hpp"
#include "platform/topology.hpp"

#include <memory>

namespace linkperf::coll {

struct MpiBackendConfig {
    std::uint64_t buffer_bytes = 0; // largest size of the run: each of send and recv
    bool bind = true;
};

// Throws Error(environment) when the node's free memory cannot hold every rank's
// buffers (checked before allocating).
std::unique_ptr<Backend> make_mpi_backend(MpiGroup& group, const Topology& topo,
                                          const JobLayout& layout, const MpiBackendConfig& config,
                                          Watchdog& watchdog);

} // namespace linkperf::coll
