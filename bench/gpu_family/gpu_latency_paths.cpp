// lat.*: pointer chases by one GPU thread (host, peer and local memory) and by one CPU thread
// (GPU memory, where the platform lets the CPU load it), the CPU-GPU flag ping-pong, and the
// latency of small cudaMemcpyAsync calls.
#include "bench/gpu_family/gpu_measure.hpp"
#include "core/error.hpp"
#include "core/path_catalogue.hpp"
#include "gpu/gpu_ops.hpp"
#include "gpu/pointer_chase.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>

namespace linkperf::bench {
namespace {

using Clock = std::chrono::steady_clock;
using gpu::GpuBuffer;
using gpu::MemoryKind;

// Writes the chase into `b` for an agent that sees the buffer at `base`.
void write_chain(GpuBuffer& b, std::size_t bytes, std::size_t stride, std::uint64_t base,
                 std::uint64_t seed, gpu::ChaseOrder order = gpu::ChaseOrder::random) {
    if (b.host_ptr() != nullptr) {
        gpu::write_chase(reinterpret_cast<std::uint64_t*>(b.host_ptr()), bytes, stride, base, seed,
                         order);
        // Drain write-combining buffers before a GPU reads the chain.
        std::atomic_thread_fence(std::memory_order_seq_cst);
        return;
    }
    std::vector<std::uint64_t> image(bytes / 8);
    gpu::write_chase(image.data(), bytes, stride, base, seed, order);
    b.upload(image.data(), image.size() * 8);
}

void chase_extra(Measurement& m, std::size_t stride, std::size_t lines, const char* load,
                 const char* timing, gpu::ChaseOrder order = gpu::ChaseOrder::random) {
    m.extra["stride_bytes"] = stride;
    m.extra["chain"] = order == gpu::ChaseOrder::address
                           ? "lines in address order (nvbandwidth's latency chain)"
                           : "lines in one random cycle";
    m.extra["lines"] = lines;
    m.extra["load"] = load;
    m.extra["timing"] = timing;
}

// The chase must end where the host says the chain leads: the chain survived in that memory.
void verify_chase(Measurement& m, std::uint64_t expected, std::uint64_t end, std::uint64_t hops) {
    m.data_verified = end == expected;
    if (!m.data_verified) {
        fail_case(m, "data verification failed: the pointer chain of " + m.test_case.name() +
                         " did not lead where it was written after " + std::to_string(hops) +
                         " hops");
    }
}

// %globaltimer ticks in steps of about a microsecond on some GPUs: a sample of at least 2 ms
// keeps that step below 0.05% of it.
SamplerConfig globaltimer_sampler(const SamplerConfig& base) {
    SamplerConfig s = base;
    s.min_sample_seconds = std::max(s.min_sample_seconds, 2e-3);
    return s;
}

// One GPU thread chases through `target` (memory of any kind that GPU can load).
Measurement gpu_chase(const Case& c, const GpuCaseContext& ctx, int g, GpuBuffer& target,
                      gpu::ChaseLoad load, gpu::ChaseOrder order = gpu::ChaseOrder::random) {
    Measurement m;
    m.test_case = c;
    const std::size_t stride = gpu::kGpuChaseStride;
    const std::size_t lines = gpu::chase_lines(c.size_bytes, stride);
    const auto base = reinterpret_cast<std::uint64_t>(target.device_ptr());
    write_chain(target, c.size_bytes, stride, base, case_seed(c, 0), order);
    // System memory: the whole footprint mapped for the GPU first, or the batches would time
    // fault servicing on every hop into an untouched page.
    target.map_for_gpu();
    // Each batch goes on where the last one stopped, so a large footprint is walked through
    // rather than its first lines revisited from cache.
    std::uint64_t at = base;
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            const gpu::ChaseTiming t = gpu::chase_on_gpu(g, at, reps, load);
            at = t.end;
            return t.seconds;
        },
        globaltimer_sampler(ctx.sampler));
    finish_samples(m, samples, 0);
    const std::uint64_t hops = gpu::chase_check_hops(lines);
    verify_chase(m, gpu::chase_end(c.size_bytes, stride, base, case_seed(c, 0), hops, order),
                 gpu::chase_on_gpu(g, base, hops, load).end, hops);
    chase_extra(m, stride, lines, gpu::to_string(load),
                "%globaltimer read by the chasing GPU thread around its loads", order);
    return m;
}

