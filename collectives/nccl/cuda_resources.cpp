#include "collectives/nccl/cuda_resources.hpp"

#include "harness/error.hpp"

namespace linkperf::coll {

void cuda_check(cudaError_t result, const char* what) {
    if (result != cudaSuccess) {
        throw environment_error(std::string(what) + " failed: " + cudaGetErrorString(result));
    }
}

DeviceMemory::DeviceMemory(int device, std::size_t bytes) : device_(device) {
    cuda_check(cudaSetDevice(device_), "cudaSetDevice");
    void* p = nullptr;
    cuda_check(cudaMalloc(&p, bytes), "cudaMalloc");
    data_ = static_cast<std::byte*>(p);
}

DeviceMemory::~DeviceMemory() {
    if (data_ != nullptr) {
        cudaSetDevice(device_);
        cudaFree(data_);
    }
}

Stream::Stream(int device) : device_(device) {
    cuda_check(cudaSetDevice(device_), "cudaSetDevice");
    cuda_check(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate");
}

Stream::~Stream() {
    if (stream_ != nullptr) {
        cudaSetDevice(device_);
        cudaStreamDestroy(stream_);
    }
}

} // namespace linkperf::coll
