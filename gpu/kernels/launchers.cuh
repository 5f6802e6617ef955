#pragma once
// Host-side entry points to the device code in gpu/kernels/*.cu. Host C++ in gpu/cuda calls
// these; only the .cu files see the kernels themselves. Every launcher enqueues on `stream`
// (a stream of the current device) and reports launch errors through the CUDA error state.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace linkperf::kernels {

// How a copy kernel loads its source.
enum class LoadPolicy {
    normal,   // ld.global: device memory
    uncached, // ld.global.cv: host memory, fetched again on every copy (no stale L2 line)
};
// How a copy kernel stores its destination.
enum class StorePolicy {
    normal,        // st.global
    write_through, // st.global.wt: host memory, written through L2 to the link
};

// Grid of a copy kernel on the current device: 256-thread blocks, as many per SM as fit
// (occupancy API) divided among `share` kernels meant to run at once, never more than the data
// needs.
struct CopyGeometry {
    int grid = 1;
    int block = 256;
};
// Throws GpuError when CUDA cannot answer (no current device, lost context).
CopyGeometry copy_geometry(std::size_t bytes, int share = 1);

// Copies `bytes` from src to dst `repeats` times in one launch (nvbandwidth loops inside its
// kernel too: a launch per small copy would time launch turnaround, not the link), with
// 16-byte vector accesses in an unrolled grid-stride loop (the byte tail, if any, by one
// thread). Both pointers must be 16-byte aligned. With `marks` (a device word), every block
// adds 1 to it per repetition: grid x repeats per launch (copy_marks_mismatch checks the sum).
void launch_copy(cudaStream_t stream, void* dst, const void* src, std::size_t bytes,
                 LoadPolicy load, StorePolicy store, CopyGeometry geometry,
                 std::uint64_t repeats = 1, unsigned long long* marks = nullptr);

// Holds `stream` until *flag != 0 (a mapped host word). Gives up after timeout_ns and sets
// *timed_out = 1, so a lost release cannot hang the GPU.
void launch_hold(cudaStream_t stream, const volatile int* flag, volatile int* timed_out,
                 std::uint64_t timeout_ns);

// The verification pattern of gpu/pattern.hpp over `bytes` bytes of device-accessible
// memory, and the number of bytes that differ from it (added to *mismatches).
void launch_fill_pattern(cudaStream_t stream, void* data, std::size_t bytes, std::uint64_t seed);
void launch_count_mismatches(cudaStream_t stream, const void* data, std::size_t bytes,
                             std::uint64_t seed, unsigned long long* mismatches);

// One thread follows `hops` pointers from `start`, with ld.global.cg (uncached = false) or
// ld.global.cv loads; out[0] = the last address, out[1] = nanoseconds by %globaltimer, read
// after the last load has returned.
void launch_chase(cudaStream_t stream, std::uint64_t start, std::uint64_t hops, bool uncached,
                  std::uint64_t* out);

// Answers `rounds` host pings: waits until *ping == i, then writes *pong = i, for i = 1..rounds
// (rounds < kPingPongAbort). First writes *pong = kPingPongReady. Stops early when the host
// writes *ping = kPingPongAbort or no ping came for about timeout_ns. The abort rides in the
// ping word so that each poll is one read across the link, not two.
inline constexpr std::uint32_t kPingPongReady = 0xFFFFFFFFu;
inline constexpr std::uint32_t kPingPongAbort = 0xFFFFFFFEu;
void launch_pingpong(cudaStream_t stream, const volatile std::uint32_t* ping,
                     volatile std::uint32_t* pong, std::uint64_t rounds, std::uint64_t timeout_ns);

// Reads and writes back one word in every `page_bytes` of `bytes` (no value changes), so that
// HMM maps (or faults in) every page for this GPU before anything is timed.
void launch_touch_pages(cudaStream_t stream, void* data, std::size_t bytes, std::size_t page_bytes);

// One kernel instantiation a launcher above can launch.
struct KernelEntry {
    const char* name;     // "copy_kernel<uncached, write_through>"
    const void* function; // for cudaFuncGetAttributes (which loads it under lazy loading)
};
// Every kernel instantiation of gpu/kernels/*.cu, in one list: the runner loads them all on every
// device before the first case (CUDA >= 12.2 loads lazily at first launch, which can wait for
// the whole context - behind a spinning hold kernel, that is a stall until its timeout).
// The launchers take their kernels from the same tables, so a kernel cannot be launched
// without being listed.
std::vector<KernelEntry> kernel_registry();

} // namespace linkperf::kernels
