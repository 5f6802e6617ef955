#pragma once
// NVML loaded at run time (dlopen "libnvidia-ml.so.1"), so linkperf needs neither the NVML
// headers nor the library to build, and runs on hosts without the driver. The few entry points
// used are declared here with NVML's C ABI.
#include "core/telemetry.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace linkperf {

// What the driver says about one GPU's NVLinks (NVML): active links and where each goes.
struct NvlinkFacts {
    std::string bdf;                      // the GPU, "0000:1b:00.0"
    unsigned active_links = 0;            // links in state active
    std::vector<std::string> remote_gpus; // per active link to a GPU: that GPU's bus id
    unsigned switch_links = 0;            // active links to an NVSwitch
};

class Nvml {
public:
    // nullptr with `reason` set when the library or a device is missing or nvmlInit fails.
    static std::unique_ptr<Nvml> open(std::string& reason,
                                      const char* library = "libnvidia-ml.so.1");
    ~Nvml();
    Nvml(const Nvml&) = delete;
    Nvml& operator=(const Nvml&) = delete;

    unsigned device_count() const { return static_cast<unsigned>(devices_.size()); }
    // One sample of every device (fields NVML refuses stay 0 / unset).
    std::vector<GpuSample> sample() const;
    // Every device's NVLinks (empty links for a GPU without NVLink).
    std::vector<NvlinkFacts> nvlinks() const;

    struct Api; // resolved entry points

private:
    Nvml() = default;
    void* library_ = nullptr;
    std::unique_ptr<Api> api_;
    std::vector<void*> devices_; // nvmlDevice_t handles
};

} // namespace linkperf
