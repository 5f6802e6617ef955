#pragma once
// The pairs of `linkperf run --suite contention` (docs/saturation.md): a victim flow measured
// alone and then while an aggressor flow runs. A pair is one case whose path is
// "contention.<victim path>+<aggressor path>", whose endpoints, size and threads are the
// victim's, and whose cpus are the victim's `threads` PUs followed by the aggressor's.
#include "core/plan.hpp"
#include "gpu/gpu_inventory.hpp"
#include "platform/topology.hpp"

#include <string>
#include <vector>

namespace linkperf::bench {

struct ContentionPair {
    std::string victim;    // "host.read"
    std::string aggressor; // "host.copy"
};

// "contention.host.read+host.copy" for {host.read, host.copy}.
std::string contention_path_id(const ContentionPair& pair);
// The pair of a contention path id; nullopt-like empty strings when `id` is not one.
ContentionPair contention_pair(const std::string& id);
bool is_contention_path(const std::string& id);

// Host pairs: host.read and host.copy by one core on node X against host copies into X by
// the node's other cores (or, on a one-core node, the nearest other node's). Empty when the
// host has a single PU: there is no other core to run an aggressor on.
std::vector<Case> plan_host_contention(const Topology& topo, const PlanOptions& options);

// GPU pairs around GPU 0 and its nearest node X: host.read/host.copy on X against GPU 0's
// D2H into X (the checkpoint) and H2D out of X; ce.h2d against ce.d2h on GPU 0's link; and
// peer traffic into GPU 0 against its host traffic (two or more GPUs). Empty without a device.
std::vector<Case> plan_gpu_contention(const Topology& topo, const gpu::GpuInventory& inventory,
                                      const PlanOptions& options);

} // namespace linkperf::bench
