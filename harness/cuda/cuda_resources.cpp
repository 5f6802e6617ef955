#include "harness/cuda/cuda_resources.hpp"

namespace linkperf::gpu {

GpuErrorKind classify(cudaError_t err) {
    switch (err) {
    case cudaErrorMemoryAllocation:
        return GpuErrorKind::out_of_memory;
    case cudaErrorNoDevice:
    case cudaErrorInvalidDevice:
    case cudaErrorInsufficientDriver:
    case cudaErrorNotSupported:
    case cudaErrorNotPermitted:
    case cudaErrorPeerAccessUnsupported:
    case cudaErrorHostMemoryAlreadyRegistered:
        return GpuErrorKind::unavailable;
    // Sticky errors: the context is lost and every later call would fail.
    case cudaErrorIllegalAddress:
    case cudaErrorLaunchFailure:
    case cudaErrorIllegalInstruction:
    case cudaErrorMisalignedAddress:
    case cudaErrorInvalidAddressSpace:
    case cudaErrorInvalidPc:
    case cudaErrorHardwareStackError:
    case cudaErrorAssert:
    case cudaErrorLaunchTimeout:
    case cudaErrorECCUncorrectable:
    case cudaErrorContextIsDestroyed:
    case cudaErrorDevicesUnavailable:
    case cudaErrorUnknown:
        return GpuErrorKind::fatal;
    default:
        return GpuErrorKind::measurement;
    }
}

void check(cudaError_t err, const char* what) {
    if (err == cudaSuccess) {
        return;
    }
    const GpuErrorKind kind = classify(err);
    if (kind != GpuErrorKind::fatal) {
        cudaGetLastError(); // clear a non-sticky error so the next case starts clean
    }
    throw GpuError(kind, std::string("CUDA: ") + what + ": " + cudaGetErrorName(err) + " (" +
                             cudaGetErrorString(err) + ")");
}

void check_launch(const char* kernel) {
    check(cudaGetLastError(), kernel);
}

DeviceScope::DeviceScope(int device) {
    check(cudaGetDevice(&previous_), "cudaGetDevice");
    check(cudaSetDevice(device), "cudaSetDevice");
}

DeviceScope::~DeviceScope() {
    if (previous_ >= 0) {
        cudaSetDevice(previous_);
    }
}

Stream::Stream() {
    check(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
}

Stream::~Stream() {
    cudaStreamDestroy(s_);
}

void Stream::synchronize(const char* what) const {
    check(cudaStreamSynchronize(s_), what);
}

Event::Event() {
    check(cudaEventCreate(&e_), "cudaEventCreate");
}

Event::~Event() {
    cudaEventDestroy(e_);
}

void Event::record(const Stream& stream) {
    check(cudaEventRecord(e_, stream.get()), "cudaEventRecord");
}

double elapsed_seconds(const Event& start, const Event& stop) {
    check(cudaEventSynchronize(stop.get()), "cudaEventSynchronize");
    float ms = 0;
    check(cudaEventElapsedTime(&ms, start.get(), stop.get()), "cudaEventElapsedTime");
    return static_cast<double>(ms) * 1e-3;
}

MappedHostBlock::MappedHostBlock(std::size_t bytes) {
    check(cudaHostAlloc(&host_, bytes, cudaHostAllocPortable | cudaHostAllocMapped),
          "cudaHostAlloc(mapped)");
    const cudaError_t err = cudaHostGetDevicePointer(&device_, host_, 0);
    if (err != cudaSuccess) {
        cudaFreeHost(host_);
        host_ = nullptr;
        check(err, "cudaHostGetDevicePointer");
    }
}

MappedHostBlock::~MappedHostBlock() {
    if (host_ != nullptr) {
        cudaFreeHost(host_);
    }
}

DeviceAllocation::DeviceAllocation(std::size_t bytes) {
    check(cudaMalloc(&p_, bytes), "cudaMalloc");
}

DeviceAllocation::~DeviceAllocation() {
    cudaFree(p_);
}

} // namespace linkperf::gpu
