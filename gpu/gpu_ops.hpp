#pragma once
// Latency probes, managed-memory migration and peer access: the GPU operations the latency and
// um.* paths time. Backed by the CUDA layer; without CUDA every call throws GpuError.
#include "gpu/gpu_buffer.hpp"
#include "gpu/gpu_inventory.hpp"

#include <cstddef>
#include <cstdint>

namespace linkperf::gpu {

// Loads every kernel instantiation (gpu/kernels/launchers.cuh: kernel_registry) on every device of
// `inventory`, as nvbandwidth does at start: with lazy loading (CUDA >= 12.2) a kernel's first
// launch may wait for the whole context, and behind a spinning hold kernel that wait lasts
// until the hold times out. Call once before the first case. Returns the number loaded per
// device. Throws GpuError.
std::size_t preload_kernels(const GpuInventory& inventory);

// How the chasing GPU thread loads each pointer.
enum class ChaseLoad {
    l2,       // ld.global.cg: cached in L2 only, so a local chase sees L2 or device memory
    uncached, // ld.global.cv: host lines are fetched again on every load, so every hop
              // crosses the link whatever the footprint
};
inline const char* to_string(ChaseLoad load) {
    return load == ChaseLoad::l2 ? "ld.global.cg" : "ld.global.cv";
}

struct ChaseTiming {
    double seconds = 0;    // the hops alone, timed on the GPU by %globaltimer
    std::uint64_t end = 0; // the address the chase stopped at
};

// One GPU thread on `device` follows `hops` pointers from `start` (a device-view address of a
// chain written by write_chase).
ChaseTiming chase_on_gpu(int device, std::uint64_t start, std::uint64_t hops, ChaseLoad load);

// `round_trips` flag round trips between this (CPU) thread and a kernel on `device`, through
// `flags` (mapped host memory, at least 256 bytes): the CPU writes a value, the spinning kernel
// answers it. Returns the seconds on the host clock. Throws GpuError(measurement) when the
// kernel stops answering.
double pingpong_seconds(int device, GpuBuffer& flags, std::uint64_t round_trips);

// `reps` cudaMemcpyAsync calls of `bytes`, each waited for, on a stream of `device`: the time
// from the call to the host seeing completion, on the host clock.
double copy_latency_seconds(const GpuBuffer& source, GpuBuffer& destination, std::size_t bytes,
                            int device, std::uint64_t reps);

// Where managed memory is sent.
struct MigrationTarget {
    bool on_device = true;
    int device = 0;     // when on_device
    int numa_node = -1; // host node when !on_device (-1: any)
};

// Prefetches the first `bytes` of managed memory to `to` and waits.
void migrate(GpuBuffer& managed, std::size_t bytes, const MigrationTarget& to);
// `reps` times: prefetch to `from` (untimed), then a prefetch to `to` timed with CUDA events
// on a stream of `stream_device`. Returns the timed seconds summed.
double migration_seconds(GpuBuffer& managed, std::size_t bytes, const MigrationTarget& from,
                         const MigrationTarget& to, int stream_device, std::uint64_t reps);
// `reps` times: the managed source goes back to host node `host_node` (untimed), then a copy
// kernel on destination's GPU reads it (timed with CUDA events): it faults the pages over, or
// reads them in place where the GPU loads host memory directly (gpu/demand_residency tells
// which from where the pages are afterwards).
double demand_copy_seconds(GpuBuffer& managed_source, GpuBuffer& device_destination,
                           std::size_t bytes, int host_node, std::uint64_t reps);
// Keeps managed memory resident on `device` and lets the CPU load it in place there
// (preferred location + accessed-by-CPU advice, then a prefetch).
void pin_to_device(GpuBuffer& managed, std::size_t bytes, int device);

// Sets peer access between `a` and `b` (both ways) to `enabled` for its lifetime and puts the
// previous state back afterwards. Throws GpuError(unavailable) when enabling is refused.
class PeerAccessScope {
public:
    PeerAccessScope(int a, int b, bool enabled);
    ~PeerAccessScope();
    PeerAccessScope(const PeerAccessScope&) = delete;
    PeerAccessScope& operator=(const PeerAccessScope&) = delete;

private:
    int a_;
    int b_;
    bool changed_ab_ = false;
    bool changed_ba_ = false;
    bool enabled_;
};

} // namespace linkperf::gpu
