#pragma once
// Chooses and builds the backend a run asked for, or says in one line why it cannot run here
// (built without MPI or NCCL, NCCL missing at run time, too few GPUs, too little memory).
#include "collectives/backend.hpp"
#include "collectives/local_rank.hpp"
#include "collectives/ops/coll_options.hpp"
#include "collectives/process_group.hpp"
#include "collectives/watchdog.hpp"
#include "platform/topology.hpp"

#include <memory>

namespace linkperf::coll {

struct BackendRequest {
    const CollOptions& options;
    ProcessGroup& group;
    const Topology& topo;
    const JobLayout& layout; // of `group`
    Watchdog& watchdog;
    int devices_per_process = 1; // nccl: GPUs this process drives
    std::uint64_t buffer_bytes = 0;
};

// Local work only (agreed on by the caller); then call connect() on every member.
std::unique_ptr<Backend> make_backend(const BackendRequest& request);

bool built_with_mpi();
bool built_with_nccl();

} // namespace linkperf::coll
