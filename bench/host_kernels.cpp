#include "bench/host_kernels.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <numeric>
#include <random>
#include <string>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h> // SSE2: baseline on x86_64
#define LINKPERF_X86_STREAM 1
#endif

namespace linkperf::bench {

const char* to_string(StoreKind kind) {
    return kind == StoreKind::temporal ? "temporal" : "nontemporal";
}

#ifdef LINKPERF_X86_STREAM
const char* stream_store_method() {
    return "sse2 movntdq";
}
bool has_stream_stores() {
    return true;
}
#else
const char* stream_store_method() {
    return "none (temporal stores)";
}
bool has_stream_stores() {
    return false;
}
#endif

void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#elif defined(__aarch64__)
    asm volatile("yield" ::: "memory");
#elif defined(__riscv)
    // Zihintpause's `pause` is encoded as a FENCE hint that older cores treat as a no-op fence.
    asm volatile(".4byte 0x0100000f" ::: "memory");
#else
    asm volatile("" ::: "memory");
#endif
}

void copy_bytes(void* dst, const void* src, std::size_t n, StoreKind kind) {
#ifdef LINKPERF_X86_STREAM
    if (kind == StoreKind::nontemporal) {
        auto* d = static_cast<char*>(dst);
        const auto* s = static_cast<const char*>(src);
        // Align the destination to 16 bytes with an ordinary copy of the head.
        const std::size_t head =
            std::min(n, (16 - reinterpret_cast<std::uintptr_t>(d) % 16) % std::size_t{16});
        std::memcpy(d, s, head);
        d += head;
        s += head;
        n -= head;
        std::size_t i = 0;
        for (; i + 64 <= n; i += 64) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 16));
            const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 32));
            const __m128i e = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + i + 48));
            _mm_stream_si128(reinterpret_cast<__m128i*>(d + i), a);
            _mm_stream_si128(reinterpret_cast<__m128i*>(d + i + 16), b);
            _mm_stream_si128(reinterpret_cast<__m128i*>(d + i + 32), c);
            _mm_stream_si128(reinterpret_cast<__m128i*>(d + i + 48), e);
        }
        _mm_sfence(); // streaming stores are weakly ordered
        std::memcpy(d + i, s + i, n - i);
        return;
    }
#endif
    (void)kind;
    std::memcpy(dst, src, n);
}

std::uint64_t read_words(const void* src, std::size_t n) {
    const auto* w = static_cast<const std::uint64_t*>(src);
    const std::size_t words = n / 8;
    std::size_t i = 0;
#ifdef LINKPERF_X86_STREAM
    __m128i a0 = _mm_setzero_si128();
    __m128i a1 = _mm_setzero_si128();
    __m128i a2 = _mm_setzero_si128();
    __m128i a3 = _mm_setzero_si128();
    const auto* v = reinterpret_cast<const __m128i*>(w);
    for (; i + 8 <= words; i += 8) {
        const std::size_t k = i / 2;
        a0 = _mm_add_epi64(a0, _mm_loadu_si128(v + k));
        a1 = _mm_add_epi64(a1, _mm_loadu_si128(v + k + 1));
        a2 = _mm_add_epi64(a2, _mm_loadu_si128(v + k + 2));
        a3 = _mm_add_epi64(a3, _mm_loadu_si128(v + k + 3));
    }
    const __m128i s = _mm_add_epi64(_mm_add_epi64(a0, a1), _mm_add_epi64(a2, a3));
    alignas(16) std::uint64_t lanes[2];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), s);
    std::uint64_t sum = lanes[0] + lanes[1];
#else
    // Four independent accumulators let the loads overlap; the compiler vectorises this.
    std::uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (; i + 4 <= words; i += 4) {
        s0 += w[i];
        s1 += w[i + 1];
        s2 += w[i + 2];
        s3 += w[i + 3];
    }
    std::uint64_t sum = s0 + s1 + s2 + s3;
