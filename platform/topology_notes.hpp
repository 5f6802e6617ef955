#pragma once
// What a kernel left out of the topology and linkperf assumes instead, one line each: no
// packages, a package spanning several NUMA nodes (no sockets in the firmware, as QEMU's riscv64
// virt machine), CPU numbering that is not node-contiguous, NUMA nodes without CPUs. `topo`
// prints them and `run` records them as notes (docs/porting.md says what each default is).
#include "platform/topology.hpp"

#include <string>
#include <vector>

namespace linkperf {

std::vector<std::string> topology_notes(const Topology& topo);

} // namespace linkperf