// lat.gpu_host: host memory of any kind the GPU loads in place. Only the GPU touches the
// buffer between writing the chain and the placement check, so pages a GPU access migrated
// (system memory) are still where it put them and fail the case.
// lat.gpu_host_stride: the same over nvbandwidth's chain (address order).
Measurement gpu_host(const Case& c, const GpuCaseContext& ctx,
                     gpu::ChaseOrder order = gpu::ChaseOrder::random) {
    const int g = c.source.id;
    GpuBuffer target(buffer_for(c.destination, c.size_bytes, g));
    Measurement m = gpu_chase(c, ctx, g, target, gpu::ChaseLoad::uncached, order);
    record_gpu_placement(m, {&target});
    add_host_link(m, ctx, g, 0);
    return m;
}

// lat.gpu_peer: device memory of another GPU, through peer access; lat.gpu_peer_stride over
// nvbandwidth's chain.
Measurement gpu_peer(const Case& c, const GpuCaseContext& ctx,
                     gpu::ChaseOrder order = gpu::ChaseOrder::random) {
    const int a = c.source.id;
    const int b = c.destination.id;
    gpu::PeerAccessScope peer(a, b, true);
    GpuBuffer target(gpu::BufferSpec{MemoryKind::device, c.size_bytes, b, -1});
    Measurement m = gpu_chase(c, ctx, a, target, gpu::ChaseLoad::uncached, order);
    record_gpu_placement(m, {});
    add_peer_link(m, ctx, a, b);
    return m;
}

// lat.gpu_local: the GPU's own memory, the reference the other chases compare with.
Measurement gpu_local(const Case& c, const GpuCaseContext& ctx) {
    const int g = c.source.id;
    GpuBuffer target(gpu::BufferSpec{MemoryKind::device, c.size_bytes, g, -1});
    Measurement m = gpu_chase(c, ctx, g, target, gpu::ChaseLoad::l2);
    record_gpu_placement(m, {});
    m.extra["l2_cache_bytes"] = ctx.device(g).l2_cache_bytes;
    return m;
}

// Follows `hops` pointers from `start` on this CPU thread.
std::uint64_t cpu_chase(std::uint64_t start, std::uint64_t hops) {
    std::uint64_t p = start;
    for (std::uint64_t h = 0; h < hops; ++h) {
        p = *reinterpret_cast<const volatile std::uint64_t*>(p);
    }
    return p;
}

// lat.host_gpu: a CPU thread loads managed memory kept on the GPU (coherent platforms only).
Measurement host_gpu(const Case& c, const GpuCaseContext& ctx) {
    Measurement m;
    m.test_case = c;
    const int g = c.destination.id;
    GpuBuffer target(gpu::BufferSpec{MemoryKind::managed, c.size_bytes, g, c.source.id});
    const std::size_t stride = gpu::kCpuChaseStride;
    const std::size_t lines = gpu::chase_lines(c.size_bytes, stride);
    const auto base = reinterpret_cast<std::uint64_t>(target.host_ptr());
    write_chain(target, c.size_bytes, stride, base, case_seed(c, 0));
    gpu::pin_to_device(target, c.size_bytes, g);
    std::uint64_t at = base; // batches go on where the last one stopped
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            const auto t0 = Clock::now();
            at = cpu_chase(at, reps);
            return std::chrono::duration<double>(Clock::now() - t0).count();
        },
        ctx.sampler);
    finish_samples(m, samples, 0);
    const std::uint64_t hops = gpu::chase_check_hops(lines);
    verify_chase(m, gpu::chase_end(c.size_bytes, stride, base, case_seed(c, 0), hops),
                 cpu_chase(base, hops), hops);
    record_gpu_placement(m, {});
    chase_extra(m, stride, lines, "CPU load", "host clock around the chasing CPU thread");
    add_host_link(m, ctx, g, 0);
    return m;
}

