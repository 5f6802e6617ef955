#include "gpu/gpu_inventory.hpp"

#include <fmt/core.h>

namespace linkperf::gpu {

std::string uuid_text(const unsigned char (&b)[16], bool mig_instance) {
    std::string hex;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            hex += '-';
        }
        hex += fmt::format("{:02x}", b[i]);
    }
    return (mig_instance ? "MIG-" : "GPU-") + hex;
}

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
