#pragma once
// Host-memory placement for CUDA allocations that NumaBuffer does not make: a memory policy
// that binds the calling thread's allocations to one NUMA node while cudaHostAlloc runs, and a
// check of where the pages of any host range ended up.
#include "platform/numa_buffer.hpp"

#include <cstddef>
#include <vector>

namespace linkperf::gpu {

// MPOL_BIND to `node` for the calling thread; the previous policy is put back on destruction.
// Does nothing for node < 0 or without NUMA support.
class MemoryPolicyScope {
public:
    explicit MemoryPolicyScope(int node);
    ~MemoryPolicyScope();
    MemoryPolicyScope(const MemoryPolicyScope&) = delete;
    MemoryPolicyScope& operator=(const MemoryPolicyScope&) = delete;

private:
    bool active_ = false;
    int mode_ = 0;
    std::vector<unsigned long> mask_;
};

// Where the pages of [data, data + bytes) are (move_pages, up to `max_pages` sampled evenly).
// ok when every located page is on `node`; pages the kernel cannot locate (driver mappings)
// make ok false with a detail saying so.
PlacementCheck check_host_pages(const void* data, std::size_t bytes, int node,
                                std::size_t max_pages = 1024);

} // namespace linkperf::gpu
