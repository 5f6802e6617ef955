// um.*: managed memory moved by prefetches (both ways) or by faults on first touch (from a
// kernel, and from the CPU). Every repetition first sends the pages back where they started,
// untimed, so each timed migration moves the whole buffer.
#include "bench/gpu_family/gpu_measure.hpp"
#include "core/path_catalogue.hpp"
#include "gpu/demand_residency.hpp"
#include "gpu/gpu_ops.hpp"

#include <chrono>
#include <cstring>

namespace linkperf::bench {
namespace {

using gpu::GpuBuffer;
using gpu::MemoryKind;
using gpu::MigrationTarget;

bool from_host(const Case& c) {
    return c.source.kind == EndpointKind::host_memory;
}

// The managed source and the destination of a um.demand case, filled with complementary
// patterns so that the check after the copy tells a copied byte from one left in place.
struct DemandBuffers {
    DemandBuffers(const Case& c, const gpu::BufferSpec& managed_spec,
                  const gpu::BufferSpec& dst_spec)
        : managed(managed_spec), dst(dst_spec), seed(case_seed(c, 0)) {
        managed.fill_pattern(seed, c.size_bytes);
        dst.fill_pattern(~seed, c.size_bytes);
    }
    GpuBuffer managed;
    GpuBuffer dst;
    std::uint64_t seed;
};

// um.prefetch: cudaMemPrefetchAsync host -> GPU or GPU -> host.
Measurement prefetch_case(const Case& c, const GpuCaseContext& ctx) {
    Measurement m;
    m.test_case = c;
    const Endpoint& host = from_host(c) ? c.source : c.destination;
    const int g = from_host(c) ? c.destination.id : c.source.id;
    GpuBuffer managed(buffer_for(host, c.size_bytes, g));
    const std::uint64_t seed = case_seed(c, 0);
    managed.fill_pattern(seed, c.size_bytes);
    const MigrationTarget on_host{false, g, host.id};
    const MigrationTarget on_gpu{true, g, -1};
    const MigrationTarget& from = from_host(c) ? on_host : on_gpu;
    const MigrationTarget& to = from_host(c) ? on_gpu : on_host;
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            return gpu::migration_seconds(managed, c.size_bytes, from, to, g, reps);
        },
        ctx.sampler);
    finish_samples(m, samples, static_cast<double>(c.size_bytes));
    add_host_link(m, ctx, g, 1); // before an idle link trains down
    gpu::migrate(managed, c.size_bytes, on_host);
    record_gpu_placement(m, {}); // the thread; managed pages move by design
    const PlacementCheck pages = managed.placement();
    m.extra["host_pages_on"] = pages.nodes_found;
    verify_destinations(m, {{&managed, seed}}, c.size_bytes);
    m.extra["timing"] = "CUDA events around each cudaMemPrefetchAsync (the driver's work "
                        "included); the pages return untimed before each one";
    return m;
}

// um.demand from a kernel: a copy kernel reads managed memory resident on the host. Where the
// pages are after the last timed kernel (move_pages from the host, against a check right after
// they were sent home) says whether the kernel faulted them in or read them in place
// (gpu/demand_residency), and the timing note says which.
Measurement gpu_fault_case(const Case& c, const GpuCaseContext& ctx) {
    Measurement m;
    m.test_case = c;
    const int g = c.destination.id;
    const int host_node = c.source.id;
    DemandBuffers b(c, buffer_for(c.source, c.size_bytes, g),
                    gpu::BufferSpec{MemoryKind::device, c.size_bytes, g, -1});
    gpu::migrate(b.managed, c.size_bytes, MigrationTarget{false, g, host_node});
    const PlacementCheck before = b.managed.placement();
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            return gpu::demand_copy_seconds(b.managed, b.dst, c.size_bytes, host_node, reps);
        },
        ctx.sampler);
    // Nothing touches the managed pages between the last timed kernel and this query.
    const gpu::DemandResidency where =
        gpu::classify_demand_residency(before, b.managed.placement(), host_node);
    finish_samples(m, samples, static_cast<double>(c.size_bytes));
    add_host_link(m, ctx, g, 1); // before an idle link trains down
    verify_destinations(m, {{&b.dst, b.seed}}, c.size_bytes);
    record_gpu_placement(m, {});
    m.extra["demand_pages"] = {{"outcome", gpu::to_string(where.outcome)},
                               {"checked", where.pages_checked},
                               {"migrated", where.migrated},
                               {"stayed", where.stayed},
                               {"moved", where.moved},
                               {"stayed_on", where.stayed_on},
                               {"moved_to", where.moved_to}};
    if (where.outcome != gpu::DemandOutcome::unknown) {
        m.extra["demand_faults"] = where.outcome != gpu::DemandOutcome::remote;
    }
    m.extra["timing"] = gpu::demand_timing_note(where, host_node);
    return m;
}

// um.demand from the CPU: memcpy out of managed memory resident on the GPU (in place, without
// faults, where the CPU loads GPU memory directly: label_cpu_demand says which).
Measurement cpu_fault_case(const Case& c, const GpuCaseContext& ctx) {
    Measurement m;
    m.test_case = c;
    const int g = c.source.id;
    DemandBuffers b(c, buffer_for(c.source, c.size_bytes, g),
                    buffer_for(c.destination, c.size_bytes, g));
    const MigrationTarget on_gpu{true, g, -1};
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            double total = 0;
            for (std::uint64_t r = 0; r < reps; ++r) {
                gpu::migrate(b.managed, c.size_bytes, on_gpu);
                const auto t0 = std::chrono::steady_clock::now();
                std::memcpy(b.dst.host_ptr(), b.managed.host_ptr(), c.size_bytes);
                total +=
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            }
            return total;
        },
        ctx.sampler);
    finish_samples(m, samples, static_cast<double>(c.size_bytes));
    add_host_link(m, ctx, g, 1); // before an idle link trains down
    verify_destinations(m, {{&b.dst, b.seed}}, c.size_bytes);
    record_gpu_placement(m, {&b.dst});
    label_cpu_demand(m, ctx.device(g));
    return m;
}

} // namespace

Measurement measure_managed_case(const Case& c, const GpuCaseContext& ctx) {
    if (is_path(c.path.id, PathId::um_prefetch)) {
        return prefetch_case(c, ctx);
    }
    return from_host(c) ? gpu_fault_case(c, ctx) : cpu_fault_case(c, ctx);
}

} // namespace linkperf::bench
