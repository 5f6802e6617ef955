// aarch64 kernels: NEON loads and stores (part of the ISA), `stnp` for non-temporal stores.
#include "bench/host/host_kernels_isa.hpp"

#ifdef LINKPERF_HOST_KERNELS_AARCH64

#include <arm_neon.h>

#include <algorithm>
#include <cstring>

namespace linkperf::bench::isa {
namespace {

// One cache line with two non-temporal store pairs.
inline void stream_line(unsigned char* d, uint8x16_t a, uint8x16_t b, uint8x16_t c, uint8x16_t e) {
    asm volatile("stnp %q1, %q2, [%0]\n\t"
                 "stnp %q3, %q4, [%0, #32]"
                 :
                 : "r"(d), "w"(a), "w"(b), "w"(c), "w"(e)
                 : "memory");
}

// stnp is weakly ordered against later accesses to the same lines by other observers; the
// barrier makes the data visible before the caller signals completion.
inline void stream_fence() {
    asm volatile("dmb ishst" ::: "memory");
}

} // namespace

void copy_neon(unsigned char* dst, const unsigned char* src, std::size_t n, bool nontemporal) {
    if (!nontemporal) {
        std::memcpy(dst, src, n); // glibc's aarch64 memcpy: ldp/stp, plain stores
        return;
    }
    const std::size_t head = head_to_line(dst, n);
    std::memcpy(dst, src, head);
    std::size_t i = head;
    for (; i + 64 <= n; i += 64) {
        stream_line(dst + i, vld1q_u8(src + i), vld1q_u8(src + i + 16), vld1q_u8(src + i + 32),
                    vld1q_u8(src + i + 48));
    }
    stream_fence();
    std::memcpy(dst + i, src + i, n - i);
}

std::uint64_t read_neon(const unsigned char* src, std::size_t n) {
    uint64x2_t a0 = vdupq_n_u64(0);
    uint64x2_t a1 = vdupq_n_u64(0);
    uint64x2_t a2 = vdupq_n_u64(0);
    uint64x2_t a3 = vdupq_n_u64(0);
    std::size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        a0 = vaddq_u64(a0, vreinterpretq_u64_u8(vld1q_u8(src + i)));
        a1 = vaddq_u64(a1, vreinterpretq_u64_u8(vld1q_u8(src + i + 16)));
        a2 = vaddq_u64(a2, vreinterpretq_u64_u8(vld1q_u8(src + i + 32)));
        a3 = vaddq_u64(a3, vreinterpretq_u64_u8(vld1q_u8(src + i + 48)));
    }
    const uint64x2_t s = vaddq_u64(vaddq_u64(a0, a1), vaddq_u64(a2, a3));
    return vgetq_lane_u64(s, 0) + vgetq_lane_u64(s, 1) + checksum_from(src, i, n);
}

void write_neon(unsigned char* dst, std::size_t n, std::uint64_t pattern, bool nontemporal) {
    const std::size_t head = head_to_line(dst, n);
    write_pattern_bytes(dst, 0, head, pattern);
    const uint8x16_t p = vreinterpretq_u8_u64(vdupq_n_u64(pattern_word_at(pattern, head)));
    std::size_t i = head;
    if (nontemporal) {
        for (; i + 64 <= n; i += 64) {
            stream_line(dst + i, p, p, p, p);
        }
        stream_fence();
    } else {
        for (; i + 64 <= n; i += 64) {
            vst1q_u8(dst + i, p);
            vst1q_u8(dst + i + 16, p);
            vst1q_u8(dst + i + 32, p);
            vst1q_u8(dst + i + 48, p);
            asm volatile("" ::: "memory"); // no memset call in its place
        }
    }
    write_pattern_bytes(dst, i, n, pattern);
}

} // namespace linkperf::bench::isa

#endif // LINKPERF_HOST_KERNELS_AARCH64
