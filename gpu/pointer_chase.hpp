#pragma once
// The pointer-chasing chain of the latency paths: a buffer cut into lines of `stride` bytes,
// the first word of each line holding the address of the next line, the lines visited in one
// random cycle (Sattolo's algorithm) so that every load depends on the one before and no
// prefetcher can guess the next address. Addresses are written for the agent that will chase:
// the GPU's view of a host buffer may differ from the CPU's.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace linkperf::gpu {

// The order a chain visits its lines in.
enum class ChaseOrder {
    random,  // one random cycle (Sattolo): no prefetcher guesses the next line
    address, // line i -> line i + 1, the last back to the first: nvbandwidth's latency chain
             // (host_device_latency_sm, device_to_device_latency_sm: 128-byte stride)
};

// successor[i] is the line visited after line i: one cycle through all `lines` lines (`seed`
// draws the random order). Throws Error(usage) for fewer than 2 lines.
std::vector<std::uint32_t> chase_cycle(std::size_t lines, std::uint64_t seed,
                                       ChaseOrder order = ChaseOrder::random);

// Writes the chain into `words` (bytes / 8 words, zeroed where no pointer goes): line i's first
// word = base + successor[i] * stride. `stride` is a multiple of 8, `bytes` at least two lines.
void write_chase(std::uint64_t* words, std::size_t bytes, std::size_t stride, std::uint64_t base,
                 std::uint64_t seed, ChaseOrder order = ChaseOrder::random);

// Where a chase of `hops` loads from `base` ends (computed on the host from the same cycle),
// to check a GPU's or CPU's chase without walking a whole lap of a large chain.
std::uint64_t chase_end(std::size_t bytes, std::size_t stride, std::uint64_t base,
                        std::uint64_t seed, std::uint64_t hops,
                        ChaseOrder order = ChaseOrder::random);

// Number of lines a chain of `bytes` holds.
inline std::size_t chase_lines(std::size_t bytes, std::size_t stride) {
    return stride == 0 ? 0 : bytes / stride;
}

// Hops of the check after a latency case: a whole lap and one hop more for chains up to
// kChaseCheckLap lines, else that many hops plus one (a lap of a 1 GiB host chain would take
// seconds). Never a multiple of the cycle's length: after a whole number of laps every
// single-cycle chain is back at its start, so the end would not depend on the chain checked.
inline constexpr std::uint64_t kChaseCheckLap = 65536;
std::uint64_t chase_check_hops(std::size_t lines);

} // namespace linkperf::gpu
