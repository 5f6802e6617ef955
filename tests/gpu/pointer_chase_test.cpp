// Properties of the pointer-chase chain: one cycle through every line, no line pointing at
// itself or mostly at its neighbour, addresses in range and aligned, reproducible by seed.
#include "core/error.hpp"
#include "gpu/pointer_chase.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using namespace linkperf;
using namespace linkperf::gpu;

TEST_CASE("the chase is one cycle through every line", "[gpu][chase]") {
    for (std::size_t n : {2u, 3u, 17u, 1000u, 65536u}) {
        INFO("lines " << n);
        const auto next = chase_cycle(n, 42);
        REQUIRE(next.size() == n);
        std::vector<bool> seen(n, false);
        std::uint32_t line = 0;
        for (std::size_t step = 0; step < n; ++step) {
            CHECK_FALSE(seen[line]);
            seen[line] = true;
            CHECK(next[line] != line);
            line = next[line];
        }
        CHECK(line == 0); // back at the start after exactly n steps
    }
}

TEST_CASE("the chase defeats next-line prefetching and depends on the seed", "[gpu][chase]") {
    const std::size_t n = 65536;
    const auto a = chase_cycle(n, 1);
    std::size_t sequential = 0;
    for (std::size_t i = 0; i < n; ++i) {
        sequential += a[i] == (i + 1) % n ? 1 : 0;
    }
    CHECK(sequential < n / 100);
    CHECK(chase_cycle(n, 1) == a);
    CHECK(chase_cycle(n, 2) != a);
}

TEST_CASE("the chain image holds aligned in-range addresses", "[gpu][chase]") {
    const std::size_t bytes = 64 * 1024;
    const std::size_t stride = 128;
    const std::uint64_t base = 0x7f0000000000ULL;
    std::vector<std::uint64_t> image(bytes / 8, 0xdeadbeef);
    write_chase(image.data(), bytes, stride, base, 7);
    const std::size_t lines = chase_lines(bytes, stride);
    std::set<std::uint64_t> targets;
    for (std::size_t i = 0; i < image.size(); ++i) {
        if (i % (stride / 8) != 0) {
            CHECK(image[i] == 0); // only the first word of a line is a pointer
            continue;
        }
        const std::uint64_t p = image[i];
        CHECK(p >= base);
        CHECK(p < base + bytes);
        CHECK((p - base) % stride == 0);
        targets.insert(p);
    }
    CHECK(targets.size() == lines);

    // Following the image from base matches chase_end, and a lap returns to base.
    std::uint64_t p = base;
    for (std::uint64_t h = 1; h <= lines + 3; ++h) {
        p = image[(p - base) / 8];
        if (h == 1 || h == 100 || h == lines || h == lines + 3) {
            INFO("hops " << h);
            CHECK(p == chase_end(bytes, stride, base, 7, h));
        }
    }
    CHECK(chase_end(bytes, stride, base, 7, lines) == base);
    CHECK(chase_end(bytes, stride, base, 7, 0) == base);
}

TEST_CASE("chase arguments that cannot make a chain", "[gpu][chase]") {
    CHECK_THROWS_AS(chase_cycle(1, 0), Error);
    std::vector<std::uint64_t> image(64);
    CHECK_THROWS_AS(write_chase(image.data(), 512, 12, 0, 0), Error);
    CHECK_THROWS_AS(write_chase(image.data(), 64, 64, 0, 0), Error); // one line
}

TEST_CASE("the check after a latency case detects a wrong chain", "[gpu][chase]") {
    const std::size_t stride = 128;
    const std::uint64_t base = 0x10000;
    for (std::size_t lines : {17u, 1000u, 65536u, 65537u, 100000u}) {
        INFO("lines " << lines);
        REQUIRE(chase_cycle(lines, 7) != chase_cycle(lines, 8));
        const std::uint64_t hops = chase_check_hops(lines);
        // Never a whole number of laps: there every one-cycle chain is back at its start.
        CHECK(hops % lines != 0);
        CHECK(hops <= kChaseCheckLap + 2);
        const std::size_t bytes = lines * stride;
        CHECK(chase_end(bytes, stride, base, 7, lines) == chase_end(bytes, stride, base, 8, lines));
        // A chain written from another seed (another cycle through the same lines) ends
        // elsewhere after the check's hops: following it image by image fails the check.
        std::vector<std::uint64_t> wrong(bytes / 8);
        write_chase(wrong.data(), bytes, stride, base, 8);
        std::uint64_t p = base;
        for (std::uint64_t h = 0; h < hops; ++h) {
            p = wrong[(p - base) / 8];
        }
        CHECK(p == chase_end(bytes, stride, base, 8, hops));
        CHECK(p != chase_end(bytes, stride, base, 7, hops));
    }
}

TEST_CASE("nvbandwidth's chain: 128-byte lines in address order, one cycle", "[gpu][chase]") {
    // host_device_latency_sm: 2 MiB, each node pointing 128 bytes further, the last back to
    // the first.
    const std::size_t bytes = 2 << 20;
    const std::size_t stride = 128;
    const std::uint64_t base = 0x7f0000000000ULL;
    std::vector<std::uint64_t> words(bytes / 8, 1);
    write_chase(words.data(), bytes, stride, base, 99, ChaseOrder::address);
    const std::size_t lines = bytes / stride;
    for (std::size_t i = 0; i < lines; ++i) {
        INFO(i);
        REQUIRE(words[i * stride / 8] == base + ((i + 1) % lines) * stride);
        REQUIRE(words[i * stride / 8 + 1] == 0);
    }
    // The seed draws nothing: the order is the addresses'.
    CHECK(chase_cycle(lines, 1, ChaseOrder::address) == chase_cycle(lines, 2, ChaseOrder::address));
    CHECK(chase_end(bytes, stride, base, 5, 3, ChaseOrder::address) == base + 3 * stride);
    CHECK(chase_end(bytes, stride, base, 5, lines + 1, ChaseOrder::address) == base + stride);
    // The random order of the same footprint ends elsewhere.
    CHECK(chase_end(bytes, stride, base, 5, 3) != base + 3 * stride);
}
