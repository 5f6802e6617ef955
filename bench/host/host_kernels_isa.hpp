#pragma once
// The kernel variants behind host_kernels.hpp, one set per vector path. host_kernels.cpp picks
// one at run time; the unit tests call each variant this build has directly.
#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace linkperf::bench::isa {

// Shared by every variant. Offsets are relative to the start of the range, so the pattern
// and the checksum do not depend on where the range lies in memory.

// Destinations are aligned to whole cache lines so each streamed line is written completely
// and in order, which lets the write-combining buffers flush it as one transaction.
inline constexpr std::size_t kLine = 64;

// The bytes before dst's next line boundary (at most n), written the plain way.
inline std::size_t head_to_line(const unsigned char* dst, std::size_t n) {
    return std::min(n, (kLine - reinterpret_cast<std::uintptr_t>(dst) % kLine) % kLine);
}

// The 8 pattern bytes that start at `offset` of a write_bytes range, as a native word.
std::uint64_t pattern_word_at(std::uint64_t pattern, std::size_t offset);
// Writes the pattern into bytes [from, to) of the range that starts at dst.
void write_pattern_bytes(unsigned char* dst, std::size_t from, std::size_t to,
                         std::uint64_t pattern);
// The checksum of the words from `from` (a multiple of 8) on, plus the tail bytes past n / 8.
std::uint64_t checksum_from(const unsigned char* src, std::size_t from, std::size_t n);

// Portable: memcpy and word loops, built on every ISA (no non-temporal stores).
void copy_scalar(unsigned char* dst, const unsigned char* src, std::size_t n);
std::uint64_t read_scalar(const unsigned char* src, std::size_t n);
void write_scalar(unsigned char* dst, std::size_t n, std::uint64_t pattern);

#if defined(__x86_64__)
#define LINKPERF_HOST_KERNELS_X86 1
// SSE2 is part of x86_64; AVX2 is compiled with a target attribute and used only when the CPU
// (and the OS, for the YMM state) supports it.
bool cpu_has_avx2();
void copy_sse2(unsigned char* dst, const unsigned char* src, std::size_t n, bool nontemporal);
std::uint64_t read_sse2(const unsigned char* src, std::size_t n);
void write_sse2(unsigned char* dst, std::size_t n, std::uint64_t pattern, bool nontemporal);
void copy_avx2(unsigned char* dst, const unsigned char* src, std::size_t n, bool nontemporal);
std::uint64_t read_avx2(const unsigned char* src, std::size_t n);
void write_avx2(unsigned char* dst, std::size_t n, std::uint64_t pattern, bool nontemporal);
#elif defined(__aarch64__)
#define LINKPERF_HOST_KERNELS_AARCH64 1
// NEON is part of aarch64; `stnp` is its non-temporal store pair.
void copy_neon(unsigned char* dst, const unsigned char* src, std::size_t n, bool nontemporal);
std::uint64_t read_neon(const unsigned char* src, std::size_t n);
void write_neon(unsigned char* dst, std::size_t n, std::uint64_t pattern, bool nontemporal);
#endif

} // namespace linkperf::bench::isa
