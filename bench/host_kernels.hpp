#pragma once
// The host transfer kernels: copy, read and write a byte range with the widest loads and
// stores the ISA offers (non-temporal stores where it has them, chosen at compile time, with a
// portable fallback), a dependent-load pointer chase, and a spin hint.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace linkperf::bench {

enum class StoreKind { temporal, nontemporal };
const char* to_string(StoreKind kind);

// Which non-temporal store instructions this build uses ("sse2 movntdq", or "none" where the
// ISA has no portable streaming store and temporal stores stand in).
const char* stream_store_method();
bool has_stream_stores();

// Copies n bytes; nontemporal stores bypass the caches where the ISA has them.
void copy_bytes(void* dst, const void* src, std::size_t n, StoreKind kind);
// Reads n bytes with wide loads; returns the wrapping sum of the 64-bit words (n is rounded
// down to whole words) so the loads cannot be optimised away and the data can be checked.
std::uint64_t read_words(const void* src, std::size_t n);
// Fills n bytes (whole 64-bit words) with `pattern`.
void write_words(void* dst, std::size_t n, std::uint64_t pattern, StoreKind kind);

// Pointer chase over cache lines: builds a single random cycle (Sattolo's algorithm) through
// every `stride`-byte line of the buffer; line i holds the address of its successor.
void build_chase(std::byte* buf, std::size_t bytes, std::size_t stride, std::uint64_t seed);
// Follows `loads` dependent pointers from `start`; returns where it stopped.
const void* chase(const void* start, std::uint64_t loads);
// Walks the whole ring from buf: true when it visits every line once and returns to buf.
bool chase_ring_intact(const std::byte* buf, std::size_t bytes, std::size_t stride);

// Sattolo permutation of [0, n): next[i] is i's successor in one cycle through all n.
std::vector<std::uint32_t> single_cycle(std::uint32_t n, std::uint64_t seed);

// A hint for spin-wait loops (pause / yield), a no-op where the ISA has none.
void cpu_relax();

// The size of the last-level cache in bytes (sysconf, then sysfs), or 32 MiB when unknown.
std::size_t last_level_cache_bytes();

} // namespace linkperf::bench
