#pragma once
// Where um.demand's managed pages went once a GPU kernel had read them from host memory, and
// the timing note that says so. A kernel's first read of a managed page either migrates it to
// the GPU (the driver unmaps the CPU's copy: move_pages no longer locates it), or, where the
// GPU reads host memory in place (NVLink-C2C with ATS, HMM systems, access-counter policies),
// leaves it on its host node. Device-free: the CUDA layer and the bench case feed it two page
// placement checks (platform/page_placement) of the same range.
#include "platform/page_placement.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace linkperf::gpu {

enum class DemandOutcome {
    migrated, // most sampled pages left host memory (no longer mapped on the CPU)
    remote,   // most stayed on their host node: the GPU read them over the link in place
    moved,    // most are on another NUMA node (GPU memory onlined as a node, e.g. GH200)
    unknown,  // the page query cannot tell (no answer, or pages not located before the kernel)
};
const char* to_string(DemandOutcome outcome);

struct DemandResidency {
    DemandOutcome outcome = DemandOutcome::unknown;
    std::size_t pages_checked = 0; // sampled pages asked about after the kernel
    std::size_t migrated = 0;      // no longer mapped on the CPU
    std::size_t stayed = 0;        // on the host node they were sent to
    std::size_t moved = 0;         // on another node
    std::vector<int> stayed_on;    // nodes found after that held pages before the kernel
    std::vector<int> moved_to;     // nodes found after that held none before
    std::string why_unknown;       // when outcome == unknown
};

// `before`: the range checked right after its pages were sent to host node `host_node` (-1: any
// node), before the kernel; `after`: the same range checked after the kernel. Rules:
// - before must have located every sampled page (a query that cannot place pages known to be
//   on the host cannot tell a migrated page from one it never sees): else unknown;
// - after, a page not located counts as migrated, one on a node that held pages before the
//   kernel as stayed, one on another node as moved (counted exactly when every page started
//   on host_node; otherwise all located pages count as moved only when none is on a node of
//   before); the largest of the three is the outcome (a tie goes
//   to migrated, then moved: the figure then includes page migration).
DemandResidency classify_demand_residency(const PlacementCheck& before, const PlacementCheck& after,
                                          int host_node);

// Percent of the checked pages, rounded to the nearest integer (0 when none were checked).
int percent_of_pages(std::size_t pages, std::size_t checked);

// The timing note of a um.demand (host -> GPU) case: "CUDA events around a copy kernel
// faulting N% of pages in ...", "... that read remotely, N% of pages stayed on node X ...",
// "... after which N% of pages were on node Y ..." or "... where the pages went is unknown".
std::string demand_timing_note(const DemandResidency& r, int host_node);

} // namespace linkperf::gpu
