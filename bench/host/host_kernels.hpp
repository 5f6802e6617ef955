#pragma once
// The host transfer kernels: copy, read and write a byte range with the widest loads and
// stores this build and CPU offer, with temporal (plain) or non-temporal stores. The ISA code
// is chosen at compile time (x86_64: SSE2, AVX2 when the CPU has it; aarch64: NEON and
// `stnp`) and every other ISA gets a portable fallback that moves the same bytes.
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace linkperf::bench {

enum class StoreKind { temporal, nontemporal };
const char* to_string(StoreKind kind); // "temporal", "nontemporal"

// The vector width the kernels use on this CPU: "avx2", "sse2", "neon" or "scalar".
const char* vector_path();
// The non-temporal store instruction ("avx2 vmovntdq", "sse2 movntdq", "aarch64 stnp"), or
// "none (temporal stores)" where the ISA has none and plain stores stand in.
const char* stream_store_method();
bool has_stream_stores();
// The store kind a case of `working_set_bytes` gets when the caches serving its threads hold
// `cache_bytes`: non-temporal once the data cannot stay in the caches (and the ISA has them).
StoreKind store_kind_for(std::size_t working_set_bytes, std::size_t cache_bytes);

// Copies n bytes from src to dst (any alignment, any n; the ranges must not overlap).
void copy_bytes(void* dst, const void* src, std::size_t n, StoreKind kind);

// Reads n bytes with wide loads and returns their checksum: the wrapping sum of the 64-bit
// words at offsets 0, 8, 16... from src (native byte order) plus each byte of the n % 8 tail.
// The sum is what keeps the loads from being optimised away, and it checks the data.
std::uint64_t read_bytes(const void* src, std::size_t n);
// The same checksum computed one word at a time: the reference read_bytes must match.
std::uint64_t checksum_reference(const void* src, std::size_t n);

// Fills n bytes with `pattern` repeated from dst on: byte i of dst becomes byte i % 8 of the
// pattern as it lies in memory (any alignment, any n).
void write_bytes(void* dst, std::size_t n, std::uint64_t pattern, StoreKind kind);
// True when every byte of [dst, dst + n) holds what write_bytes(dst, n, pattern) wrote.
bool pattern_intact(const void* dst, std::size_t n, std::uint64_t pattern);

// Tells the compiler that any memory may have been read or changed here, so repeated passes
// over the same data are all performed (no pass is merged away or hoisted out of a loop).
inline void clobber_memory() {
#if defined(__GNUC__) || defined(__clang__)
    asm volatile("" ::: "memory");
#else
    std::atomic_signal_fence(std::memory_order_seq_cst);
#endif
}

// A hint for spin-wait loops (pause / yield), a no-op where the ISA has none.
void cpu_relax();

} // namespace linkperf::bench
