#pragma once
// Timed batches of copies (nvbandwidth's method): every lane's stream is held by a kernel
// spinning on a host flag while the warm-up and timed copies are queued behind it, CUDA events
// bracket each lane's copies, then the flag is released so the copies run back to back with no
// launch or enqueue gap in the timed region. Pageable memory cannot be queued this way (the
// driver stages it synchronously), so a pageable lane is timed on the host clock around
// synchronous copies. Backed by the CUDA layer.
#include "harness/gpu/gpu_buffer.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace linkperf::gpu {

enum class CopyEngine {
    copy_engine, // cudaMemcpyAsync
    sm,          // a copy kernel: 16-byte vector loads and stores, unrolled grid-stride loop
};

struct CopyLane {
    const GpuBuffer* source = nullptr;
    GpuBuffer* destination = nullptr;
    std::size_t bytes = 0;
    int device = 0; // the GPU whose stream (and, for sm, whose SMs) carries the copies
    CopyEngine engine = CopyEngine::copy_engine;
};

struct BatchTimes {
    std::vector<double> lane_seconds; // each lane's copies, summed over the chunks
    // Per chunk of queued copies (up to 256 per lane, all lanes started by one release) the
    // slowest lane's time, summed over the chunks.
    double total_seconds = 0;
};

class CopyBatch {
public:
    // Throws GpuError (unavailable: a pageable lane among several; out_of_memory; fatal).
    explicit CopyBatch(std::vector<CopyLane> lanes);
    ~CopyBatch();
    CopyBatch(const CopyBatch&) = delete;
    CopyBatch& operator=(const CopyBatch&) = delete;

    // `reps` copies per lane. Throws GpuError(measurement) when the hold kernel timed out.
    BatchTimes run(std::uint64_t reps);
    bool held() const; // false: host-timed pageable copies
    // The load and store flavour an sm lane uses ("ld.global.cv" for host sources, ...).
    std::string describe_lane(std::size_t lane) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace linkperf::gpu
