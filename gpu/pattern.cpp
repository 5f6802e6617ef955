#include "gpu/pattern.hpp"

#include <bit>
#include <cstring>

namespace linkperf::gpu {
namespace {

static_assert(std::endian::native == std::endian::little,
              "the pattern is laid out little-endian, like every CUDA host");

} // namespace

void fill_pattern_host(void* data, std::size_t bytes, std::uint64_t seed) {
    auto* p = static_cast<unsigned char*>(data);
    const std::size_t words = bytes / 8;
    for (std::size_t w = 0; w < words; ++w) {
        const std::uint64_t v = pattern_word(w, seed);
        std::memcpy(p + w * 8, &v, 8);
    }
    for (std::size_t b = words * 8; b < bytes; ++b) {
        p[b] = pattern_byte(b, seed);
    }
}

std::uint64_t count_mismatches_host(const void* data, std::size_t bytes, std::uint64_t seed) {
    const auto* p = static_cast<const unsigned char*>(data);
    const std::size_t words = bytes / 8;
    std::uint64_t bad = 0;
    for (std::size_t w = 0; w < words; ++w) {
        std::uint64_t v = 0;
        std::memcpy(&v, p + w * 8, 8);
        const std::uint64_t diff = v ^ pattern_word(w, seed);
        if (diff != 0) {
            // Count differing bytes, not words, so the figure is comparable with the tail.
            for (int b = 0; b < 8; ++b) {
                bad += ((diff >> (8 * b)) & 0xff) != 0 ? 1 : 0;
            }
        }
    }
    for (std::size_t b = words * 8; b < bytes; ++b) {
        bad += p[b] != pattern_byte(b, seed) ? 1 : 0;
    }
    return bad;
}

} // namespace linkperf::gpu
