#include "gpu/cuda/mig_query.hpp"

#include <dlfcn.h>

#include <string>
#include <utility>
#include <vector>

namespace linkperf::gpu {
namespace {

// The few NVML entry points used, by their C ABI (nvml.h is not part of every toolkit).
using NvmlDevice = struct NvmlDeviceOpaque*;
using InitFn = int (*)();
using ShutdownFn = int (*)();
using ByBusIdFn = int (*)(const char*, NvmlDevice*);
using MigModeFn = int (*)(NvmlDevice, unsigned int*, unsigned int*);
using TextFn = int (*)(NvmlDevice, char*, unsigned int); // nvmlDeviceGetUUID, ...VbiosVersion
using CountFn = int (*)(NvmlDevice, unsigned int*);
using MigByIndexFn = int (*)(NvmlDevice, unsigned int, NvmlDevice*);
using SystemTextFn = int (*)(char*, unsigned int);
constexpr unsigned kTextBytes = 96; // NVML_DEVICE_UUID_V2_BUFFER_SIZE, the largest used here
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

// A text NVML writes into a buffer, or empty when it refuses.
std::string text(TextFn fn, NvmlDevice device) {
    char buffer[kTextBytes] = {};
    if (fn == nullptr || fn(device, buffer, kTextBytes) != kNvmlSuccess) {
        return {};
    }
    buffer[kTextBytes - 1] = '\0';
    return buffer;
}

// The GPU's UUID, VBIOS and MIG instances' UUIDs (entry points an old NVML may lack: skipped).
void read_identity(const Library& nvml, NvmlDevice device, bool mig_enabled, MigState& s) {
    const auto uuid = nvml.get<TextFn>("nvmlDeviceGetUUID");
    s.gpu_uuid = text(uuid, device);
    s.vbios_version = text(nvml.get<TextFn>("nvmlDeviceGetVbiosVersion"), device);
    const auto max_mig = nvml.get<CountFn>("nvmlDeviceGetMaxMigDeviceCount");
    const auto mig_at = nvml.get<MigByIndexFn>("nvmlDeviceGetMigDeviceHandleByIndex");
    unsigned slots = 0;
    if (!mig_enabled || max_mig == nullptr || mig_at == nullptr ||
        max_mig(device, &slots) != kNvmlSuccess) {
        return;
    }
    for (unsigned i = 0; i < slots; ++i) {
        NvmlDevice mig = nullptr;
        if (mig_at(device, i, &mig) == kNvmlSuccess) { // an empty slot: NVML_ERROR_NOT_FOUND
            if (std::string u = text(uuid, mig); !u.empty()) {
                s.mig_instance_uuids.push_back(std::move(u));
            }
        }
    }
}

} // namespace

std::string nvml_driver_release() {
    const Library nvml;
    const auto init = nvml.get<InitFn>("nvmlInit_v2");
    const auto shutdown = nvml.get<ShutdownFn>("nvmlShutdown");
    const auto version = nvml.get<SystemTextFn>("nvmlSystemGetDriverVersion");
    if (init == nullptr || shutdown == nullptr || version == nullptr || init() != kNvmlSuccess) {
        return {};
    }
    char buffer[kTextBytes] = {};
    const int rc = version(buffer, kTextBytes);
    shutdown();
    buffer[kTextBytes - 1] = '\0';
    return rc == kNvmlSuccess ? std::string(buffer) : std::string();
}

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
        read_identity(nvml, device, rc == kNvmlSuccess && current == kMigEnabled, s);
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
