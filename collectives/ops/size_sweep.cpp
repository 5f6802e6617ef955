#include "collectives/ops/size_sweep.hpp"

#include "core/error.hpp"
#include "core/units.hpp"

#include <limits>

namespace linkperf::coll {

std::vector<std::uint64_t> sweep_sizes(const SizeSweep& s) {
    if (s.min_bytes > s.max_bytes) {
        throw usage_error("-b " + std::to_string(s.min_bytes) + " is larger than -e " +
                          std::to_string(s.max_bytes));
    }
    if (s.factor == 0) {
        throw usage_error("-f must be at least 1");
    }
    if (s.factor == 1 && s.step_bytes == 0 && s.min_bytes != s.max_bytes) {
        throw usage_error("-f 1 needs a step: -i BYTES");
    }
    std::vector<std::uint64_t> sizes;
    std::uint64_t size = s.min_bytes;
    while (size <= s.max_bytes) {
        sizes.push_back(size);
        if (sizes.size() > kMaxSizes) {
            throw usage_error("the sweep has more than " + std::to_string(kMaxSizes) +
                              " sizes: raise -f or -i");
        }
        const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
        if (s.factor > 1) {
            if (size == 0 || size > max / s.factor) {
                break;
            }
            size *= s.factor;
        } else {
            if (s.step_bytes == 0 || size > max - s.step_bytes) {
                break;
            }
            size += s.step_bytes;
        }
    }
    return sizes;
}

std::vector<std::uint64_t> resolve_sizes(const std::string& sizes_spec, const SizeSweep& sweep) {
    if (!sizes_spec.empty()) {
        return parse_size_spec(sizes_spec);
    }
    return sweep_sizes(sweep);
}

} // namespace linkperf::coll
