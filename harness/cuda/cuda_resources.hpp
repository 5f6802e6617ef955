#pragma once
// The CUDA layer's error check and RAII for the CUDA resources the GPU paths use. A failed call
// becomes a GpuError naming the call; its kind (harness/gpu/gpu_error.hpp) says whether the
// case is skipped, fails, or the run stops (sticky errors leave the context unusable).
#include "harness/cuda/cuda_check.hpp"
#include "harness/gpu/gpu_error.hpp"

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

// A non-blocking stream on the device current at construction.
class Stream {
public:
    Stream();
    ~Stream();
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
    MappedHostBlock(const MappedHostBlock&) = delete;
    MappedHostBlock& operator=(const MappedHostBlock&) = delete;
    void* host() const { return host_; }
    void* device() const { return device_; }

private:
    void* host_ = nullptr;
    void* device_ = nullptr;
};

// Device memory on the current device, freed on destruction.
class DeviceAllocation {
public:
    explicit DeviceAllocation(std::size_t bytes);
    ~DeviceAllocation();
    DeviceAllocation(const DeviceAllocation&) = delete;
    DeviceAllocation& operator=(const DeviceAllocation&) = delete;
    void* get() const { return p_; }

private:
    void* p_ = nullptr;
};

} // namespace linkperf::gpu
