// GpuBuffer on CUDA: one allocation path per memory kind, each released by the matching call.
#include "gpu/gpu_buffer.hpp"

#include "core/units.hpp"
#include "gpu/cuda/cuda_compat.hpp"
#include "gpu/cuda/cuda_resources.hpp"
#include "gpu/cuda/host_pages.hpp"
#include "gpu/kernels/launchers.cuh"
#include "gpu/pattern.hpp"
#include "platform/memory_budget.hpp"
#include "platform/page_placement.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>

namespace linkperf::gpu {
namespace {

std::string describe(const BufferSpec& s) {
    return std::string(to_string(s.kind)) + " buffer of " + format_size(s.bytes) +
           (s.kind == MemoryKind::device || s.kind == MemoryKind::managed
                ? " on gpu" + std::to_string(s.device)
                : " on NUMA node " + std::to_string(s.numa_node));
}

// Refuses a request the GPU cannot hold now, before CUDA is asked (managed memory would
// otherwise oversubscribe and measure paging instead of the link).
void require_gpu_memory(const BufferSpec& s) {
    std::size_t free_b = 0;
    std::size_t total_b = 0;
    check(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
    if (s.bytes > free_b) {
        throw GpuError(GpuErrorKind::out_of_memory,
                       describe(s) + " refused: gpu" + std::to_string(s.device) + " has " +
                           format_size(free_b) + " (" + std::to_string(free_b) +
                           " bytes) free and linkperf never oversubscribes GPU memory");
    }
}

// Refuses host memory the node (or host) does not have free, leaving a tenth to the system,
// rather than pushing the machine into swap or the OOM killer.
void require_host_memory(const BufferSpec& s) {
    const MemoryBudget budget = memory_budget(s.numa_node);
    if (s.bytes > budget.usable()) {
        throw GpuError(GpuErrorKind::out_of_memory,
                       describe(s) + " refused: only " + format_size(budget.usable()) + " (" +
                           std::to_string(budget.usable()) + " bytes) of " + budget.source +
                           " may be used");
    }
}

// What a driver answers when it does not take advice on pageable memory: the buffer is still
// usable, the case records that its pages were not pinned to the host by advice.
bool advice_refused(cudaError_t err) {
    return err == cudaErrorInvalidValue || err == cudaErrorNotSupported;
}

unsigned host_alloc_flags(MemoryKind kind) {
    switch (kind) {
    case MemoryKind::mapped:
        return cudaHostAllocPortable | cudaHostAllocMapped;
    case MemoryKind::writecombined:
        return cudaHostAllocPortable | cudaHostAllocMapped | cudaHostAllocWriteCombined;
    default:
        return cudaHostAllocPortable;
    }
}

} // namespace

struct GpuBuffer::Impl {
    BufferSpec spec;
    std::byte* host = nullptr;
    std::byte* device = nullptr;
    std::optional<NumaBuffer> numa; // pageable, registered and system memory
    std::string advice;             // system memory: how it is kept on the host
    enum class Release { none, cuda_free, free_host, unregister } release = Release::none;

    explicit Impl(const BufferSpec& s) : spec(s) {
        if (s.bytes == 0) {
            throw GpuError(GpuErrorKind::measurement, "cannot allocate an empty GPU buffer");
        }
        DeviceScope on(s.device);
        switch (s.kind) {
        case MemoryKind::device: {
            require_gpu_memory(s);
            void* p = nullptr;
            check(cudaMalloc(&p, s.bytes), "cudaMalloc");
            device = static_cast<std::byte*>(p);
            release = Release::cuda_free;
            break;
        }
        case MemoryKind::managed: {
            require_gpu_memory(s);
            void* p = nullptr;
            check(cudaMallocManaged(&p, s.bytes, cudaMemAttachGlobal), "cudaMallocManaged");
            host = device = static_cast<std::byte*>(p);
            release = Release::cuda_free;
            break;
        }
        case MemoryKind::pageable:
        case MemoryKind::system:
        case MemoryKind::registered:
            require_host_memory(s);
            host_from_numa(s);
            break;
        case MemoryKind::pinned:
        case MemoryKind::mapped:
        case MemoryKind::writecombined: {
            require_host_memory(s);
            void* p = nullptr;
            {
                // The driver allocates the pages during the call: bind them to the node.
                MemoryPolicyScope policy(s.numa_node);
                check(cudaHostAlloc(&p, s.bytes, host_alloc_flags(s.kind)), "cudaHostAlloc");
            }
            host = static_cast<std::byte*>(p);
            release = Release::free_host;
            void* d = nullptr;
            if (cudaHostGetDevicePointer(&d, p, 0) == cudaSuccess) {
                device = static_cast<std::byte*>(d);
            } else {
                cudaGetLastError(); // pinned memory without a device mapping: copies only
            }
            break;
        }
        }
    }

