#include "gpu/cuda/host_pages.hpp"

#include <numa.h>
#include <numaif.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <set>
#include <string>

namespace linkperf::gpu {
namespace {

std::size_t mask_words() {
    const int nodes = numa_num_possible_nodes();
    constexpr int bits = static_cast<int>(sizeof(unsigned long) * CHAR_BIT);
    return static_cast<std::size_t>((std::max(nodes, 1) + bits - 1) / bits);
}

unsigned long mask_bits(const std::vector<unsigned long>& mask) {
    return static_cast<unsigned long>(mask.size() * sizeof(unsigned long) * CHAR_BIT);
}

} // namespace

MemoryPolicyScope::MemoryPolicyScope(int node) {
    if (node < 0 || !numa_supported()) {
        return;
    }
    mask_.assign(mask_words(), 0);
    if (get_mempolicy(&mode_, mask_.data(), mask_bits(mask_), nullptr, 0) != 0) {
        return;
    }
    std::vector<unsigned long> bind(mask_.size(), 0);
    constexpr std::size_t bits = sizeof(unsigned long) * CHAR_BIT;
    const auto n = static_cast<std::size_t>(node);
    if (n / bits >= bind.size()) {
        return;
    }
    bind[n / bits] |= 1UL << (n % bits);
    // The kernel reads maxnode - 1 bits of a set_mempolicy mask (libnuma passes one more).
    active_ = set_mempolicy(MPOL_BIND, bind.data(), mask_bits(bind) + 1) == 0;
}

MemoryPolicyScope::~MemoryPolicyScope() {
    if (active_) {
        // MPOL_DEFAULT takes no node mask.
        set_mempolicy(mode_, mode_ == MPOL_DEFAULT ? nullptr : mask_.data(),
                      mode_ == MPOL_DEFAULT ? 0 : mask_bits(mask_) + 1);
    }
}

PlacementCheck check_host_pages(const void* data, std::size_t bytes, int node,
                                std::size_t max_pages) {
    PlacementCheck check;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t pages = (bytes + page - 1) / page;
    if (pages == 0 || !numa_supported()) {
        check.detail = "page placement cannot be checked (no NUMA support)";
        return check;
    }
    const std::size_t n = std::min(pages, std::max<std::size_t>(max_pages, 1));
    std::vector<void*> addrs(n);
    std::vector<int> status(n, -1);
    const auto base = reinterpret_cast<std::uintptr_t>(data) / page * page;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t p = n == 1 ? 0 : i * (pages - 1) / (n - 1);
        addrs[i] = reinterpret_cast<void*>(base + p * page);
    }
    if (move_pages(0, n, addrs.data(), nullptr, status.data(), 0) != 0) {
        check.detail = "move_pages failed: page placement unknown";
        return check;
    }
    std::set<int> found;
    std::size_t unknown = 0;
    for (int s : status) {
        if (s < 0) {
            ++unknown;
            continue;
        }
        found.insert(s);
        ++check.pages_checked;
        if (s != node) {
            ++check.pages_elsewhere;
        }
    }
    check.nodes_found.assign(found.begin(), found.end());
    check.ok = unknown == 0 && check.pages_checked > 0 && (node < 0 || check.pages_elsewhere == 0);
    if (unknown == n) {
        check.detail = "the kernel cannot locate these pages (a driver mapping): placement "
                       "unverified, allocated under a memory policy for node " +
                       std::to_string(node);
    } else if (!check.ok) {
        check.detail = std::to_string(check.pages_elsewhere) + " of " +
                       std::to_string(check.pages_checked) + " sampled pages are not on node " +
                       std::to_string(node) +
                       (unknown > 0 ? " (" + std::to_string(unknown) + " could not be located)"
                                    : std::string());
    }
    return check;
}

} // namespace linkperf::gpu
