// Cache control (platform/cache_control.hpp): the method is the ISA's own, flushing keeps the
// data, and on real hardware a flushed buffer is measurably colder than a cached one.
#include "core/error.hpp"
#include "platform/cache_control.hpp"
#include "platform/host_info.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using namespace linkperf;

namespace {

// Twice the last-level cache, the size the eviction buffer needs.
std::size_t eviction_bytes() {
    const long llc = ::sysconf(_SC_LEVEL3_CACHE_SIZE);
    return 2 * (llc > 0 ? static_cast<std::size_t>(llc) : std::size_t{32} << 20);
}

// A random single cycle through the 64-byte lines of `buf`, so hardware prefetchers cannot
// hide where the lines are loaded from.
void build_ring(std::vector<std::byte*>& buf) {
    const std::size_t per_line = 64 / sizeof(std::byte*);
    const std::size_t lines = buf.size() / per_line;
    std::vector<std::size_t> order(lines);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin() + 1, order.end(), std::mt19937_64(7));
    for (std::size_t i = 0; i < lines; ++i) {
        buf[order[i] * per_line] =
            reinterpret_cast<std::byte*>(&buf[order[(i + 1) % lines] * per_line]);
    }
}

double walk_seconds(std::vector<std::byte*>& buf, std::size_t lines) {
    const auto t0 = std::chrono::steady_clock::now();
    auto* p = reinterpret_cast<std::byte*>(buf.data());
    for (std::size_t i = 0; i < lines; ++i) {
        p = *reinterpret_cast<std::byte* volatile*>(p);
    }
    const auto t1 = std::chrono::steady_clock::now();
    REQUIRE(p == reinterpret_cast<std::byte*>(buf.data())); // the walk went round exactly once
    return std::chrono::duration<double>(t1 - t0).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

TEST_CASE("the flush method is the ISA's own", "[isa][cache]") {
    const FlushMethod m = native_flush_method();
#if defined(__x86_64__)
    CHECK((m == FlushMethod::clflushopt || m == FlushMethod::clflush));
#elif defined(__aarch64__)
    CHECK(m == FlushMethod::dc_civac);
#elif defined(__riscv_zicbom)
    CHECK(m == FlushMethod::cbo_flush);
#else
    CHECK(m == FlushMethod::eviction);
#endif
    const std::size_t g = flush_granule_bytes();
    CHECK(g >= 16);
    CHECK(g <= 1024);
    CHECK((g & (g - 1)) == 0);
    CHECK(std::string(to_string(FlushMethod::eviction)) == "eviction buffer");
    CHECK(std::string(to_string(FlushMethod::cbo_flush)) == "cbo.flush");
}

TEST_CASE("a method this CPU lacks and a tiny eviction buffer are refused", "[isa][cache]") {
    FlushMethod foreign = FlushMethod::dc_civac;
#if defined(__aarch64__)
    foreign = FlushMethod::clflush;
#endif
    try {
        CacheFlusher f(1 << 20, foreign);
        FAIL("accepted " << to_string(foreign));
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::environment);
    }
    try {
        CacheFlusher f(4096, FlushMethod::eviction);
        FAIL("accepted a 4 KiB eviction buffer");
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::usage);
    }
}

TEST_CASE("flushing leaves the data as it was", "[isa][cache]") {
    for (const FlushMethod m : {native_flush_method(), FlushMethod::eviction}) {
        INFO(to_string(m));
        CacheFlusher flusher(eviction_bytes(), m);
        CHECK(flusher.method() == m);
        std::vector<std::uint8_t> buf(1 << 20);
        for (std::size_t i = 0; i < buf.size(); ++i) {
            buf[i] = static_cast<std::uint8_t>(i * 131 + 7);
        }
        // An unaligned range that ends mid-line, and an empty one.
        flusher.flush(buf.data() + 3, buf.size() - 100);
        flusher.flush(buf.data(), 0);
        std::size_t wrong = 0;
        for (std::size_t i = 0; i < buf.size(); ++i) {
            wrong += buf[i] != static_cast<std::uint8_t>(i * 131 + 7);
        }
        CHECK(wrong == 0);
    }
}

TEST_CASE("a flushed buffer loads from memory, slower than a cached one", "[isa][cache]") {
    // 256 KiB: in the caches when warm, 4096 dependent loads from memory when flushed.
    std::vector<std::byte*> buf((256 << 10) / sizeof(std::byte*));
    build_ring(buf);
    const std::size_t lines = buf.size() * sizeof(std::byte*) / 64;
    const bool emulated = read_host_info().emulated;
    for (const FlushMethod m : {native_flush_method(), FlushMethod::eviction}) {
        INFO(to_string(m));
        CacheFlusher flusher(eviction_bytes(), m);
        std::vector<double> warm;
        std::vector<double> cold;
        const int trials = m == FlushMethod::eviction ? 7 : 21;
        for (int t = 0; t < trials; ++t) {
            walk_seconds(buf, lines);
            warm.push_back(walk_seconds(buf, lines));
            flusher.flush(buf.data(), buf.size() * sizeof(std::byte*));
            cold.push_back(walk_seconds(buf, lines));
        }
        INFO("median warm walk " << median(warm) * 1e6 << " us, flushed " << median(cold) * 1e6
                                 << " us");
        if (emulated) {
            // qemu has no caches to flush: only the walks' own checks mean something here.
            WARN("emulated (" << read_host_info().emulator << "): cache timing not checked");
        } else {
            // The eviction walk also flushes the TLB and the warm walk pays for that too.
            const double margin = m == FlushMethod::eviction ? 1.5 : 2.0;
            CHECK(median(cold) > margin * median(warm));
        }
    }
}
