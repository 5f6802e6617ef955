#pragma once
// The pointer chase of host.latency: a buffer whose cache lines form one random cycle (each
// line holds the address of the next), followed by dependent loads so each load waits for
// the previous one and the time per load is the latency of wherever the lines live.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace linkperf::bench {

// Sattolo's algorithm: a uniformly random cyclic permutation of [0, n), so following
// next[i] from any element visits all n before it returns.
std::vector<std::uint64_t> single_cycle(std::uint64_t n, std::uint64_t seed);

// Links every `stride`-byte line of buf (bytes / stride lines) into one random cycle: the
// lines of every page are visited in random order, and consecutive loads land on random
// pages, so neither the prefetchers nor a TLB walk pattern can predict the next address.
void build_chase(std::byte* buf, std::size_t bytes, std::size_t stride, std::uint64_t seed);

// Follows `loads` dependent pointers from `start`; returns where it stopped.
const void* chase(const void* start, std::uint64_t loads);

// Walks the ring from buf: true when it visits every line once and returns to buf.
bool chase_ring_intact(const std::byte* buf, std::size_t bytes, std::size_t stride);

} // namespace linkperf::bench
