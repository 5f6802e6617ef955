// Managed-memory migration on CUDA: prefetches both ways and demand faulting from a kernel.
#include "gpu/cuda/cuda_compat.hpp"
#include "gpu/cuda/cuda_resources.hpp"
#include "gpu/cuda/hold_gate.hpp"
#include "gpu/gpu_ops.hpp"
#include "gpu/kernels/launchers.cuh"

namespace linkperf::gpu {
namespace {

void require_managed(const GpuBuffer& b) {
    if (b.spec().kind != MemoryKind::managed) {
        throw GpuError(GpuErrorKind::measurement, "migration needs managed memory");
    }
}

cudaMemLocation location(const MigrationTarget& t) {
    return t.on_device ? device_location(t.device) : host_location(t.numa_node);
}

void prefetch(const GpuBuffer& b, std::size_t bytes, const MigrationTarget& to,
              const Stream& stream) {
    cudaError_t err = prefetch_async(b.device_ptr(), bytes, location(to), stream.get());
    if (err != cudaSuccess && classify(err) != GpuErrorKind::fatal && !to.on_device &&
        to.numa_node >= 0) {
        // A driver or kernel without host-NUMA locations: the host as a whole (the case
        // records where the pages went).
        cudaGetLastError();
        err = prefetch_async(b.device_ptr(), bytes, host_location(-1), stream.get());
    }
    check(err, "cudaMemPrefetchAsync");
}

} // namespace

void migrate(GpuBuffer& managed, std::size_t bytes, const MigrationTarget& to) {
    require_managed(managed);
    DeviceScope on(managed.spec().device);
    Stream stream;
    prefetch(managed, bytes, to, stream);
    stream.synchronize("cudaMemPrefetchAsync");
}

double migration_seconds(GpuBuffer& managed, std::size_t bytes, const MigrationTarget& from,
                         const MigrationTarget& to, int stream_device, std::uint64_t reps) {
    require_managed(managed);
    DeviceScope on(stream_device);
    Stream stream;
    Event start;
    Event stop;
    double total = 0;
    for (std::uint64_t r = 0; r < reps; ++r) {
        prefetch(managed, bytes, from, stream);
        stream.synchronize("cudaMemPrefetchAsync");
        start.record(stream);
        prefetch(managed, bytes, to, stream);
        stop.record(stream);
        total += elapsed_seconds(start, stop);
    }
    return total;
}

double demand_copy_seconds(GpuBuffer& managed_source, GpuBuffer& device_destination,
                           std::size_t bytes, int host_node, std::uint64_t reps) {
    require_managed(managed_source);
    const int device = device_destination.spec().device;
    DeviceScope on(device);
    Stream stream;
    Event start;
    Event stop;
    HoldGate gate;
    const kernels::CopyGeometry geometry = kernels::copy_geometry(bytes);
    const MigrationTarget home{false, device, host_node};
    double total = 0;
    for (std::uint64_t r = 0; r < reps; ++r) {
        prefetch(managed_source, bytes, home, stream);
        stream.synchronize("cudaMemPrefetchAsync");
        // The start event waits behind a hold until the kernel is queued too, so the launch
        // latency stays out of the time (an idle stream would record it at once).
        gate.arm();
        {
            const HeldStream held(gate, stream);
            start.record(stream);
            kernels::launch_copy(stream.get(), device_destination.device_ptr(),
                                 managed_source.device_ptr(), bytes, kernels::LoadPolicy::normal,
                                 kernels::StorePolicy::normal, geometry);
            check_launch("copy kernel (demand faulting)");
            stop.record(stream);
        }
        const double seconds = elapsed_seconds(start, stop);
        if (gate.timed_out()) {
            throw GpuError(GpuErrorKind::measurement,
                           "the hold before the demand-faulting kernel timed out: queueing one "
                           "launch blocked for seconds");
        }
        total += seconds;
    }
    return total;
}

void pin_to_device(GpuBuffer& managed, std::size_t bytes, int device) {
    require_managed(managed);
    DeviceScope on(device);
    check(mem_advise(managed.device_ptr(), bytes, cudaMemAdviseSetPreferredLocation,
                     device_location(device)),
          "cudaMemAdvise(preferred location)");
    check(mem_advise(managed.device_ptr(), bytes, cudaMemAdviseSetAccessedBy, host_location(-1)),
          "cudaMemAdvise(accessed by CPU)");
    Stream stream;
    prefetch(managed, bytes, MigrationTarget{true, device, -1}, stream);
    stream.synchronize("cudaMemPrefetchAsync");
}

} // namespace linkperf::gpu
