#pragma once
// The kinds of memory a GPU path reads or writes, spelled as Endpoint::memory strings.
#include <optional>
#include <string>
#include <string_view>

namespace linkperf::gpu {

enum class MemoryKind {
    device,        // cudaMalloc on a GPU
    pageable,      // malloc'd host memory (NUMA-placed), copied through the driver's staging
    pinned,        // cudaHostAlloc (portable), allocated under a NUMA memory policy
    registered,    // NUMA-placed host memory pinned with cudaHostRegister (mapped)
    mapped,        // cudaHostAlloc mapped zero-copy memory (cudaHostGetDevicePointer)
    writecombined, // cudaHostAlloc mapped and write-combined
    managed,       // cudaMallocManaged
    system,        // NUMA-placed malloc'd memory that kernels load directly (HMM/ATS/C2C)
};

const char* to_string(MemoryKind kind);
std::optional<MemoryKind> memory_kind_from_string(std::string_view text);

// Host memory (everything but device); managed memory counts as host memory when it starts on
// the host.
inline bool is_host_kind(MemoryKind kind) {
    return kind != MemoryKind::device;
}

// Page-locked by the driver: the copy engines read and write it without staging.
inline bool is_page_locked(MemoryKind kind) {
    return kind == MemoryKind::pinned || kind == MemoryKind::registered ||
           kind == MemoryKind::mapped || kind == MemoryKind::writecombined;
}

} // namespace linkperf::gpu
