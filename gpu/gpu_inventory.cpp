#include "gpu/gpu_inventory.hpp"

namespace linkperf::gpu {

HostLinkKind GpuDevice::host_link_kind() const {
    return linkperf::host_link_kind(pageable_uses_host_page_tables);
}

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
