#include "bench/host/host_chase.hpp"

#include <cstring>
#include <numeric>
#include <random>

namespace linkperf::bench {

std::vector<std::uint64_t> single_cycle(std::uint64_t n, std::uint64_t seed) {
    std::vector<std::uint64_t> next(n);
    std::iota(next.begin(), next.end(), std::uint64_t{0});
    std::mt19937_64 rng(seed);
    // Swapping only with a strictly lower index is what makes the result one cycle
    // (Fisher-Yates would allow j == i and produce any permutation).
    for (std::uint64_t i = n; i > 1; --i) {
        std::uniform_int_distribution<std::uint64_t> pick(0, i - 2);
        std::swap(next[i - 1], next[pick(rng)]);
    }
    return next;
}

void build_chase(std::byte* buf, std::size_t bytes, std::size_t stride, std::uint64_t seed) {
    const std::size_t lines = bytes / stride;
    const std::vector<std::uint64_t> next = single_cycle(lines, seed);
    for (std::size_t i = 0; i < lines; ++i) {
        const void* target = buf + next[i] * stride;
        std::memcpy(buf + i * stride, &target, sizeof target);
    }
}

const void* chase(const void* start, std::uint64_t loads) {
    const void* p = start;
    // Unrolled so the loop branch does not show in the cache-resident chases.
    while (loads >= 8) {
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        loads -= 8;
    }
    while (loads-- > 0) {
        p = *static_cast<const void* const*>(p);
    }
    return p;
}

bool chase_ring_intact(const std::byte* buf, std::size_t bytes, std::size_t stride) {
    const std::size_t lines = bytes / stride;
    const std::byte* p = buf;
    for (std::size_t i = 0; i < lines; ++i) {
        if (p < buf || p >= buf + lines * stride ||
            static_cast<std::size_t>(p - buf) % stride != 0) {
            return false;
        }
        std::memcpy(&p, p, sizeof p);
        if (p == buf && i + 1 != lines) {
            return false; // a shorter cycle: some lines are never visited
        }
    }
    return p == buf;
}

} // namespace linkperf::bench
