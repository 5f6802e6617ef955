// The host transfer kernels move exactly the bytes asked for, for every alignment, odd sizes,
// both store kinds and every vector path this build has, and touch nothing around them.
#include "bench/host/host_kernels.hpp"
#include "bench/host/host_kernels_isa.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace linkperf::bench;

namespace {

// Sizes around every unroll boundary (16/32/64/128 bytes) and a few larger odd ones.
const std::vector<std::size_t> kSizes = {
    0,   1,   7,   8,   9,   15,  16,  31,   32,   33,    63,    64,    65,    127,  128,
    129, 191, 255, 256, 257, 511, 999, 4096, 4099, 16383, 16384, 16447, 65541, 50152};
constexpr std::size_t kGuard = 64;
constexpr unsigned char kGuardByte = 0xEE;

struct Variant {
    std::string name;
    std::function<void(unsigned char*, const unsigned char*, std::size_t, bool)> copy;
    std::function<std::uint64_t(const unsigned char*, std::size_t)> read;
    std::function<void(unsigned char*, std::size_t, std::uint64_t, bool)> write;
};

// The public dispatch plus each variant compiled into this build.
std::vector<Variant> variants() {
    std::vector<Variant> v;
    v.push_back({"dispatch",
                 [](unsigned char* d, const unsigned char* s, std::size_t n, bool nt) {
                     copy_bytes(d, s, n, nt ? StoreKind::nontemporal : StoreKind::temporal);
                 },
                 [](const unsigned char* s, std::size_t n) { return read_bytes(s, n); },
                 [](unsigned char* d, std::size_t n, std::uint64_t p, bool nt) {
                     write_bytes(d, n, p, nt ? StoreKind::nontemporal : StoreKind::temporal);
                 }});
    v.push_back({"scalar",
                 [](unsigned char* d, const unsigned char* s, std::size_t n, bool) {
                     isa::copy_scalar(d, s, n);
                 },
                 isa::read_scalar,
                 [](unsigned char* d, std::size_t n, std::uint64_t p, bool) {
                     isa::write_scalar(d, n, p);
                 }});
#if defined(LINKPERF_HOST_KERNELS_X86)
    v.push_back({"sse2", isa::copy_sse2, isa::read_sse2, isa::write_sse2});
    if (isa::cpu_has_avx2()) {
        v.push_back({"avx2", isa::copy_avx2, isa::read_avx2, isa::write_avx2});
    }
#elif defined(LINKPERF_HOST_KERNELS_AARCH64)
    v.push_back({"neon", isa::copy_neon, isa::read_neon, isa::write_neon});
#endif
    return v;
}

// Bytes no kernel writes the same way twice: position and a salt.
void fill_distinct(unsigned char* p, std::size_t n, unsigned salt) {
    for (std::size_t i = 0; i < n; ++i) {
        p[i] = static_cast<unsigned char>((i * 131 + salt * 7 + (i >> 8)) & 0xFF);
    }
}

bool guards_intact(const std::vector<unsigned char>& buf, std::size_t begin, std::size_t n) {
    for (std::size_t i = 0; i < buf.size(); ++i) {
        if ((i < begin || i >= begin + n) && buf[i] != kGuardByte) {
            return false;
        }
    }
    return true;
}

// The checksum spelled out independently of the kernels' helpers.
std::uint64_t expected_checksum(const unsigned char* p, std::size_t n) {
    std::uint64_t sum = 0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, p + i, 8);
        sum += w;
    }
    for (; i < n; ++i) {
        sum += p[i];
    }
    return sum;
}

} // namespace

TEST_CASE("copy moves every byte for any alignment, size and store kind", "[host][kernels]") {
    for (const Variant& v : variants()) {
        for (const bool nt : {false, true}) {
            for (const std::size_t n : kSizes) {
                for (const std::size_t dst_off : {0, 1, 3, 8, 17, 32, 63}) {
                    for (const std::size_t src_off : {0, 5, 16, 40}) {
                        INFO(v.name << (nt ? " nontemporal" : " temporal") << " n=" << n << " dst+"
                                    << dst_off << " src+" << src_off);
                        std::vector<unsigned char> src(n + 128);
                        fill_distinct(src.data(), src.size(), static_cast<unsigned>(n));
                        std::vector<unsigned char> dst(n + 2 * kGuard + 64, kGuardByte);
                        v.copy(dst.data() + kGuard + dst_off, src.data() + src_off, n, nt);
                        REQUIRE(std::memcmp(dst.data() + kGuard + dst_off, src.data() + src_off,
                                            n) == 0);
                        REQUIRE(guards_intact(dst, kGuard + dst_off, n));
                    }
                }
            }
        }
    }
}

