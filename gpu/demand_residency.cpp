#include "gpu/demand_residency.hpp"

#include <algorithm>

namespace linkperf::gpu {
namespace {

std::string node_list(const std::vector<int>& nodes) {
    std::string s;
    for (const int n : nodes) {
        s += (s.empty() ? "" : ",") + std::to_string(n);
    }
    return s.empty() ? "?" : s;
}

std::string nodes_phrase(const std::vector<int>& nodes) {
    return (nodes.size() == 1 ? "node " : "nodes ") + node_list(nodes);
}

} // namespace

const char* to_string(DemandOutcome outcome) {
    switch (outcome) {
    case DemandOutcome::migrated:
        return "migrated";
    case DemandOutcome::remote:
        return "remote";
    case DemandOutcome::moved:
        return "moved";
    case DemandOutcome::unknown:
        break;
    }
    return "unknown";
}

int percent_of_pages(std::size_t pages, std::size_t checked) {
    if (checked == 0) {
        return 0;
    }
    return static_cast<int>((pages * 200 + checked) / (checked * 2));
}

DemandResidency classify_demand_residency(const PlacementCheck& before, const PlacementCheck& after,
                                          int host_node) {
    DemandResidency r;
    if (before.pages_checked == 0 || before.pages_unknown > 0) {
        r.why_unknown = before.pages_checked == 0
                            ? "the page query gave no answer (" +
                                  (before.detail.empty() ? std::string("no pages asked about")
                                                         : before.detail) +
                                  ")"
                            : std::to_string(before.pages_unknown) + " of " +
                                  std::to_string(before.pages_checked) +
                                  " sampled pages were not located even before the kernel, so a "
                                  "page not located after it proves nothing";
        return r;
    }
    if (after.pages_checked == 0) {
        r.why_unknown = "the page query after the kernel gave no answer (" + after.detail + ")";
        return r;
    }
    r.pages_checked = after.pages_checked;
    r.migrated = after.pages_unknown;
    const std::size_t located = r.pages_checked - r.migrated;
    const auto was_there = [&](int n) {
        return std::find(before.nodes_found.begin(), before.nodes_found.end(), n) !=
               before.nodes_found.end();
    };
    for (const int n : after.nodes_found) {
        (was_there(n) ? r.stayed_on : r.moved_to).push_back(n);
    }
    if (host_node >= 0 && before.pages_elsewhere == 0) {
        // Every page started on host_node: the check's own count of pages elsewhere is exact.
        r.moved = after.pages_elsewhere;
    } else if (r.stayed_on.empty() && !r.moved_to.empty()) {
        // The pages started on several nodes (or a prefetch fell back to any host node): only
        // pages on none of those nodes count as moved, all or nothing.
        r.moved = located;
    }
    r.stayed = located - r.moved;
    if (r.migrated >= r.stayed && r.migrated >= r.moved) {
        r.outcome = DemandOutcome::migrated;
    } else if (r.moved >= r.stayed) {
        r.outcome = DemandOutcome::moved;
    } else {
        r.outcome = DemandOutcome::remote;
    }
    return r;
}

std::string demand_timing_note(const DemandResidency& r, int host_node) {
    const std::string home = host_node >= 0 ? "host node " + std::to_string(host_node) : "the host";
    const std::string reset = "; the pages return to " + home + " untimed before each one";
    const std::string sampled = " of " + std::to_string(r.pages_checked) + " sampled pages";
    switch (r.outcome) {
    case DemandOutcome::migrated:
        return "CUDA events around a copy kernel faulting " +
               std::to_string(percent_of_pages(r.migrated, r.pages_checked)) +
               "% of pages in (after it " + std::to_string(r.migrated) + sampled +
               " were no longer mapped on the CPU: migrated to the GPU)" + reset;
    case DemandOutcome::remote:
        return "CUDA events around a copy kernel that read remotely, " +
               std::to_string(percent_of_pages(r.stayed, r.pages_checked)) +
               "% of pages stayed on " + nodes_phrase(r.stayed_on) +
               " (the GPU loaded host memory over the link without migrating it)" + reset;
    case DemandOutcome::moved:
        return "CUDA events around a copy kernel after which " +
               std::to_string(percent_of_pages(r.moved, r.pages_checked)) + "% of pages were on " +
               nodes_phrase(r.moved_to) + ", not " + home +
               " (migrated to another NUMA node, e.g. GPU memory onlined as one)" + reset;
    case DemandOutcome::unknown:
        break;
    }
    return "CUDA events around a copy kernel reading managed memory that starts on " + home +
           "; where the pages went is unknown: " + r.why_unknown + reset;
}

} // namespace linkperf::gpu
