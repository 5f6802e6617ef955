// x86_64 kernels: SSE2 (part of the ISA) and AVX2 (target attribute, used after a CPU check).
// Non-temporal stores are movntdq / vmovntdq followed by sfence, since they are weakly ordered.
// Each width is written out with its own intrinsics on purpose: one template over both would
// need this file built with -mavx2 (then inline library code compiled for AVX2 may be the copy
// the linker keeps for SSE2 callers: SIGILL on a CPU without it) or inlining across target
// attributes, which the compiler does not promise; a bandwidth kernel must not pay a call per
// vector.
#include "bench/host/host_kernels_isa.hpp"

#ifdef LINKPERF_HOST_KERNELS_X86

#include <immintrin.h>

#include <algorithm>
#include <cstring>

namespace linkperf::bench::isa {
namespace {

// A streaming copy from one thread is bound by how many line fills are in flight; asking for
// the source eight lines ahead keeps more of them in flight than the hardware prefetcher does
// alone (measured: about +5% single-thread on Zen 3, neutral with every core copying; see
// docs/benchmarks.md). Prefetches past the end of the source never fault.
constexpr std::uintptr_t kPrefetchAhead = 512;

inline void prefetch_line(const unsigned char* p, std::size_t offset) {
    _mm_prefetch(reinterpret_cast<const char*>(reinterpret_cast<std::uintptr_t>(p) + offset +
                                               kPrefetchAhead),
                 _MM_HINT_T0);
}

// Streaming copies move four pages side by side, one line of each per step, as glibc's large
// memcpy does: four source streams open at once keep more line fills in flight and switch DRAM
// rows less than one linear stream (measured single-thread at 1 GiB on a Xeon VM: 7.5 GB/s
// against 5.6 GB/s linear, level with glibc's memcpy; docs/benchmarks.md).
constexpr std::size_t kPage = 4096;
constexpr std::size_t kWays = 4;

inline void prefetch_near(const unsigned char* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p + 128), _MM_HINT_T0);
}

} // namespace

bool cpu_has_avx2() {
    // libgcc checks OSXSAVE and XCR0 too, so true means the YMM state is usable.
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") != 0;
}

void copy_sse2(unsigned char* dst, const unsigned char* src, std::size_t n, bool nontemporal) {
    const std::size_t head = head_to_line(dst, n);
    std::memcpy(dst, src, head);
    std::size_t i = head;
    if (nontemporal) {
        for (; i + kWays * kPage <= n; i += kWays * kPage) {
            for (std::size_t off = 0; off < kPage; off += 64) {
                for (std::size_t k = 0; k < kWays; ++k) {
                    const unsigned char* sp = src + i + k * kPage + off;
                    auto* dp = reinterpret_cast<__m128i*>(dst + i + k * kPage + off);
                    prefetch_near(sp);
                    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sp));
                    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sp + 16));
                    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sp + 32));
                    const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sp + 48));
                    _mm_stream_si128(dp, a);
                    _mm_stream_si128(dp + 1, b);
                    _mm_stream_si128(dp + 2, c);
                    _mm_stream_si128(dp + 3, d);
                }
            }
        }
        for (; i + 64 <= n; i += 64) {
            prefetch_line(src, i);
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 16));
            const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 32));
            const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 48));
            _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i), a);
            _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i + 16), b);
            _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i + 32), c);
            _mm_stream_si128(reinterpret_cast<__m128i*>(dst + i + 48), d);
        }
        _mm_sfence();
    } else {
        for (; i + 64 <= n; i += 64) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 16));
            const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 32));
            const __m128i d = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 48));
            _mm_store_si128(reinterpret_cast<__m128i*>(dst + i), a);
            _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 16), b);
            _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 32), c);
            _mm_store_si128(reinterpret_cast<__m128i*>(dst + i + 48), d);
            // Keeps GCC from turning this loop back into a memcpy call, whose store kind
            // glibc chooses by size.
            asm volatile("" ::: "memory");
        }
    }
    std::memcpy(dst + i, src + i, n - i);
}

std::uint64_t read_sse2(const unsigned char* src, std::size_t n) {
    // Four accumulators so four loads are in flight and the adds do not serialise them.
    __m128i a0 = _mm_setzero_si128();
    __m128i a1 = _mm_setzero_si128();
    __m128i a2 = _mm_setzero_si128();
    __m128i a3 = _mm_setzero_si128();
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        a0 = _mm_add_epi64(a0, _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i)));
        a1 = _mm_add_epi64(a1, _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 16)));
        a2 = _mm_add_epi64(a2, _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 32)));
        a3 = _mm_add_epi64(a3, _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i + 48)));
    }
    const __m128i s = _mm_add_epi64(_mm_add_epi64(a0, a1), _mm_add_epi64(a2, a3));
    alignas(16) std::uint64_t lanes[2];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), s);
    return lanes[0] + lanes[1] + checksum_from(src, i, n);
}

