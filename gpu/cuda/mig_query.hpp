#pragma once
// MIG mode of a GPU through NVML, loaded with dlopen: the driver ships libnvidia-ml, the build
// machine need not have it, and a host without it still runs (the answer says NVML is absent).
#include <string>

namespace linkperf::gpu {

struct MigState {
    bool known = false;   // NVML answered
    bool enabled = false; // MIG mode is on: CUDA devices at this address are MIG instances
    std::string detail;   // how it was found, or why it is not known
};

// The GPU at `pci_bus_id` ("0000:19:00.0", as cudaDeviceGetPCIBusId gives it).
MigState query_mig(const std::string& pci_bus_id);

} // namespace linkperf::gpu
