#pragma once
// The sizes of a run: nccl-tests' -b/-e with -f (geometric) or -i (linear), or linkperf's
// --sizes list/range.
#include <cstdint>
#include <string>
#include <vector>

namespace linkperf::coll {

struct SizeSweep {
    std::uint64_t min_bytes = 8;
    std::uint64_t max_bytes = 32ULL << 20;
    std::uint64_t factor = 2;     // > 1: geometric; 1: linear with step_bytes
    std::uint64_t step_bytes = 0; // nccl-tests' -i
};

inline constexpr std::size_t kMaxSizes = 4096;

// Throws Error(usage): min > max, factor 0, linear without a step, too many sizes.
std::vector<std::uint64_t> sweep_sizes(const SizeSweep& sweep);

// `--sizes` (linkperf's size syntax) when given, else the sweep.
std::vector<std::uint64_t> resolve_sizes(const std::string& sizes_spec, const SizeSweep& sweep);

} // namespace linkperf::coll
