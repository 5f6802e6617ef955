#pragma once
// RAII for the CUDA objects the NCCL backend holds: device memory and streams. Errors become
// HarnessError(environment) naming the call.
#include <cuda_runtime_api.h>

#include <cstddef>
#include <string>

namespace linkperf::coll {

void cuda_check(cudaError_t result, const char* what);

class DeviceMemory {
public:
    DeviceMemory(int device, std::size_t bytes);
    ~DeviceMemory();
    DeviceMemory(const DeviceMemory&) = delete;
    DeviceMemory& operator=(const DeviceMemory&) = delete;
    std::byte* data() const { return data_; }

private:
    int device_;
    std::byte* data_ = nullptr;
};

class Stream {
public:
    explicit Stream(int device);
    ~Stream();
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    cudaStream_t get() const { return stream_; }

private:
    int device_;
    cudaStream_t stream_ = nullptr;
};

} // namespace linkperf::coll
