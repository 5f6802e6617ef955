#pragma once
// Cache control for cold-cache cases: write back and drop a byte range from every cache level
// so the next access comes from memory. The instruction is chosen at compile time (x86_64
// clflushopt when CPUID has it, else clflush; aarch64 `dc civac`; riscv64 Zicbom `cbo.flush`
// when the target has Zicbom); elsewhere an eviction buffer larger than the caches is walked.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace linkperf {

enum class FlushMethod { clflushopt, clflush, dc_civac, cbo_flush, eviction };

// "clflushopt", "clflush", "dc civac", "cbo.flush", "eviction buffer".
const char* to_string(FlushMethod method);

// The flush instruction this build and CPU have, or eviction where there is none.
FlushMethod native_flush_method();

// The bytes one flush instruction covers on this CPU (the cache line, or the Zicbom block).
std::size_t flush_granule_bytes();

class CacheFlusher {
public:
    // `eviction_bytes` sizes the eviction buffer (make it at least twice the last-level cache);
    // it is allocated only when `method` is eviction. Throws Error: usage for an
    // eviction buffer of fewer than 64 KiB, environment for a method this build or CPU lacks.
    explicit CacheFlusher(std::size_t eviction_bytes, FlushMethod method = native_flush_method());

    FlushMethod method() const { return method_; }

    // Writes back and drops every cache line of [data, data + bytes). The data is unchanged.
    void flush(const void* data, std::size_t bytes);

private:
    FlushMethod method_;
    std::size_t granule_;
    std::vector<std::uint64_t> eviction_;
    std::uint64_t generation_ = 0; // written through the buffer so every walk dirties its lines
};

} // namespace linkperf
