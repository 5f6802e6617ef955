#pragma once
// Timed batches of copies (nvbandwidth's method): lane 0's stream is held by a kernel spinning
// on a host flag, every other lane waits on lane 0's start event (one common start), CUDA
// events bracket each lane's copies and lane 0 records the end of the whole batch after every
// lane's end (gpu/copy_plan.hpp: copy_timing_plan). Once everything is queued the flag
// is released, so the copies run back to back with no launch or enqueue gap in the timed
// region. SM lanes repeat their copy inside each kernel launch (sm_repeats_per_launch). Pageable
// memory cannot be queued this way (the driver stages it synchronously), so a pageable lane is
// timed on the host clock around synchronous copies. Backed by the CUDA layer.
#include "gpu/gpu_buffer.hpp"

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
    // Copies this lane runs per repetition asked of the batch: kBidirLoadFactor for the lane
    // that keeps the other direction loaded, 1 otherwise.
    std::uint64_t copies_per_rep = 1;
};

struct BatchTimes {
    // Each lane's copies, from its start (after the common start) to its end event, summed
    // over the chunks.
    std::vector<double> lane_seconds;
    // Per chunk of queued copies, the common start to the end of the last lane, summed over the
    // chunks.
    double total_seconds = 0;
};

class CopyBatch {
public:
    // Throws GpuError (unavailable: a pageable lane among several; out_of_memory; fatal).
    explicit CopyBatch(std::vector<CopyLane> lanes);
    ~CopyBatch();
    CopyBatch(const CopyBatch&) = delete;
    CopyBatch& operator=(const CopyBatch&) = delete;

    // `reps` copies per lane. A chunk whose hold timed out is timed again behind a hold
    // (kHoldAttempts in all); then one copy-engine lane goes on unheld (held() false), while
    // several lanes or a copy kernel throw GpuError(measurement): never an unheld time as held.
    BatchTimes run(std::uint64_t reps);
    bool held() const; // false: host-timed pageable copies
    // The load and store flavour an sm lane uses ("ld.global.cv" for host sources, ...).
    std::string describe_lane(std::size_t lane) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace linkperf::gpu
