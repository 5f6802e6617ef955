#pragma once
// Which host-link cases a suite measures on a topology: memory nodes by role (local, near,
// far), the threads' node, the thread sweep, the sizes and the core pairs for host.c2c.
#include "harness/plan.hpp"
#include "harness/topology.hpp"

#include <string>
#include <vector>

namespace linkperf::bench {

// Paths of the host family.
Path host_copy_path();
Path host_read_path();
Path host_write_path();
Path host_latency_path();
Path host_c2c_path();

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

std::vector<Case> plan_host_cases(const Topology& topo, const PlanOptions& options);

} // namespace linkperf::bench