// lat.pingpong: one-way hop = half a round trip of a flag through mapped host memory.
Measurement pingpong(const Case& c, const GpuCaseContext& ctx) {
    Measurement m;
    m.test_case = c;
    const int g = c.destination.id;
    GpuBuffer flags(gpu::BufferSpec{MemoryKind::mapped, 256, g, c.source.id});
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) { return gpu::pingpong_seconds(g, flags, reps) / 2; }, ctx.sampler);
    finish_samples(m, samples, 0);
    m.data_verified = true; // every answer carried the value that was sent
    record_gpu_placement(m, {&flags});
    m.extra["round_trip_ns"] = 2 * m.stats.median;
    m.extra["timing"] = "host clock around CPU-GPU round trips; one operation = half of one";
    add_host_link(m, ctx, g, 0);
    return m;
}

// lat.copy: cudaMemcpyAsync from the call until the host sees it complete.
Measurement copy(const Case& c, const GpuCaseContext& ctx) {
    Measurement m;
    m.test_case = c;
    const bool src_gpu = c.source.kind == EndpointKind::gpu_memory;
    const bool dst_gpu = c.destination.kind == EndpointKind::gpu_memory;
    const int g = src_gpu ? c.source.id : c.destination.id;
    std::optional<gpu::PeerAccessScope> peer;
    const bool p2p = src_gpu && dst_gpu && c.source.id != c.destination.id;
    bool peer_access = false;
    if (p2p) {
        const gpu::PeerLink* link = ctx.device(c.source.id).peer(c.destination.id);
        peer_access = link != nullptr && link->access_supported;
        if (peer_access) {
            peer.emplace(c.source.id, c.destination.id, true);
        }
    }
    GpuBuffer src(buffer_for(c.source, c.size_bytes, src_gpu ? c.source.id : g));
    GpuBuffer dst(buffer_for(c.destination, c.size_bytes, dst_gpu ? c.destination.id : g));
    const std::uint64_t seed = case_seed(c, 0);
    src.fill_pattern(seed, c.size_bytes);
    dst.fill_pattern(~seed, c.size_bytes);
    const SampleSet samples = run_samples(
        [&](std::uint64_t reps) {
            return gpu::copy_latency_seconds(src, dst, c.size_bytes, g, reps);
        },
        ctx.sampler);
    finish_samples(m, samples, 0);
    record_gpu_placement(m, {&src, &dst});
    verify_destinations(m, {{&dst, seed}}, c.size_bytes);
    m.extra["timing"] = "host clock from cudaMemcpyAsync to cudaStreamSynchronize returning";
    if (p2p) {
        m.extra["peer_access"] = peer_access;
        add_peer_link(m, ctx, c.source.id, c.destination.id);
    } else if (!src_gpu || !dst_gpu) {
        add_host_link(m, ctx, g, 0);
    }
    return m;
}

} // namespace

Measurement measure_latency_case(const Case& c, const GpuCaseContext& ctx) {
    const std::string& p = c.path.id;
    if (const std::optional<PathId> id = path_id_of(p)) {
        switch (*id) {
        case PathId::lat_gpu_host:
            return gpu_host(c, ctx);
        case PathId::lat_gpu_peer:
            return gpu_peer(c, ctx);
        case PathId::lat_gpu_host_stride:
            return gpu_host(c, ctx, gpu::ChaseOrder::address);
        case PathId::lat_gpu_peer_stride:
            return gpu_peer(c, ctx, gpu::ChaseOrder::address);
        case PathId::lat_gpu_local:
            return gpu_local(c, ctx);
        case PathId::lat_host_gpu:
            return host_gpu(c, ctx);
        case PathId::lat_pingpong:
            return pingpong(c, ctx);
        case PathId::lat_copy:
            return copy(c, ctx);
        default:
            break;
        }
    }
    throw usage_error("not a GPU latency path: " + p);
}

} // namespace linkperf::bench
