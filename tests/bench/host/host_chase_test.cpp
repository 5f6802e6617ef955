// The pointer chase of host.latency: Sattolo's permutation is one cycle through every line,
// the laid-out ring is followed exactly, and a broken ring is caught.
#include "bench/host/host_chase.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <set>
#include <vector>

using namespace linkperf::bench;

namespace {

// Length of the cycle through 0 (stops after n steps at most).
std::uint64_t cycle_length(const std::vector<std::uint64_t>& next) {
    std::uint64_t i = 0;
    std::uint64_t steps = 0;
    do {
        i = next.at(i);
        ++steps;
    } while (i != 0 && steps <= next.size());
    return steps;
}

} // namespace

TEST_CASE("Sattolo's permutation is a single cycle over all elements", "[host][chase]") {
    for (const std::uint64_t n : {1u, 2u, 3u, 7u, 64u, 1000u, 65536u}) {
        for (const std::uint64_t seed : {1u, 42u, 0xdeadbeefu}) {
            INFO("n=" << n << " seed=" << seed);
            const auto next = single_cycle(n, seed);
            REQUIRE(next.size() == n);
            // A permutation: every element is somebody's successor exactly once.
            REQUIRE(std::set<std::uint64_t>(next.begin(), next.end()).size() == n);
            REQUIRE(cycle_length(next) == n);
            if (n > 1) {
                for (std::uint64_t i = 0; i < n; ++i) {
                    REQUIRE(next[i] != i); // no element points at itself
                }
            }
        }
    }
}

TEST_CASE("the permutation is random: seeds differ and neighbours are not successors",
          "[host][chase]") {
    const std::uint64_t n = 4096;
    const auto a = single_cycle(n, 1);
    const auto b = single_cycle(n, 2);
    CHECK(a != b);
    CHECK(single_cycle(n, 1) == a); // reproducible from the seed
    std::uint64_t sequential = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        sequential += a[i] == i + 1 ? 1 : 0;
    }
    CHECK(sequential < 16); // a uniform cycle has about one
}

TEST_CASE("the chase ring visits every cache line of the buffer once", "[host][chase]") {
    const std::size_t stride = 64;
    for (const std::size_t bytes : {std::size_t{128}, std::size_t{4096}, std::size_t{1} << 20}) {
        INFO("bytes=" << bytes);
        std::vector<std::byte> buf(bytes + stride);
        // Line-align the ring like a NumaBuffer is.
        auto* base = reinterpret_cast<std::byte*>(
            (reinterpret_cast<std::uintptr_t>(buf.data()) + stride - 1) / stride * stride);
        build_chase(base, bytes, stride, 7);
        REQUIRE(chase_ring_intact(base, bytes, stride));
        const std::size_t lines = bytes / stride;
        std::set<const void*> seen;
        const void* p = base;
        for (std::size_t i = 0; i < lines; ++i) {
            seen.insert(p);
            p = chase(p, 1);
        }
        CHECK(seen.size() == lines);
        CHECK(p == base);
        // The unrolled chase lands where single steps do.
        CHECK(chase(base, lines) == base);
        CHECK(chase(base, 3 * lines + 5) == chase(base, 5));
        // Random across pages: consecutive loads of a 1 MiB ring mostly change page.
        if (bytes >= (std::size_t{1} << 20)) {
            std::size_t same_page = 0;
            p = base;
            for (std::size_t i = 0; i < lines; ++i) {
                const void* q = chase(p, 1);
                same_page += (reinterpret_cast<std::uintptr_t>(p) >> 12) ==
                                     (reinterpret_cast<std::uintptr_t>(q) >> 12)
                                 ? 1
                                 : 0;
                p = q;
            }
            CHECK(same_page < lines / 64);
        }
    }
}

TEST_CASE("a ring with a shorter cycle or a stray pointer is caught", "[host][chase]") {
    const std::size_t stride = 64;
    const std::size_t bytes = 64 * stride;
    alignas(64) std::byte buf[bytes];
    build_chase(buf, bytes, stride, 3);
    REQUIRE(chase_ring_intact(buf, bytes, stride));
    // Point line 0 at itself: a cycle of one.
    const void* self = buf;
    std::memcpy(buf, &self, sizeof self);
    CHECK_FALSE(chase_ring_intact(buf, bytes, stride));
    // Point line 0 into the middle of a line.
    const void* stray = buf + 8;
    std::memcpy(buf, &stray, sizeof stray);
    CHECK_FALSE(chase_ring_intact(buf, bytes, stride));
}
