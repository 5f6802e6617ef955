#include "gpu/gpu_inventory.hpp"

namespace linkperf::gpu {

const PeerLink* GpuDevice::peer(int other) const {
    for (const auto& p : peers) {
        if (p.peer == other) {
            return &p;
        }
    }
    return nullptr;
}

const GpuDevice* GpuInventory::device(int index) const {
    for (const auto& d : devices) {
        if (d.index == index) {
            return &d;
        }
    }
    return nullptr;
}

} // namespace linkperf::gpu
