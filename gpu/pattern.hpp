#pragma once
// The data pattern written before a transfer and checked after it. Word w of a buffer holds
// pattern_word(w, seed) in little-endian byte order (the order of every CUDA host and GPU), so
// a byte at any offset is known without the rest of the buffer. Device code (gpu/kernels/) uses
// the same constexpr functions, so a buffer filled on a GPU checks on the CPU and back.
#include <cstddef>
#include <cstdint>

namespace linkperf::gpu {

// splitmix64 of the word index and seed: neighbouring words differ in about half their bits,
// so a dropped, repeated or shifted chunk cannot pass the check.
constexpr std::uint64_t pattern_word(std::uint64_t index, std::uint64_t seed) {
    std::uint64_t z = index + seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

constexpr std::uint8_t pattern_byte(std::uint64_t offset, std::uint64_t seed) {
    return static_cast<std::uint8_t>(pattern_word(offset / 8, seed) >> (8 * (offset % 8)));
}

// CPU versions for host-accessible memory.
void fill_pattern_host(void* data, std::size_t bytes, std::uint64_t seed);
// Number of bytes that differ from the pattern.
std::uint64_t count_mismatches_host(const void* data, std::size_t bytes, std::uint64_t seed);

} // namespace linkperf::gpu
