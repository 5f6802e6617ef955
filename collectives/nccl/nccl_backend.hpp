#pragma once
// The NCCL backend: one GPU per rank chosen by local rank (or -g GPUs per process, all local
// GPUs of one process through ncclCommInitAll), device buffers, the unique id broadcast over
// the process group, ops queued on a stream and timed around the stream's completion like
// nccl-tests.
#include "collectives/backend.hpp"
#include "collectives/local_rank.hpp"
#include "collectives/process_group.hpp"
#include "collectives/watchdog.hpp"
#include "platform/topology.hpp"

#include <memory>

namespace linkperf::coll {

struct NcclBackendConfig {
    std::uint64_t buffer_bytes = 0; // each of send and recv, per GPU
    bool bind = true;
    int devices_per_process = 1;
};

// Local checks and allocation only: throws Error(environment) when NCCL cannot be
// loaded, the node has fewer GPUs than ranks, or a GPU lacks the memory. connect() builds
// the communicators.
std::unique_ptr<Backend> make_nccl_backend(ProcessGroup& group, const Topology& topo,
                                           const JobLayout& layout, const NcclBackendConfig& config,
                                           Watchdog& watchdog);

} // namespace linkperf::coll
