#include "gpu/cuda/mig_query.hpp"

#include <dlfcn.h>

namespace linkperf::gpu {
namespace {

// The few NVML entry points used, by their C ABI (nvml.h is not part of every toolkit).
using NvmlDevice = struct NvmlDeviceOpaque*;
using InitFn = int (*)();
using ShutdownFn = int (*)();
using ByBusIdFn = int (*)(const char*, NvmlDevice*);
using MigModeFn = int (*)(NvmlDevice, unsigned int*, unsigned int*);
constexpr int kNvmlSuccess = 0;
constexpr int kNvmlNotSupported = 3;
constexpr unsigned kMigEnabled = 1;

class Library {
public:
    Library() : handle_(dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL)) {}
    ~Library() {
        if (handle_ != nullptr) {
            dlclose(handle_);
        }
    }
    Library(const Library&) = delete;
    Library& operator=(const Library&) = delete;
    template <typename Fn> Fn get(const char* name) const {
        return handle_ != nullptr ? reinterpret_cast<Fn>(dlsym(handle_, name)) : nullptr;
    }
    bool loaded() const { return handle_ != nullptr; }

private:
    void* handle_;
};

} // namespace

MigState query_mig(const std::string& pci_bus_id) {
    MigState s;
    const Library nvml;
    if (!nvml.loaded()) {
        s.detail = "NVML (libnvidia-ml.so.1) not found: MIG mode unknown";
        return s;
    }
    const auto init = nvml.get<InitFn>("nvmlInit_v2");
    const auto shutdown = nvml.get<ShutdownFn>("nvmlShutdown");
    const auto by_bus = nvml.get<ByBusIdFn>("nvmlDeviceGetHandleByPciBusId_v2");
    const auto mig_mode = nvml.get<MigModeFn>("nvmlDeviceGetMigMode");
    if (init == nullptr || shutdown == nullptr || by_bus == nullptr || mig_mode == nullptr) {
        s.detail = "NVML lacks nvmlDeviceGetMigMode: MIG mode unknown";
        return s;
    }
    if (init() != kNvmlSuccess) {
        s.detail = "nvmlInit failed: MIG mode unknown";
        return s;
    }
    NvmlDevice device = nullptr;
    unsigned current = 0;
    unsigned pending = 0;
    int rc = by_bus(pci_bus_id.c_str(), &device);
    if (rc == kNvmlSuccess) {
        rc = mig_mode(device, &current, &pending);
    }
    shutdown();
    if (rc == kNvmlNotSupported) {
        s.known = true; // a GPU without MIG
        s.detail = "NVML: MIG not supported by this GPU";
    } else if (rc != kNvmlSuccess) {
        s.detail =
            "NVML could not read MIG mode of " + pci_bus_id + " (error " + std::to_string(rc) + ")";
    } else {
        s.known = true;
        s.enabled = current == kMigEnabled;
        s.detail = s.enabled ? "NVML: MIG mode enabled" : "NVML: MIG mode disabled";
    }
    return s;
}

} // namespace linkperf::gpu