#endif
    for (; i < words; ++i) {
        sum += w[i];
    }
    return sum;
}

void write_words(void* dst, std::size_t n, std::uint64_t pattern, StoreKind kind) {
    auto* w = static_cast<std::uint64_t*>(dst);
    const std::size_t words = n / 8;
    std::size_t i = 0;
#ifdef LINKPERF_X86_STREAM
    if (kind == StoreKind::nontemporal) {
        while (i < words && reinterpret_cast<std::uintptr_t>(w + i) % 16 != 0) {
            w[i++] = pattern;
        }
        const __m128i p = _mm_set1_epi64x(static_cast<long long>(pattern));
        for (; i + 8 <= words; i += 8) {
            auto* d = reinterpret_cast<__m128i*>(w + i);
            _mm_stream_si128(d, p);
            _mm_stream_si128(d + 1, p);
            _mm_stream_si128(d + 2, p);
            _mm_stream_si128(d + 3, p);
        }
        _mm_sfence();
    }
#endif
    (void)kind;
    std::fill(w + i, w + words, pattern);
}

std::vector<std::uint32_t> single_cycle(std::uint32_t n, std::uint64_t seed) {
    // Sattolo: a uniformly random cyclic permutation, so one walk visits every element.
    std::vector<std::uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    std::mt19937_64 rng(seed);
    for (std::uint32_t i = n; i > 1; --i) {
        std::uniform_int_distribution<std::uint32_t> pick(0, i - 2);
        std::swap(order[i - 1], order[pick(rng)]);
    }
    std::vector<std::uint32_t> next(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        next[i] = order[i];
    }
    return next;
}

void build_chase(std::byte* buf, std::size_t bytes, std::size_t stride, std::uint64_t seed) {
    const auto lines = static_cast<std::uint32_t>(bytes / stride);
    const std::vector<std::uint32_t> next = single_cycle(lines, seed);
    for (std::uint32_t i = 0; i < lines; ++i) {
        const void* target = buf + static_cast<std::size_t>(next[i]) * stride;
        std::memcpy(buf + static_cast<std::size_t>(i) * stride, &target, sizeof target);
    }
}

const void* chase(const void* start, std::uint64_t loads) {
    const void* p = start;
    // Unrolled so the loop branch does not dominate cache-resident chases.
    while (loads >= 8) {
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        p = *static_cast<const void* const*>(p);
        loads -= 8;
    }
    while (loads-- > 0) {
        p = *static_cast<const void* const*>(p);
    }
    return p;
}

bool chase_ring_intact(const std::byte* buf, std::size_t bytes, std::size_t stride) {
    const std::size_t lines = bytes / stride;
    const void* p = buf;
    for (std::size_t i = 0; i < lines; ++i) {
        const auto* b = static_cast<const std::byte*>(p);
        if (b < buf || b >= buf + lines * stride || (b - buf) % static_cast<long>(stride) != 0) {
            return false;
        }
        p = *static_cast<const void* const*>(p);
        if (p == buf && i + 1 != lines) {
            return false; // a shorter cycle: some lines are never visited
        }
    }
    return p == buf;
}

std::size_t last_level_cache_bytes() {
    long best = 0;
#ifdef _SC_LEVEL3_CACHE_SIZE
    best = std::max(best, ::sysconf(_SC_LEVEL3_CACHE_SIZE));
    best = std::max(best, ::sysconf(_SC_LEVEL2_CACHE_SIZE));
#endif
    for (int i = 0; i < 8 && best <= 0; ++i) {
        std::ifstream in("/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/size");
        std::string s;
        if (!(in >> s) || s.empty()) {
            continue;
        }
        long v = std::stol(s);
        if (s.back() == 'K') {
            v <<= 10;
        } else if (s.back() == 'M') {
            v <<= 20;
        }
        best = std::max(best, v);
    }
    return best > 0 ? static_cast<std::size_t>(best) : std::size_t{32} << 20;
}

} // namespace linkperf::bench
