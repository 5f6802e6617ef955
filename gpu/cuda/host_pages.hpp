#pragma once
// Host-memory placement for CUDA allocations that NumaBuffer does not make: a memory policy
// that binds the calling thread's allocations to one NUMA node while cudaHostAlloc runs. Where
// the pages ended up is platform/page_placement's check_page_placement.
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

} // namespace linkperf::gpu
