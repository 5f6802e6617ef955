#pragma once
// The hold of nvbandwidth's method: a flag in mapped host memory that hold kernels on any
// number of streams (and GPUs) spin on until the host releases them all at once.
#include "gpu/cuda/cuda_resources.hpp"

#include <cstdint>

namespace linkperf::gpu {

class HoldGate {
public:
    HoldGate();
    // Closes the gate (call before the first hold of a batch).
    void arm();
    // Queues a hold kernel on `stream` (a stream of the current device).
    void hold(const Stream& stream);
    // Lets every held stream run.
    void release();
    // Whether a hold kernel gave up before the release (the copies were not all queued in time,
    // or queueing blocked): the batch's timing cannot be trusted.
    bool timed_out() const;

private:
    MappedHostBlock block_; // int flag at offset 0, int timed_out at offset 64
};

// One stream held behind an armed gate for a scope: the hold is queued at construction and the
// gate released at the end. An exception leaving the scope also waits for the stream, so the
// hold kernel never reads the gate's memory after it is freed.
class HeldStream {
public:
    HeldStream(HoldGate& gate, const Stream& stream);
    ~HeldStream();
    HeldStream(const HeldStream&) = delete;
    HeldStream& operator=(const HeldStream&) = delete;

private:
    HoldGate& gate_;
    const Stream& stream_;
    int exceptions_;
};

} // namespace linkperf::gpu