TEST_CASE("read returns the checksum of exactly the bytes asked for", "[host][kernels]") {
    for (const Variant& v : variants()) {
        for (const std::size_t n : kSizes) {
            for (const std::size_t off : {0, 1, 7, 8, 13, 32, 61}) {
                INFO(v.name << " n=" << n << " src+" << off);
                std::vector<unsigned char> buf(n + 128);
                fill_distinct(buf.data(), buf.size(), static_cast<unsigned>(off));
                const std::uint64_t want = expected_checksum(buf.data() + off, n);
                REQUIRE(v.read(buf.data() + off, n) == want);
                REQUIRE(checksum_reference(buf.data() + off, n) == want);
            }
        }
    }
    // A changed byte anywhere, tail included, changes the sum.
    std::vector<unsigned char> buf(1001);
    fill_distinct(buf.data(), buf.size(), 3);
    const std::uint64_t before = read_bytes(buf.data(), buf.size());
    for (const std::size_t at : {std::size_t{0}, std::size_t{500}, std::size_t{1000}}) {
        buf[at] ^= 0x10;
        CHECK(read_bytes(buf.data(), buf.size()) != before);
        buf[at] ^= 0x10;
    }
    CHECK(read_bytes(buf.data(), buf.size()) == before);
}

TEST_CASE("write fills the range with the pattern from its first byte on", "[host][kernels]") {
    const std::uint64_t pattern = 0x0123'4567'89AB'CDEFULL;
    unsigned char bytes[8];
    std::memcpy(bytes, &pattern, 8);
    for (const Variant& v : variants()) {
        for (const bool nt : {false, true}) {
            for (const std::size_t n : kSizes) {
                for (const std::size_t off : {0, 1, 2, 5, 8, 24, 33, 63}) {
                    INFO(v.name << (nt ? " nontemporal" : " temporal") << " n=" << n << " dst+"
                                << off);
                    std::vector<unsigned char> dst(n + 2 * kGuard + 64, kGuardByte);
                    unsigned char* d = dst.data() + kGuard + off;
                    v.write(d, n, pattern, nt);
                    bool ok = true;
                    for (std::size_t i = 0; i < n; ++i) {
                        ok = ok && d[i] == bytes[i % 8];
                    }
                    REQUIRE(ok);
                    REQUIRE(pattern_intact(d, n, pattern));
                    REQUIRE(guards_intact(dst, kGuard + off, n));
                }
            }
        }
    }
    // The check sees a single wrong byte.
    std::vector<unsigned char> buf(777);
    write_bytes(buf.data(), buf.size(), pattern, StoreKind::temporal);
    CHECK(pattern_intact(buf.data(), buf.size(), pattern));
    buf[776] ^= 1;
    CHECK_FALSE(pattern_intact(buf.data(), buf.size(), pattern));
    CHECK_FALSE(pattern_intact(buf.data(), buf.size() - 1, pattern + 1));
}

TEST_CASE("store kinds follow the working set against the caches", "[host][kernels]") {
    CHECK(store_kind_for(1 << 20, 32 << 20) == StoreKind::temporal);
    CHECK(store_kind_for(32 << 20, 32 << 20) == StoreKind::temporal);
    CHECK(store_kind_for(std::size_t{1} << 30, 32 << 20) ==
          (has_stream_stores() ? StoreKind::nontemporal : StoreKind::temporal));
    CHECK(std::string(to_string(StoreKind::temporal)) == "temporal");
    CHECK(std::string(to_string(StoreKind::nontemporal)) == "nontemporal");
#if defined(__x86_64__)
    CHECK(has_stream_stores());
    CHECK(std::string(stream_store_method()).find("movntdq") != std::string::npos);
    CHECK(std::string(vector_path()) == (isa::cpu_has_avx2() ? "avx2" : "sse2"));
#elif defined(__aarch64__)
    CHECK(std::string(stream_store_method()) == "aarch64 stnp");
#else
    CHECK_FALSE(has_stream_stores());
    CHECK(std::string(vector_path()) == "scalar");
#endif
}
