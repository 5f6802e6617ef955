#pragma once
// MIG mode of a GPU through NVML, loaded with dlopen: the driver ships libnvidia-ml, the build
// machine need not have it, and a host without it still runs (the answer says NVML is absent).
#include <string>
#include <vector>

namespace linkperf::gpu {

struct MigState {
    bool known = false;   // NVML answered
    bool enabled = false; // MIG mode is on: CUDA devices at this address are MIG instances
    std::string detail;   // how it was found, or why it is not known
    // The GPU's identity as NVML gives it (empty where NVML cannot): the physical GPU's UUID
    // ("GPU-..."), its VBIOS version, and the UUIDs of its MIG instances ("MIG-...").
    std::string gpu_uuid;
    std::string vbios_version;
    std::vector<std::string> mig_instance_uuids;
};

// The GPU at `pci_bus_id` ("0000:19:00.0", as cudaDeviceGetPCIBusId gives it).
MigState query_mig(const std::string& pci_bus_id);

// The driver's release ("580.65.06", nvmlSystemGetDriverVersion), or empty without NVML.
std::string nvml_driver_release();

} // namespace linkperf::gpu
