#pragma once
// RAII for the CUDA resources the GPU paths use, and the CUDA layer's error check: a failed
// call becomes a HarnessError naming the call (environment for allocation and device errors).
#include "harness/error.hpp"

#include <cuda_runtime_api.h>

#include <cstddef>
#include <string>

namespace linkperf::gpu {

inline void check(cudaError_t err, const char* what) {
    if (err != cudaSuccess) {
        cudaGetLastError(); // clear a non-sticky error so the next case starts clean
        throw environment_error(std::string("CUDA: ") + what + ": " + cudaGetErrorString(err));
    }
}

class Stream {
public:
    Stream() { check(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking), "cudaStreamCreate"); }
    ~Stream() { cudaStreamDestroy(s_); }
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    cudaStream_t get() const { return s_; }

private:
    cudaStream_t s_ = nullptr;
};

class Event {
public:
    Event() { check(cudaEventCreate(&e_), "cudaEventCreate"); }
    ~Event() { cudaEventDestroy(e_); }
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    cudaEvent_t get() const { return e_; }

private:
    cudaEvent_t e_ = nullptr;
};

class DeviceBuffer {
public:
    explicit DeviceBuffer(std::size_t bytes) : bytes_(bytes) {
        check(cudaMalloc(&p_, bytes), "cudaMalloc");
    }
    ~DeviceBuffer() { cudaFree(p_); }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    void* get() const { return p_; }
    std::size_t size() const { return bytes_; }

private:
    void* p_ = nullptr;
    std::size_t bytes_ = 0;
};

// Page-locked host memory from cudaHostAlloc; first touched by the calling thread, so it lands
// on that thread's NUMA node under the default local policy.
class PinnedBuffer {
public:
    PinnedBuffer(std::size_t bytes, unsigned flags) : bytes_(bytes) {
        check(cudaHostAlloc(&p_, bytes, flags), "cudaHostAlloc");
    }
    ~PinnedBuffer() { cudaFreeHost(p_); }
    PinnedBuffer(const PinnedBuffer&) = delete;
    PinnedBuffer& operator=(const PinnedBuffer&) = delete;
    void* get() const { return p_; }
    std::size_t size() const { return bytes_; }

private:
    void* p_ = nullptr;
    std::size_t bytes_ = 0;
};

} // namespace linkperf::gpu
