#include "gpu/cuda/host_pages.hpp"

#include "platform/numa_buffer.hpp"

#include <numa.h>
#include <numaif.h>

#include <algorithm>
#include <climits>
#include <cstddef>

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

} // namespace linkperf::gpu
