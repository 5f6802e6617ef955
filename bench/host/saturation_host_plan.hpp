#pragma once
// The host half of `linkperf run --suite saturation` (docs/saturation.md): threads 1..N
// reading, writing and copying the memory of one NUMA node, from that node's cores and then
// the other nodes' cores (one curve, role local), and from the farthest node's cores alone
// (role far). Every concurrency level is an ordinary host.read/write/copy case; one
// DRAM-sized buffer per curve.
#include "core/plan.hpp"
#include "platform/topology.hpp"

#include <cstdint>
#include <vector>

namespace linkperf::bench {

// The concurrency levels of a sweep up to `most`: every count to 8, then steps of a quarter
// of the current power of two (10, 12, 14, 16, 20, 24, ...), and `most` itself.
std::vector<unsigned> sweep_levels(unsigned most);

// The buffer of a sweep: a power of two at least 64 MiB and 4x the last-level cache serving
// all the sweep's threads (`llc_all`), so every level streams from DRAM; halved while a copy's
// two buffers would not fit in a quarter of `host_bytes` (0: unknown, no bound).
std::uint64_t sweep_size(std::uint64_t llc_all, std::uint64_t host_bytes);

// The cases of the thread sweeps (empty when options.study.sweeps.threads is false). Throws
// Error(environment) for a --numa node or --cpus the topology lacks.
std::vector<Case> plan_host_saturation(const Topology& topo, const PlanOptions& options);

} // namespace linkperf::bench
