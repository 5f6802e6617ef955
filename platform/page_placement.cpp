#include "platform/page_placement.hpp"

#include "platform/numa_buffer.hpp"

#include <numa.h>
#include <numaif.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <set>

namespace linkperf {

PlacementCheck check_page_placement(const void* data, std::size_t bytes, int node,
                                    std::size_t max_pages) {
    PlacementCheck check;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const auto first = reinterpret_cast<std::uintptr_t>(data) / page * page;
    const std::size_t pages =
        bytes == 0 ? 0 : (reinterpret_cast<std::uintptr_t>(data) + bytes - first + page - 1) / page;
    if (pages == 0) {
        check.detail = "no pages to check (an empty range)";
        return check;
    }
    if (!numa_supported()) {
        check.ok = node <= 0;
        check.detail = "no NUMA in this kernel: one memory node";
        if (!check.ok) {
            check.detail += ", so node " + std::to_string(node) + " does not exist";
        }
        return check;
    }
    const std::size_t n = std::min(pages, std::max<std::size_t>(max_pages, 1));
    std::vector<void*> addrs(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t p = n == 1 ? 0 : i * (pages - 1) / (n - 1);
        addrs[i] = reinterpret_cast<void*>(first + p * page);
    }
    std::vector<int> status(n, -1);
    // With nodes == nullptr move_pages only reports where each page is.
    if (::move_pages(0, n, addrs.data(), nullptr, status.data(), 0) != 0) {
        // Refused (a seccomp profile without CAP_SYS_NICE) or absent: with one memory node the
        // pages can be nowhere else; with several their node is unknown.
        const bool one_node = ::numa_max_node() == 0;
        check.ok = node < 0 || (one_node && node == 0);
        check.detail = "page location query (move_pages) failed";
        if (one_node) {
            check.detail += "; one memory node";
        }
        if (!check.ok) {
            check.detail += ": placement on node " + std::to_string(node) + " unverified";
        }
        return check;
    }
    std::set<int> found;
    check.pages_checked = n;
    for (const int s : status) {
        if (s < 0) {
            ++check.pages_unknown;
        } else {
            found.insert(s);
            check.pages_elsewhere += node >= 0 && s != node ? 1 : 0;
        }
    }
    check.nodes_found.assign(found.begin(), found.end());
    check.ok = check.pages_unknown == 0 && check.pages_elsewhere == 0;
    if (check.pages_unknown == n) {
        check.detail = "the kernel cannot locate any of the " + std::to_string(n) +
                       " sampled pages (not present, or a driver mapping): placement" +
                       (node >= 0 ? " on node " + std::to_string(node) : std::string()) +
                       " unverified";
    } else if (!check.ok) {
        const std::string of = " of " + std::to_string(n) + " sampled pages ";
        if (check.pages_elsewhere > 0) {
            check.detail = std::to_string(check.pages_elsewhere) + of + "are not on node " +
                           std::to_string(node);
        }
        if (check.pages_unknown > 0) {
            check.detail += (check.detail.empty() ? "" : "; ") +
                            std::to_string(check.pages_unknown) + of + "could not be located";
        }
    }
    return check;
}

} // namespace linkperf
