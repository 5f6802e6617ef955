#include "gpu/cuda/cuda_resources.hpp"

#include <utility>

namespace linkperf::gpu {

namespace {

// Errors added after CUDA 12.2 by their ABI values, so the table compiles against every
// supported toolkit (tests/cmake/cuda_compat.cmake compiles it with the 12.2 headers).
constexpr int kErrorContained = 226;        // cudaErrorContained (12.4+)
constexpr int kErrorTensorMemoryLeak = 721; // cudaErrorTensorMemoryLeak (12.8+)
#if CUDART_VERSION >= 12080
static_assert(cudaErrorContained == kErrorContained);
static_assert(cudaErrorTensorMemoryLeak == kErrorTensorMemoryLeak);
#endif

constexpr ErrorClass kTable[] = {
    {cudaErrorMemoryAllocation, "cudaErrorMemoryAllocation", GpuErrorKind::out_of_memory},
    {cudaErrorNoDevice, "cudaErrorNoDevice", GpuErrorKind::unavailable},
    {cudaErrorInvalidDevice, "cudaErrorInvalidDevice", GpuErrorKind::unavailable},
    {cudaErrorInsufficientDriver, "cudaErrorInsufficientDriver", GpuErrorKind::unavailable},
    {cudaErrorNotSupported, "cudaErrorNotSupported", GpuErrorKind::unavailable},
    {cudaErrorNotPermitted, "cudaErrorNotPermitted", GpuErrorKind::unavailable},
    {cudaErrorPeerAccessUnsupported, "cudaErrorPeerAccessUnsupported", GpuErrorKind::unavailable},
    // Peer mappings are a per-GPU resource: a host with more GPUs than one can map is a
    // limit of the platform, not a failed measurement.
    {cudaErrorTooManyPeers, "cudaErrorTooManyPeers", GpuErrorKind::unavailable},
    {cudaErrorHostMemoryAlreadyRegistered, "cudaErrorHostMemoryAlreadyRegistered",
     GpuErrorKind::unavailable},
    // Sticky errors: the context is lost and every later call would fail.
    {cudaErrorIllegalAddress, "cudaErrorIllegalAddress", GpuErrorKind::fatal},
    {cudaErrorLaunchFailure, "cudaErrorLaunchFailure", GpuErrorKind::fatal},
    {cudaErrorIllegalInstruction, "cudaErrorIllegalInstruction", GpuErrorKind::fatal},
    {cudaErrorMisalignedAddress, "cudaErrorMisalignedAddress", GpuErrorKind::fatal},
    {cudaErrorInvalidAddressSpace, "cudaErrorInvalidAddressSpace", GpuErrorKind::fatal},
    {cudaErrorInvalidPc, "cudaErrorInvalidPc", GpuErrorKind::fatal},
    {cudaErrorHardwareStackError, "cudaErrorHardwareStackError", GpuErrorKind::fatal},
    {cudaErrorAssert, "cudaErrorAssert", GpuErrorKind::fatal},
    {cudaErrorLaunchTimeout, "cudaErrorLaunchTimeout", GpuErrorKind::fatal},
    {cudaErrorECCUncorrectable, "cudaErrorECCUncorrectable", GpuErrorKind::fatal},
    {cudaErrorNvlinkUncorrectable, "cudaErrorNvlinkUncorrectable", GpuErrorKind::fatal},
    {static_cast<cudaError_t>(kErrorContained), "cudaErrorContained", GpuErrorKind::fatal},
    {static_cast<cudaError_t>(kErrorTensorMemoryLeak), "cudaErrorTensorMemoryLeak",
     GpuErrorKind::fatal},
    {cudaErrorMpsClientTerminated, "cudaErrorMpsClientTerminated", GpuErrorKind::fatal},
    {cudaErrorExternalDevice, "cudaErrorExternalDevice", GpuErrorKind::fatal},
    {cudaErrorContextIsDestroyed, "cudaErrorContextIsDestroyed", GpuErrorKind::fatal},
    {cudaErrorDevicesUnavailable, "cudaErrorDevicesUnavailable", GpuErrorKind::fatal},
    {cudaErrorUnknown, "cudaErrorUnknown", GpuErrorKind::fatal},
};

} // namespace

std::span<const ErrorClass> error_classes() {
    return kTable;
}

GpuErrorKind classify(cudaError_t err) {
    for (const ErrorClass& c : kTable) {
        if (c.error == err) {
            return c.kind;
        }
    }
    return GpuErrorKind::measurement;
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

Stream::Stream(int device) {
    DeviceScope on(device);
    check(cudaStreamCreateWithFlags(&s_, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
}

Stream::~Stream() {
    if (s_ != nullptr) {
        cudaStreamDestroy(s_);
    }
}

Stream::Stream(Stream&& other) noexcept : s_(std::exchange(other.s_, nullptr)) {}

Stream& Stream::operator=(Stream&& other) noexcept {
    if (this != &other) {
        if (s_ != nullptr) {
            cudaStreamDestroy(s_);
        }
        s_ = std::exchange(other.s_, nullptr);
    }
    return *this;
}

void Stream::synchronize(const char* what) const {
    check(cudaStreamSynchronize(s_), what);
}

Event::Event() {
    check(cudaEventCreate(&e_), "cudaEventCreate");
}

Event::~Event() {
    if (e_ != nullptr) {
        cudaEventDestroy(e_);
    }
}

Event::Event(Event&& other) noexcept : e_(std::exchange(other.e_, nullptr)) {}

Event& Event::operator=(Event&& other) noexcept {
    if (this != &other) {
        if (e_ != nullptr) {
            cudaEventDestroy(e_);
        }
        e_ = std::exchange(other.e_, nullptr);
    }
    return *this;
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

MappedHostBlock::MappedHostBlock(MappedHostBlock&& other) noexcept
    : host_(std::exchange(other.host_, nullptr)), device_(std::exchange(other.device_, nullptr)) {}

MappedHostBlock& MappedHostBlock::operator=(MappedHostBlock&& other) noexcept {
    if (this != &other) {
        if (host_ != nullptr) {
            cudaFreeHost(host_);
        }
        host_ = std::exchange(other.host_, nullptr);
        device_ = std::exchange(other.device_, nullptr);
    }
    return *this;
}

DeviceAllocation::DeviceAllocation(std::size_t bytes) {
    check(cudaMalloc(&p_, bytes), "cudaMalloc");
}

DeviceAllocation::DeviceAllocation(int device, std::size_t bytes) {
    DeviceScope on(device);
    check(cudaMalloc(&p_, bytes), "cudaMalloc");
}

// cudaFree needs no current device: unified addressing names the allocation's device.
DeviceAllocation::~DeviceAllocation() {
    if (p_ != nullptr) {
        cudaFree(p_);
    }
}

DeviceAllocation::DeviceAllocation(DeviceAllocation&& other) noexcept
    : p_(std::exchange(other.p_, nullptr)) {}

DeviceAllocation& DeviceAllocation::operator=(DeviceAllocation&& other) noexcept {
    if (this != &other) {
        if (p_ != nullptr) {
            cudaFree(p_);
        }
        p_ = std::exchange(other.p_, nullptr);
    }
    return *this;
}

} // namespace linkperf::gpu
