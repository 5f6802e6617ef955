#pragma once
// Which host-link cases a suite measures on a topology: memory nodes by role (local, near,
// far), the threads' node, the thread sweep, the sizes and the core pairs for host.c2c.
#include "core/path_catalogue.hpp"
#include "core/plan.hpp"
#include "platform/memory_budget.hpp"
#include "platform/topology.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace linkperf::bench {

// Paths of the host family (their entries: core/path_catalogue.hpp).
Path host_copy_path();
Path host_read_path();
Path host_write_path();
Path host_latency_path();
Path host_c2c_path();
// Cold-cache twins of host.read and host.latency (--cold, docs/cold-cache.md).
Path host_read_cold_path();
Path host_latency_cold_path();

// The three ends a host case can have; place_host_case puts the ones its path's catalogue
// entry names (EndpointRole host_memory, host_cpu, copy_target) at its source and destination.
struct HostEnds {
    Endpoint memory;      // the memory under test
    Endpoint cpu;         // the measuring threads
    Endpoint copy_target; // where a copy lands
};
// Throws Error(usage) for a path that is not catalogued with host roles.
void place_host_case(Case& c, const HostEnds& ends);

// The cold-cache twins of `cases`: one per single-thread host.read and per host.latency case
// whose size fits in `llc_bytes` (above it the warm case already measures memory); every size
// when the last-level cache is not known (0).
std::vector<Case> cold_twins(const std::vector<Case>& cases, std::uint64_t llc_bytes);

// The role of memory on `memory_node` seen from threads on `cpu_node`: local, near or far
// (the nearest remote distance class is near, the farthest far; one remote class is far).
std::string memory_role(const Topology& topo, unsigned memory_node, unsigned cpu_node);

// The relation of two PUs for host.c2c: smt (same core), package (same package), remote.
std::string core_relation(const Topology& topo, unsigned pu_a, unsigned pu_b);

// The node whose CPUs measure by default: the node nearest GPU 0 when there is a GPU, else
// the first node with CPUs.
unsigned default_cpu_node(const Topology& topo);

// PUs for `threads` measuring threads on a node: one per core first, SMT siblings after.
std::vector<unsigned> spread_pus(const Topology& topo, unsigned node, unsigned threads);

// The PU set for host.c2c: one core per package (and per NUMA node), plus an SMT sibling and a
// second core of the first package where present.
std::vector<unsigned> c2c_pus(const Topology& topo);

// The default sizes end in DRAM only if their largest is well past the last-level cache: a
// server with a few hundred MiB of LLC gets one more size, the power of two at least 3x the
// LLC serving the measuring CPUs. Where that copy (two buffers) would take more than half of
// the memory budget, it shrinks to the largest power of two that does, and `reason` says so;
// none above `largest` fitting leaves size 0 with the reason.
struct DramPoint {
    std::uint64_t size = 0; // 0: no size added
    std::string reason;     // set when the point is below 3x LLC or dropped
};
DramPoint dram_point(std::uint64_t llc_bytes, std::uint64_t largest, const MemoryBudget& budget);

struct HostPlan {
    std::vector<Case> cases;
    std::string dram_point_reason;  // context.linkperf.dram_point_reason when set
    std::vector<std::string> notes; // the memory figures' disagreement, once
};

// Plans on `topo`; `budget_of(node)` is the memory figure of a node (memory_budget on the live
// machine; a recorded topology plans no DRAM point).
HostPlan plan_host(const Topology& topo, const PlanOptions& options,
                   const std::function<MemoryBudget(int)>& budget_of);
// plan_host with this machine's memory figures.
std::vector<Case> plan_host_cases(const Topology& topo, const PlanOptions& options);

} // namespace linkperf::bench
