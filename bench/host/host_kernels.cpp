// Picks the kernel variant for this build and CPU, and holds the portable variant and the
// pattern/checksum definitions every variant shares.
#include "bench/host/host_kernels.hpp"

#include "bench/host/host_kernels_isa.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h> // _mm_pause
#endif

namespace linkperf::bench {
namespace isa {

std::uint64_t pattern_word_at(std::uint64_t pattern, std::size_t offset) {
    unsigned char bytes[16];
    std::memcpy(bytes, &pattern, 8);
    std::memcpy(bytes + 8, &pattern, 8);
    std::uint64_t w = 0;
    std::memcpy(&w, bytes + offset % 8, 8);
    return w;
}

void write_pattern_bytes(unsigned char* dst, std::size_t from, std::size_t to,
                         std::uint64_t pattern) {
    unsigned char bytes[8];
    std::memcpy(bytes, &pattern, 8);
    for (std::size_t i = from; i < to; ++i) {
        dst[i] = bytes[i % 8];
    }
}

std::uint64_t checksum_from(const unsigned char* src, std::size_t from, std::size_t n) {
    const std::size_t words_end = n / 8 * 8;
    std::uint64_t sum = 0;
    for (std::size_t i = from; i < words_end; i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, src + i, 8);
        sum += w;
    }
    for (std::size_t i = words_end; i < n; ++i) {
        sum += src[i];
    }
    return sum;
}

void copy_scalar(unsigned char* dst, const unsigned char* src, std::size_t n) {
    std::memcpy(dst, src, n);
}

std::uint64_t read_scalar(const unsigned char* src, std::size_t n) {
    // Four independent sums keep four loads in flight; compilers vectorise this at -O3.
    std::uint64_t s0 = 0;
    std::uint64_t s1 = 0;
    std::uint64_t s2 = 0;
    std::uint64_t s3 = 0;
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        std::uint64_t w[4];
        std::memcpy(w, src + i, 32);
        s0 += w[0];
        s1 += w[1];
        s2 += w[2];
        s3 += w[3];
    }
    return s0 + s1 + s2 + s3 + checksum_from(src, i, n);
}

void write_scalar(unsigned char* dst, std::size_t n, std::uint64_t pattern) {
    const std::size_t words_end = n / 8 * 8;
    for (std::size_t i = 0; i < words_end; i += 8) {
        std::memcpy(dst + i, &pattern, 8);
    }
    write_pattern_bytes(dst, words_end, n, pattern);
}

} // namespace isa

namespace {

enum class VectorPath { avx2, sse2, neon, scalar };

VectorPath detect() {
#if defined(LINKPERF_HOST_KERNELS_X86)
    return isa::cpu_has_avx2() ? VectorPath::avx2 : VectorPath::sse2;
#elif defined(LINKPERF_HOST_KERNELS_AARCH64)
    return VectorPath::neon;
#else
    return VectorPath::scalar;
#endif
}

VectorPath vector() {
    static const VectorPath path = detect();
    return path;
}

} // namespace

const char* to_string(StoreKind kind) {
    return kind == StoreKind::temporal ? "temporal" : "nontemporal";
}

const char* vector_path() {
    switch (vector()) {
    case VectorPath::avx2:
        return "avx2";
    case VectorPath::sse2:
        return "sse2";
    case VectorPath::neon:
        return "neon";
    case VectorPath::scalar:
        break;
    }
    return "scalar";
}

const char* stream_store_method() {
    switch (vector()) {
    case VectorPath::avx2:
        return "avx2 vmovntdq";
    case VectorPath::sse2:
        return "sse2 movntdq";
    case VectorPath::neon:
        return "aarch64 stnp";
    case VectorPath::scalar:
        break;
    }
    return "none (temporal stores)";
}

bool has_stream_stores() {
    return vector() != VectorPath::scalar;
}

StoreKind store_kind_for(std::size_t working_set_bytes, std::size_t cache_bytes) {
    return has_stream_stores() && working_set_bytes > cache_bytes ? StoreKind::nontemporal
                                                                  : StoreKind::temporal;
}

void copy_bytes(void* dst, const void* src, std::size_t n, StoreKind kind) {
    auto* d = static_cast<unsigned char*>(dst);
    const auto* s = static_cast<const unsigned char*>(src);
    const bool nt = kind == StoreKind::nontemporal;
    switch (vector()) {
#if defined(LINKPERF_HOST_KERNELS_X86)
    case VectorPath::avx2:
        isa::copy_avx2(d, s, n, nt);
        return;
    case VectorPath::sse2:
        isa::copy_sse2(d, s, n, nt);
        return;
#elif defined(LINKPERF_HOST_KERNELS_AARCH64)
    case VectorPath::neon:
        isa::copy_neon(d, s, n, nt);
        return;
#endif
    default:
        break;
    }
    (void)nt;
    isa::copy_scalar(d, s, n);
}

std::uint64_t read_bytes(const void* src, std::size_t n) {
    const auto* s = static_cast<const unsigned char*>(src);
    switch (vector()) {
#if defined(LINKPERF_HOST_KERNELS_X86)
    case VectorPath::avx2:
        return isa::read_avx2(s, n);
    case VectorPath::sse2:
        return isa::read_sse2(s, n);
#elif defined(LINKPERF_HOST_KERNELS_AARCH64)
    case VectorPath::neon:
        return isa::read_neon(s, n);
#endif
    default:
        break;
    }
    return isa::read_scalar(s, n);
}

std::uint64_t checksum_reference(const void* src, std::size_t n) {
    return isa::checksum_from(static_cast<const unsigned char*>(src), 0, n);
}

void write_bytes(void* dst, std::size_t n, std::uint64_t pattern, StoreKind kind) {
    auto* d = static_cast<unsigned char*>(dst);
    const bool nt = kind == StoreKind::nontemporal;
    switch (vector()) {
#if defined(LINKPERF_HOST_KERNELS_X86)
    case VectorPath::avx2:
        isa::write_avx2(d, n, pattern, nt);
        return;
    case VectorPath::sse2:
        isa::write_sse2(d, n, pattern, nt);
        return;
#elif defined(LINKPERF_HOST_KERNELS_AARCH64)
    case VectorPath::neon:
        isa::write_neon(d, n, pattern, nt);
        return;
#endif
    default:
        break;
    }
    (void)nt;
    isa::write_scalar(d, n, pattern);
}

bool pattern_intact(const void* dst, std::size_t n, std::uint64_t pattern) {
    const auto* d = static_cast<const unsigned char*>(dst);
    const std::size_t words_end = n / 8 * 8;
    for (std::size_t i = 0; i < words_end; i += 8) {
        if (std::memcmp(d + i, &pattern, 8) != 0) {
            return false;
        }
    }
    unsigned char bytes[8];
    std::memcpy(bytes, &pattern, 8);
    for (std::size_t i = words_end; i < n; ++i) {
        if (d[i] != bytes[i % 8]) {
            return false;
        }
    }
    return true;
}

void cpu_relax() {
#if defined(__x86_64__)
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

} // namespace linkperf::bench
