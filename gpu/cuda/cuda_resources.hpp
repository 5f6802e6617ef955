#pragma once
// The one RAII layer for CUDA resources (the GPU paths and the NCCL backend of linkperf-coll),
// and the table behind the error check of cuda_check.hpp. A failed call becomes a GpuError
// naming the call; its kind (gpu/gpu_error.hpp) says whether the case is skipped,
// fails, or the run stops (sticky errors leave the context unusable). The owning types are
// movable (ownership moves, the moved-from object owns nothing) and not copyable.
#include "gpu/cuda/cuda_check.hpp"
#include "gpu/gpu_error.hpp"

#include <cuda_runtime_api.h>

#include <cstddef>
#include <span>
#include <string>

namespace linkperf::gpu {

// The table classify() reads (the errors not listed: measurement).
struct ErrorClass {
    cudaError_t error;
    const char* name; // as cudaGetErrorName spells it
    GpuErrorKind kind;
};
std::span<const ErrorClass> error_classes();

// Makes `device` current for its lifetime and restores the previous device afterwards.
class DeviceScope {
public:
    explicit DeviceScope(int device);
    ~DeviceScope();
    DeviceScope(const DeviceScope&) = delete;
    DeviceScope& operator=(const DeviceScope&) = delete;

private:
    int previous_ = -1;
};

// A non-blocking stream on the device current at construction (or on `device`).
class Stream {
public:
    Stream();
    explicit Stream(int device);
    ~Stream();
    Stream(Stream&& other) noexcept;
    Stream& operator=(Stream&& other) noexcept;
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;
    cudaStream_t get() const { return s_; }
    void synchronize(const char* what) const;

private:
    cudaStream_t s_ = nullptr;
};

class Event {
public:
    Event();
    ~Event();
    Event(Event&& other) noexcept;
    Event& operator=(Event&& other) noexcept;
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;
    cudaEvent_t get() const { return e_; }
    void record(const Stream& stream);

private:
    cudaEvent_t e_ = nullptr;
};

// Seconds between two recorded events (waits for `stop`).
double elapsed_seconds(const Event& start, const Event& stop);

// Page-locked, mapped, portable host memory that every GPU can address (flags, results).
class MappedHostBlock {
public:
    explicit MappedHostBlock(std::size_t bytes);
    ~MappedHostBlock();
    MappedHostBlock(MappedHostBlock&& other) noexcept;
    MappedHostBlock& operator=(MappedHostBlock&& other) noexcept;
    MappedHostBlock(const MappedHostBlock&) = delete;
    MappedHostBlock& operator=(const MappedHostBlock&) = delete;
    void* host() const { return host_; }
    void* device() const { return device_; }

private:
    void* host_ = nullptr;
    void* device_ = nullptr;
};

// Device memory on the current device (or on `device`), freed on destruction.
class DeviceAllocation {
public:
    explicit DeviceAllocation(std::size_t bytes);
    DeviceAllocation(int device, std::size_t bytes);
    ~DeviceAllocation();
    DeviceAllocation(DeviceAllocation&& other) noexcept;
    DeviceAllocation& operator=(DeviceAllocation&& other) noexcept;
    DeviceAllocation(const DeviceAllocation&) = delete;
    DeviceAllocation& operator=(const DeviceAllocation&) = delete;
    void* get() const { return p_; }
    std::byte* data() const { return static_cast<std::byte*>(p_); }

private:
    void* p_ = nullptr;
};

} // namespace linkperf::gpu
