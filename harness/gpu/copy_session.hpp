#pragma once
// Explicit copies through the copy engines (cudaMemcpyAsync) between a host buffer on a chosen
// NUMA node and device memory, timed with CUDA events. Plain C++: the CUDA implementation is
// in harness/cuda/copy_session.cu, the "built without CUDA" one in harness/nocuda.
#include <cstdint>
#include <memory>
#include <string>

namespace linkperf::gpu {

enum class CopyDirection { h2d, d2h, d2d };
enum class HostMemory { pageable, pinned };

const char* to_string(CopyDirection d);
const char* to_string(HostMemory m);

struct CopySpec {
    CopyDirection direction = CopyDirection::h2d;
    int device = 0;
    HostMemory host_memory = HostMemory::pinned;
    std::size_t bytes = 0;
};

class CopySession {
public:
    virtual ~CopySession() = default;
    // Enqueues `reps` copies behind a kernel that holds the stream until all are queued, then
    // returns the seconds between CUDA events around them (launch overhead hidden).
    virtual double batch(std::uint64_t reps) = 0;
    // Checks on the destination that the last copy delivered the source pattern.
    virtual bool verify() = 0;
};

// Allocates and fills the buffers (host memory on the calling thread's NUMA node: bind it
// first). Throws HarnessError(environment) when the device or the memory cannot be had.
std::unique_ptr<CopySession> open_copy_session(const CopySpec& spec);

} // namespace linkperf::gpu
