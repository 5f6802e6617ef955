#include "gpu/availability.hpp"

#include "core/path_catalogue.hpp"

#include <fmt/core.h>

#include <optional>
#include <vector>

namespace linkperf::gpu {
namespace {

std::string gpu_name(const GpuDevice& d) {
    return fmt::format("gpu{} ({})", d.index, d.name);
}

bool is_gpu(const Endpoint& e) {
    return e.kind == EndpointKind::gpu_memory || e.kind == EndpointKind::gpu_sm;
}

// The host endpoint's memory kind, if the case has one.
std::optional<MemoryKind> host_kind(const Case& c) {
    for (const Endpoint* e : {&c.source, &c.destination}) {
        if (e->kind == EndpointKind::host_memory) {
            return memory_kind_from_string(e->memory);
        }
    }
    return std::nullopt;
}

// The GPU that drives the case: the first GPU endpoint.
const Endpoint* first_gpu(const Case& c) {
    return is_gpu(c.source) ? &c.source : is_gpu(c.destination) ? &c.destination : nullptr;
}

// Several GPUs copying at once: a catalogue entry with a GPU group at one end.
bool is_aggregate(const std::string& path) {
    const PathEntry* e = find_path(path);
    return e != nullptr &&
           (e->source == EndpointRole::gpu_group || e->destination == EndpointRole::gpu_group);
}

// A path into another GPU's memory (its catalogue entry's destination).
bool into_peer(const std::string& path) {
    const PathEntry* e = find_path(path);
    return e != nullptr && e->destination == EndpointRole::peer_memory;
}

// A path between two GPUs (peer access or staged), one GPU's memory to another's.
bool is_peer(const Case& c) {
    const std::string& p = c.path.id;
    if (into_peer(p)) {
        return true;
    }
    return is_path(p, PathId::lat_copy) && c.source.kind == EndpointKind::gpu_memory &&
           c.destination.kind == EndpointKind::gpu_memory && c.source.id != c.destination.id;
}

// Peer and aggregate paths on MIG instances: CUDA gives MIG instances no peer access, and the
// instances of one GPU share its links and copy engines, so neither figure describes a link.
std::string mig_unavailable(const Case& c, const GpuInventory& inventory) {
    std::vector<const GpuDevice*> involved;
    if (is_aggregate(c.path.id)) {
        for (const GpuDevice& d : inventory.devices) {
            involved.push_back(&d);
        }
    } else if (is_peer(c)) {
        involved = {inventory.device(c.source.id), inventory.device(c.destination.id)};
    }
    for (const GpuDevice* d : involved) {
        if (d != nullptr && d->mig_instance) {
            return gpu_name(*d) + " is a MIG instance (MIG mode enabled on its GPU): no peer " +
                   "access between MIG instances, and instances of one GPU share its links, so " +
                   c.path.id + " would not measure a link";
        }
    }
    return {};
}

} // namespace

std::string host_access_unavailable(const GpuDevice& device, MemoryKind kind, HostAccess access) {
    switch (kind) {
    case MemoryKind::device:
        return {};
    case MemoryKind::pageable:
        if (access == HostAccess::copy_engine) {
            return {};
        }
        [[fallthrough]];
    case MemoryKind::system:
        if (access == HostAccess::copy_engine) {
            return "system memory is for kernels to load in place; copies use the pageable kind";
        }
        if (!device.pageable_memory_access) {
            return gpu_name(device) +
                   " cannot load pageable host memory in place "
                   "(cudaDevAttrPageableMemoryAccess = 0: no HMM, ATS or NVLink-C2C)";
        }
        return {};
    case MemoryKind::pinned:
    case MemoryKind::registered:
    case MemoryKind::mapped:
    case MemoryKind::writecombined:
        if (access == HostAccess::kernel || kind != MemoryKind::pinned) {
            if (!device.can_map_host_memory) {
                return gpu_name(device) +
                       " cannot map host memory (cudaDevAttrCanMapHostMemory = 0)";
            }
        }
        return {};
    case MemoryKind::managed:
        if (!device.managed_memory) {
            return gpu_name(device) + " has no managed memory (cudaDevAttrManagedMemory = 0)";
        }
        return {};
    }
    return "unknown memory kind";
}

std::string managed_unavailable(const GpuDevice& device) {
    if (!device.managed_memory) {
        return gpu_name(device) + " has no managed memory (cudaDevAttrManagedMemory = 0)";
    }
    if (!device.concurrent_managed_access) {
        return gpu_name(device) +
               " cannot prefetch or fault managed memory on demand "
               "(cudaDevAttrConcurrentManagedAccess = 0: pages move only at kernel launch)";
    }
    return {};
}

std::string host_load_unavailable(const GpuDevice& device) {
    if (const std::string m = managed_unavailable(device); !m.empty()) {
        return m;
    }
    if (!device.direct_managed_access_from_host) {
        return "the CPU cannot load memory of " + gpu_name(device) +
               " in place on this platform (cudaDevAttrDirectManagedMemAccessFromHost = 0; a "
               "BAR1 mapping would need GDRCopy)";
    }
    return {};
}

std::string peer_unavailable(const GpuInventory& inventory, int from, int to) {
    const GpuDevice* a = inventory.device(from);
    if (a == nullptr || inventory.device(to) == nullptr) {
        return fmt::format("gpu{} or gpu{} is not present", from, to);
    }
    const PeerLink* link = a->peer(to);
    if (link == nullptr || !link->access_supported) {
        return fmt::format("gpu{} cannot access gpu{} as a peer (cudaDeviceCanAccessPeer = 0)",
                           from, to);
    }
    return {};
}

std::string case_unavailable(const Case& c, const GpuInventory& inventory) {
    if (!inventory.available) {
        return inventory.reason;
    }
    for (const Endpoint* e : {&c.source, &c.destination}) {
        if (is_gpu(*e) && inventory.device(e->id) == nullptr) {
            return fmt::format("gpu{} is not present on this host", e->id);
        }
    }
    const Endpoint* gpu = first_gpu(c);
    if (gpu == nullptr) {
        return "not a GPU case";
    }
    const GpuDevice& dev = *inventory.device(gpu->id);
    const std::string& p = c.path.id;
    const auto kind = host_kind(c);
    if (is_aggregate(p) && inventory.devices.size() < 2) {
        return p + " needs at least two GPUs";
    }
    if (std::string r = mig_unavailable(c, inventory); !r.empty()) {
        return r;
    }
    if (kind) {
        const PathEntry* e = find_path(p);
        const PathGroup group = e != nullptr ? e->group : PathGroup::unset;
        const bool kernel = group == PathGroup::sm || is_path(p, PathId::lat_gpu_host) ||
                            is_path(p, PathId::lat_gpu_host_stride);
        if (kernel || group == PathGroup::copy_engine || is_path(p, PathId::lat_copy)) {
            if (std::string r = host_access_unavailable(
                    dev, *kind, kernel ? HostAccess::kernel : HostAccess::copy_engine);
                !r.empty()) {
                return r;
            }
        }
    }
    if (const PathEntry* e = find_path(p); e != nullptr && e->group == PathGroup::managed) {
        return managed_unavailable(dev);
    }
    if (is_path(p, PathId::lat_host_gpu)) {
        return host_load_unavailable(dev);
    }
    if (is_path(p, PathId::lat_pingpong)) {
        return host_access_unavailable(dev, MemoryKind::mapped, HostAccess::kernel);
    }
    if (into_peer(p) && !is_path(p, PathId::ce_p2p_nopeer)) { // staged copies need no peer access
        return peer_unavailable(inventory, c.source.id, c.destination.id);
    }
    return {};
}

} // namespace linkperf::gpu
