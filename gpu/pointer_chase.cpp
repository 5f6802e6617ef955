#include "gpu/pointer_chase.hpp"

#include "core/error.hpp"
#include "gpu/pattern.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

namespace linkperf::gpu {

std::vector<std::uint32_t> chase_cycle(std::size_t lines, std::uint64_t seed, ChaseOrder order) {
    if (lines < 2) {
        throw usage_error("a pointer chase needs at least two lines, got " + std::to_string(lines));
    }
    if (lines > std::numeric_limits<std::uint32_t>::max()) {
        throw usage_error("a pointer chase of " + std::to_string(lines) + " lines is too long");
    }
    std::vector<std::uint32_t> next(lines);
    if (order == ChaseOrder::address) {
        std::iota(next.begin(), next.end(), 1U);
        next.back() = 0;
        return next;
    }
    std::iota(next.begin(), next.end(), 0U);
    // Sattolo: swapping only with strictly earlier slots yields a single n-cycle, as a map
    // i -> next[i], drawn uniformly among all (n-1)! cycles.
    for (std::size_t i = lines - 1; i > 0; --i) {
        const std::size_t j = pattern_word(i, seed) % i;
        std::swap(next[i], next[j]);
    }
    return next;
}

void write_chase(std::uint64_t* words, std::size_t bytes, std::size_t stride, std::uint64_t base,
                 std::uint64_t seed, ChaseOrder order) {
    if (stride < 8 || stride % 8 != 0) {
        throw usage_error("pointer-chase stride must be a multiple of 8 bytes, got " +
                          std::to_string(stride));
    }
    const std::size_t lines = chase_lines(bytes, stride);
    const auto next = chase_cycle(lines, seed, order);
    std::memset(words, 0, bytes / 8 * 8);
    const std::size_t words_per_line = stride / 8;
    for (std::size_t i = 0; i < lines; ++i) {
        words[i * words_per_line] = base + static_cast<std::uint64_t>(next[i]) * stride;
    }
}

std::uint64_t chase_check_hops(std::size_t lines) {
    const std::uint64_t hops = std::min<std::uint64_t>(lines, kChaseCheckLap) + 1;
    return lines > 1 && hops % lines == 0 ? hops + 1 : hops;
}

std::uint64_t chase_end(std::size_t bytes, std::size_t stride, std::uint64_t base,
                        std::uint64_t seed, std::uint64_t hops, ChaseOrder order) {
    const auto next = chase_cycle(chase_lines(bytes, stride), seed, order);
    std::uint32_t line = 0;
    for (std::uint64_t h = 0; h < hops % next.size(); ++h) {
        line = next[line];
    }
    return base + static_cast<std::uint64_t>(line) * stride;
}

} // namespace linkperf::gpu
