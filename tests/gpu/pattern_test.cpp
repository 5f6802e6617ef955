// The verification pattern: what a copy must deliver and what a broken copy cannot fake.
#include "gpu/pattern.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <vector>

using namespace linkperf::gpu;

TEST_CASE("a filled buffer checks clean and every damaged byte counts", "[gpu][pattern]") {
    for (std::size_t bytes : {1u, 7u, 8u, 13u, 4096u, 4099u}) {
        INFO(bytes << " bytes");
        std::vector<unsigned char> b(bytes);
        fill_pattern_host(b.data(), bytes, 99);
        CHECK(count_mismatches_host(b.data(), bytes, 99) == 0);
        b[bytes / 2] ^= 0x01;
        CHECK(count_mismatches_host(b.data(), bytes, 99) == 1);
        b[bytes - 1] ^= 0x80;
        CHECK(count_mismatches_host(b.data(), bytes, 99) == (bytes > 1 ? 2u : 1u));
    }
}

TEST_CASE("another seed, a shift or a stale buffer do not pass", "[gpu][pattern]") {
    const std::size_t bytes = 4096;
    std::vector<unsigned char> a(bytes), b(bytes + 8);
    fill_pattern_host(a.data(), bytes, 1);
    CHECK(count_mismatches_host(a.data(), bytes, 2) > bytes * 9 / 10);
    fill_pattern_host(b.data(), bytes + 8, 1);
    CHECK(count_mismatches_host(b.data() + 8, bytes, 1) > bytes * 9 / 10); // shifted a word
    std::vector<unsigned char> zero(bytes, 0);
    CHECK(count_mismatches_host(zero.data(), bytes, 1) > bytes * 9 / 10);
}

TEST_CASE("bytes follow the little-endian words", "[gpu][pattern]") {
    std::vector<unsigned char> b(24);
    fill_pattern_host(b.data(), b.size(), 5);
    for (std::size_t i = 0; i < b.size(); ++i) {
        CHECK(b[i] == pattern_byte(i, 5));
    }
    std::uint64_t w = 0;
    std::memcpy(&w, b.data() + 8, 8);
    CHECK(w == pattern_word(1, 5));
}
