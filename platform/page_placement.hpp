#pragma once
// Where the pages of a host range are (move_pages) against the NUMA node they were meant for:
// the one placement check, used by NumaBuffer and by the GPU layer's pinned and system memory.
#include <cstddef>
#include <string>
#include <vector>

namespace linkperf {

struct PlacementCheck {
    bool ok = false;                 // every sampled page was located, on the requested node
    std::vector<int> nodes_found;    // distinct nodes the located pages are on
    std::size_t pages_checked = 0;   // sampled pages the kernel was asked about
    std::size_t pages_elsewhere = 0; // located on another node than the requested one
    std::size_t pages_unknown = 0;   // the kernel could not say where they are
    std::string detail;              // human-readable when !ok or when nothing could be asked
};

// Asks the kernel where up to `max_pages` pages, sampled evenly across [data, data + bytes),
// are; node < 0 requests no node in particular. The rules:
// - A page the kernel cannot place (move_pages status < 0: -ENOENT, not present or never
//   touched; -EFAULT, a driver mapping without struct pages) is on no known node: it counts in
//   pages_unknown, never in nodes_found or pages_elsewhere, and makes ok false whatever `node`
//   (a page that may be anywhere is not verified anywhere).
// - Without NUMA in the kernel (numa_available() < 0: one memory node) nothing is asked and
//   ok is true for node <= 0. If move_pages itself fails (refused by a seccomp profile) the
//   pages' node is known only where there is one memory node (ok for node <= 0); with several,
//   ok only for node < 0. An empty range has nothing to verify (ok false).
PlacementCheck check_page_placement(const void* data, std::size_t bytes, int node,
                                    std::size_t max_pages);

} // namespace linkperf
