#pragma once
// Sizes and rates. Sizes are bytes with binary multiples (K = 2^10, M = 2^20, G = 2^30);
// bandwidth is GB/s with G = 10^9, as every peer tool reports it.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf {

inline constexpr double kBytesPerGB = 1e9;
// The largest size a size option takes: 1 PiB, far beyond any memory, and small enough that
// every check multiplying a size (buffers per case, threads) stays inside 64 bits.
inline constexpr std::uint64_t kMaxSizeBytes = std::uint64_t{1} << 50;

// "4096", "4K", "64KiB", "1M", "1G", at most kMaxSizeBytes. Throws Error(usage) on
// anything else.
std::uint64_t parse_size(std::string_view text);

// A size list: "4K,64K,1M" or a geometric range "4K:1G:x2" (start:end:xFACTOR, end included
// when reached exactly). Sorted, duplicates removed. Throws Error(usage).
std::vector<std::uint64_t> parse_size_spec(std::string_view spec);

// 4096 -> "4K", 1536 -> "1536", 1073741824 -> "1G": exact binary multiples only.
std::string format_size(std::uint64_t bytes);

inline double to_gbps(double bytes, double seconds) {
    return bytes / seconds / kBytesPerGB;
}

} // namespace linkperf