void write_sse2(unsigned char* dst, std::size_t n, std::uint64_t pattern, bool nontemporal) {
    const std::size_t head = head_to_line(dst, n);
    write_pattern_bytes(dst, 0, head, pattern);
    const __m128i p = _mm_set1_epi64x(static_cast<long long>(pattern_word_at(pattern, head)));
    std::size_t i = head;
    if (nontemporal) {
        for (; i + 64 <= n; i += 64) {
            auto* d = reinterpret_cast<__m128i*>(dst + i);
            _mm_stream_si128(d, p);
            _mm_stream_si128(d + 1, p);
            _mm_stream_si128(d + 2, p);
            _mm_stream_si128(d + 3, p);
        }
        _mm_sfence();
    } else {
        for (; i + 64 <= n; i += 64) {
            auto* d = reinterpret_cast<__m128i*>(dst + i);
            _mm_store_si128(d, p);
            _mm_store_si128(d + 1, p);
            _mm_store_si128(d + 2, p);
            _mm_store_si128(d + 3, p);
            asm volatile("" ::: "memory"); // no memset call in its place
        }
    }
    write_pattern_bytes(dst, i, n, pattern);
}

__attribute__((target("avx2"))) void copy_avx2(unsigned char* dst, const unsigned char* src,
                                               std::size_t n, bool nontemporal) {
    const std::size_t head = head_to_line(dst, n);
    std::memcpy(dst, src, head);
    std::size_t i = head;
    if (nontemporal) {
        for (; i + kWays * kPage <= n; i += kWays * kPage) {
            for (std::size_t off = 0; off < kPage; off += 64) {
                for (std::size_t k = 0; k < kWays; ++k) {
                    const unsigned char* sp = src + i + k * kPage + off;
                    auto* dp = reinterpret_cast<__m256i*>(dst + i + k * kPage + off);
                    prefetch_near(sp);
                    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sp));
                    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(sp + 32));
                    _mm256_stream_si256(dp, a);
                    _mm256_stream_si256(dp + 1, b);
                }
            }
        }
        for (; i + 128 <= n; i += 128) {
            prefetch_line(src, i);
            prefetch_line(src, i + 64);
            const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i));
            const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 32));
            const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 64));
            const __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 96));
            _mm256_stream_si256(reinterpret_cast<__m256i*>(dst + i), a);
            _mm256_stream_si256(reinterpret_cast<__m256i*>(dst + i + 32), b);
            _mm256_stream_si256(reinterpret_cast<__m256i*>(dst + i + 64), c);
            _mm256_stream_si256(reinterpret_cast<__m256i*>(dst + i + 96), d);
        }
        _mm_sfence();
    } else {
        for (; i + 128 <= n; i += 128) {
            const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i));
            const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 32));
            const __m256i c = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 64));
            const __m256i d = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 96));
            _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i), a);
            _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i + 32), b);
            _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i + 64), c);
            _mm256_store_si256(reinterpret_cast<__m256i*>(dst + i + 96), d);
            asm volatile("" ::: "memory"); // no memcpy call in its place
        }
    }
    std::memcpy(dst + i, src + i, n - i);
}

__attribute__((target("avx2"))) std::uint64_t read_avx2(const unsigned char* src, std::size_t n) {
    __m256i a0 = _mm256_setzero_si256();
    __m256i a1 = _mm256_setzero_si256();
    __m256i a2 = _mm256_setzero_si256();
    __m256i a3 = _mm256_setzero_si256();
    std::size_t i = 0;
    for (; i + 128 <= n; i += 128) {
        a0 = _mm256_add_epi64(a0, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i)));
        a1 = _mm256_add_epi64(a1,
                              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 32)));
        a2 = _mm256_add_epi64(a2,
                              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 64)));
        a3 = _mm256_add_epi64(a3,
                              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + i + 96)));
    }
    const __m256i s = _mm256_add_epi64(_mm256_add_epi64(a0, a1), _mm256_add_epi64(a2, a3));
    alignas(32) std::uint64_t lanes[4];
    _mm256_store_si256(reinterpret_cast<__m256i*>(lanes), s);
    return lanes[0] + lanes[1] + lanes[2] + lanes[3] + checksum_from(src, i, n);
}

__attribute__((target("avx2"))) void write_avx2(unsigned char* dst, std::size_t n,
                                                std::uint64_t pattern, bool nontemporal) {
    const std::size_t head = head_to_line(dst, n);
    write_pattern_bytes(dst, 0, head, pattern);
    const __m256i p = _mm256_set1_epi64x(static_cast<long long>(pattern_word_at(pattern, head)));
    std::size_t i = head;
    if (nontemporal) {
        for (; i + 128 <= n; i += 128) {
            auto* d = reinterpret_cast<__m256i*>(dst + i);
            _mm256_stream_si256(d, p);
            _mm256_stream_si256(d + 1, p);
            _mm256_stream_si256(d + 2, p);
            _mm256_stream_si256(d + 3, p);
        }
        _mm_sfence();
    } else {
        for (; i + 128 <= n; i += 128) {
            auto* d = reinterpret_cast<__m256i*>(dst + i);
            _mm256_store_si256(d, p);
            _mm256_store_si256(d + 1, p);
            _mm256_store_si256(d + 2, p);
            _mm256_store_si256(d + 3, p);
            asm volatile("" ::: "memory"); // no memset call in its place
        }
    }
    write_pattern_bytes(dst, i, n, pattern);
}

} // namespace linkperf::bench::isa

#endif // LINKPERF_HOST_KERNELS_X86