    void host_from_numa(const BufferSpec& s) {
        try {
            numa.emplace(s.bytes, s.numa_node);
        } catch (const Error& e) {
            throw GpuError(GpuErrorKind::out_of_memory, describe(s) + ": " + e.what());
        }
        numa->first_touch(0);
        host = numa->data();
        if (s.kind == MemoryKind::system) {
            device = host; // HMM/ATS: kernels use the CPU's address
            keep_on_host(s);
        } else if (s.kind == MemoryKind::registered) {
            check(
                cudaHostRegister(host, s.bytes, cudaHostRegisterPortable | cudaHostRegisterMapped),
                "cudaHostRegister");
            void* d = nullptr;
            const cudaError_t err = cudaHostGetDevicePointer(&d, host, 0);
            if (err != cudaSuccess) {
                cudaHostUnregister(host); // the destructor does not run for a throwing constructor
                check(err, "cudaHostGetDevicePointer");
            }
            release = Release::unregister;
            device = static_cast<std::byte*>(d);
        }
    }

    // HMM migrates a page into GPU memory when a kernel faults on it, and ATS (GH200) moves
    // pages a GPU uses often by access counters: either way the GPU would then measure its own
    // memory, not the link. A preferred location on the host node and a mapping for the GPU
    // keep the pages where they were placed.
    void keep_on_host(const BufferSpec& s) {
        const std::string gpu = "gpu" + std::to_string(s.device);
        cudaMemLocation where = host_location(s.numa_node);
        std::string place =
            s.numa_node >= 0 ? "host NUMA node " + std::to_string(s.numa_node) : "the host";
        cudaError_t err = mem_advise(host, s.bytes, cudaMemAdviseSetPreferredLocation, where);
        if (advice_refused(err) && s.numa_node >= 0) {
            cudaGetLastError(); // a driver without host-NUMA locations: the host as a whole
            where = host_location(-1);
            place = "the host";
            err = mem_advise(host, s.bytes, cudaMemAdviseSetPreferredLocation, where);
        }
        if (advice_refused(err)) {
            cudaGetLastError();
            advice = std::string("none: the driver refused cudaMemAdvise on pageable memory (") +
                     cudaGetErrorString(err) + "); pages may migrate, the placement check decides";
            return;
        }
        check(err, "cudaMemAdvise(preferred location: host)");
        err = mem_advise(host, s.bytes, cudaMemAdviseSetAccessedBy, device_location(s.device));
        if (advice_refused(err)) {
            cudaGetLastError();
            advice = "preferred location " + place + "; accessed-by " + gpu + " refused (" +
                     cudaGetErrorString(err) + "): the GPU may fault on first access";
            return;
        }
        check(err, "cudaMemAdvise(accessed by GPU)");
        advice = "preferred location " + place + ", accessed by " + gpu;
    }

    ~Impl() {
        switch (release) {
        case Release::cuda_free:
            cudaFree(device);
            break;
        case Release::free_host:
            cudaFreeHost(host);
            break;
        case Release::unregister:
            cudaHostUnregister(host);
            break;
        case Release::none:
            break;
        }
    }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;

