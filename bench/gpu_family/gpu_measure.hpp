#pragma once
// What the GPU family's cases share: the context a case is measured in, turning samples into a
// Measurement, the link each result crossed (extra.link, extra.efficiency), the placement
// found, and the per-group measuring functions (bench/gpu_family/gpu_copy_paths.cpp,
// gpu_managed_paths.cpp, gpu_latency_paths.cpp).
#include "bench/gpu_family/gpu_plan.hpp"
#include "bench/sample_summary.hpp"
#include "core/measurement.hpp"
#include "core/sampler.hpp"
#include "gpu/gpu_buffer.hpp"
#include "gpu/gpu_inventory.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::bench {

struct GpuCaseContext {
    const gpu::GpuInventory& inventory;
    const std::vector<gpu::GpuPlacement>& placements; // from the last plan
    const SamplerConfig& sampler;
    std::filesystem::path sysfs_root = "/sys";

    const gpu::GpuDevice& device(int index) const; // present: availability was checked
    // The GPU's nearest NUMA node from the plan, or `fallback`.
    int near_node(int device, int fallback) const;
};

Measurement measure_copy_case(const Case& c, const GpuCaseContext& ctx);    // ce.*, sm.*
Measurement measure_managed_case(const Case& c, const GpuCaseContext& ctx); // um.*
Measurement measure_latency_case(const Case& c, const GpuCaseContext& ctx); // lat.*

// --- shared helpers ---

// The last `n` per-op times of a lane, as {median, p5, p95} in GB/s of `bytes`.
nlohmann::json lane_summary(const std::vector<double>& seconds_per_op, std::size_t n, double bytes);

// A buffer for one endpoint of a case on `device` (host kinds on the endpoint's node).
gpu::BufferSpec buffer_for(const Endpoint& e, std::uint64_t bytes, int device);
// A seed per case and lane, stable across runs.
std::uint64_t case_seed(const Case& c, std::size_t lane);

// The host link of `device` (extra.link: its PCIe link from sysfs, or NVLink-C2C); with
// `directions` > 0 and a bandwidth result, also the theoretical rate (per direction x
// directions) and the efficiency of the median. Call it right after the samples: an idle GPU
// trains its PCIe link down (extra.link_downtrained says when it was found below its maximum).
void add_host_link(Measurement& m, const GpuCaseContext& ctx, int device, int directions);
// The host links of several GPUs copying at once: theoretical = the sum of their rates.
void add_host_links(Measurement& m, const GpuCaseContext& ctx, const std::vector<int>& devices);
// Device-memory bandwidth of `device` for a local copy counted once (read + write traffic);
// the efficiency only where the copy does not fit in L2 (device_memory_efficiency_applies),
// and never on a MIG instance (the peak is the whole GPU's).
void add_device_memory_link(Measurement& m, const gpu::GpuDevice& device);
// Whether a local copy of `copy_bytes` (source and destination) is larger than 2x the L2
// cache, so device memory, not L2, serves it.
bool device_memory_efficiency_applies(std::uint64_t copy_bytes, std::uint64_t l2_bytes);
// What the driver says about the peer link from `a` to `b`.
void add_peer_link(Measurement& m, const GpuCaseContext& ctx, int a, int b);

// um.demand GPU -> host: what the CPU memcpy out of GPU-resident managed memory measured. With
// cudaDevAttrDirectManagedMemAccessFromHost (GH200 over NVLink-C2C) CPU loads are served in
// place, without a page fault: the figure is a CPU read of GPU memory across the link, and
// extra.timing / extra.demand_faults say so instead of claiming faults.
void label_cpu_demand(Measurement& m, const gpu::GpuDevice& device);

// A bandwidth above this fraction of the link's theoretical rate cannot have crossed the link
// (the 2% leave room for clock rounding of the rate): the figure is wrong.
inline constexpr double kMaxEfficiency = 1.02;
// Fails the case when extra.efficiency is above kMaxEfficiency (the value moves to
// extra.efficiency_rejected); called wherever an efficiency is computed. A link flagged
// link_downtrained is exempt: its rate, read after the samples, may be the low one.
void check_efficiency(Measurement& m);
// Marks the case failed with `why` (after any earlier error) and drops the figures derived
// from its median (efficiency, device-memory traffic): they describe nothing.
void fail_case(Measurement& m, const std::string& why);
// System memory (pages found by `check`, meant for `node`, kept there by `advice`): records
// the advice and fails the case unless every sampled page was located on its node.
void check_system_placement(Measurement& m, const PlacementCheck& check, int node,
                            const std::string& advice);
// Placement: where the host buffers' pages are and where this thread ran. System memory whose
// pages are not all found on their node fails the case: a GPU access migrated them (or they
// cannot be located), so the figures may be of GPU memory. Call it before any CPU access to
// the buffers (a CPU read faults migrated pages back and hides the migration).
void record_gpu_placement(Measurement& m, const std::vector<const gpu::GpuBuffer*>& buffers);
// Checks each destination against its lane's pattern; a mismatch fails the case.
void verify_destinations(Measurement& m,
                         const std::vector<std::pair<const gpu::GpuBuffer*, std::uint64_t>>& dsts,
                         std::size_t bytes);

} // namespace linkperf::bench