    // Device and managed memory are filled and checked by kernels where they live.
    bool on_gpu() const {
        return spec.kind == MemoryKind::device || spec.kind == MemoryKind::managed;
    }
};

GpuBuffer::GpuBuffer(const BufferSpec& spec) : impl_(std::make_unique<Impl>(spec)) {}
GpuBuffer::~GpuBuffer() = default;
GpuBuffer::GpuBuffer(GpuBuffer&&) noexcept = default;
GpuBuffer& GpuBuffer::operator=(GpuBuffer&&) noexcept = default;

const BufferSpec& GpuBuffer::spec() const {
    return impl_->spec;
}

std::byte* GpuBuffer::host_ptr() const {
    return impl_->host;
}

std::byte* GpuBuffer::device_ptr() const {
    return impl_->device;
}

std::byte* GpuBuffer::copy_ptr() const {
    return impl_->host != nullptr ? impl_->host : impl_->device;
}

PlacementCheck GpuBuffer::placement() const {
    const BufferSpec& s = impl_->spec;
    if (s.kind == MemoryKind::device) {
        PlacementCheck ok;
        ok.ok = true;
        return ok;
    }
    // Pinned memory is a driver mapping move_pages may not locate: then unverified, not placed.
    return check_page_placement(impl_->host, s.bytes, s.numa_node, 1024);
}

const std::string& GpuBuffer::residency_advice() const {
    return impl_->advice;
}

void GpuBuffer::fill_pattern(std::uint64_t seed, std::size_t bytes) {
    if (!impl_->on_gpu()) {
        fill_pattern_host(impl_->host, bytes, seed);
        return;
    }
    DeviceScope on(impl_->spec.device);
    Stream stream;
    kernels::launch_fill_pattern(stream.get(), impl_->device, bytes, seed);
    check_launch("fill_pattern kernel");
    stream.synchronize("fill_pattern kernel");
}

std::uint64_t GpuBuffer::count_mismatches(std::uint64_t seed, std::size_t bytes) const {
    if (!impl_->on_gpu()) {
        return count_mismatches_host(impl_->host, bytes, seed);
    }
    DeviceScope on(impl_->spec.device);
    Stream stream;
    DeviceAllocation count(sizeof(unsigned long long));
    check(cudaMemsetAsync(count.get(), 0, sizeof(unsigned long long), stream.get()),
          "cudaMemsetAsync");
    kernels::launch_count_mismatches(stream.get(), impl_->device, bytes, seed,
                                     static_cast<unsigned long long*>(count.get()));
    check_launch("count_mismatches kernel");
    unsigned long long bad = 0;
    check(cudaMemcpyAsync(&bad, count.get(), sizeof bad, cudaMemcpyDeviceToHost, stream.get()),
          "cudaMemcpyAsync(mismatch count)");
    stream.synchronize("count_mismatches kernel");
    return bad;
}

void GpuBuffer::map_for_gpu() {
    if (impl_->spec.kind != MemoryKind::system) {
        return;
    }
    constexpr std::size_t kSmallestPage = 4096;
    DeviceScope on(impl_->spec.device);
    Stream stream;
    kernels::launch_touch_pages(stream.get(), impl_->device, impl_->spec.bytes, kSmallestPage);
    check_launch("touch_pages kernel");
    stream.synchronize("touch_pages kernel");
}

void GpuBuffer::upload(const void* data, std::size_t bytes) {
    if (!impl_->on_gpu()) {
        std::memcpy(impl_->host, data, bytes);
        return;
    }
    DeviceScope on(impl_->spec.device);
    check(cudaMemcpy(impl_->device, data, bytes, cudaMemcpyDefault), "cudaMemcpy(upload)");
}

void GpuBuffer::download(void* data, std::size_t bytes) const {
    if (!impl_->on_gpu()) {
        std::memcpy(data, impl_->host, bytes);
        return;
    }
    DeviceScope on(impl_->spec.device);
    check(cudaMemcpy(data, impl_->device, bytes, cudaMemcpyDefault), "cudaMemcpy(download)");
}

} // namespace linkperf::gpu
