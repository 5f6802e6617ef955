// The GPU family: plans the GPU paths over this host's CUDA devices (bench/gpu_family/gpu_plan) and
// measures each case through the GPU layer. A host without CUDA or a device plans nothing and
// says why in one line.
#include "bench/contention_plan.hpp"
#include "bench/gpu_family/contention_gpu.hpp"
#include "bench/gpu_family/gpu_measure.hpp"
#include "bench/gpu_family/saturation_gpu_plan.hpp"
#include "bench/path_runner.hpp"
#include "gpu/availability.hpp"
#include "gpu/gpu_error.hpp"
#include "gpu/gpu_ops.hpp"
#include "gpu/gpu_paths.hpp"
#include "platform/cpu_binding.hpp"

#include <any>
#include <optional>

namespace linkperf::bench {
namespace {

nlohmann::json device_json(const gpu::GpuDevice& d) {
    nlohmann::json peers = nlohmann::json::array();
    for (const auto& p : d.peers) {
        peers.push_back({{"peer", p.peer},
                         {"access_supported", p.access_supported},
                         {"native_atomics", p.native_atomics},
                         {"performance_rank", p.performance_rank}});
    }
    return {{"index", d.index},
            {"name", d.name},
            {"pci_bus_id", d.pci_bus_id},
            {"numa_node", d.numa_node},
            {"compute_capability",
             std::to_string(d.compute_major) + "." + std::to_string(d.compute_minor)},
            {"sm_count", d.sm_count},
            {"total_memory", d.total_memory},
            {"l2_cache_bytes", d.l2_cache_bytes},
            {"copy_engines", d.async_engine_count},
            {"memory_clock_khz", d.memory_clock_khz},
            {"memory_bus_width_bits", d.memory_bus_width_bits},
            {"can_map_host_memory", d.can_map_host_memory},
            {"managed_memory", d.managed_memory},
            {"concurrent_managed_access", d.concurrent_managed_access},
            {"pageable_memory_access", d.pageable_memory_access},
            {"pageable_uses_host_page_tables", d.pageable_uses_host_page_tables},
            {"direct_managed_access_from_host", d.direct_managed_access_from_host},
            {"host_native_atomics", d.host_native_atomics},
            {"mig_instance", d.mig_instance},
            {"mig_detail", d.mig_detail},
            {"uuid", d.uuid},
            {"gpu_uuid", d.gpu_uuid},
            {"mig_instance_uuids", d.mig_instance_uuids},
            {"vbios_version", d.vbios_version},
            {"peers", peers}};
}

class GpuRunner final : public PathRunner {
public:
    GpuRunner() : inventory_(gpu::query_gpus()) {}

    std::string family() const override { return "gpu"; }

    // Why this host plans no GPU case; empty when a device is there.
    std::string skip_reason() const {
        if (inventory_.available) {
            return {};
        }
        return inventory_.built_with_cuda ? "no CUDA device: GPU paths skipped"
                                          : "built without CUDA: GPU paths skipped";
    }

    void describe(nlohmann::json& context) const override {
        nlohmann::json devices = nlohmann::json::array();
        for (const auto& d : inventory_.devices) {
            devices.push_back(device_json(d));
        }
        context["cuda"] = {{"available", inventory_.available},
                           {"built_with_cuda", inventory_.built_with_cuda},
                           {"reason", inventory_.reason},
                           {"driver_version", inventory_.driver_version},
                           {"driver_release", inventory_.driver_release},
                           {"runtime_version", inventory_.runtime_version},
                           {"nccl_version", inventory_.nccl_version},
                           {"devices", devices}};
    }

    FamilyPlan plan(const Topology& topo, const PlanOptions& options) const override {
        FamilyPlan out;
        out.study = options.study.study;
        out.skip_reason = skip_reason();
        // measure() needs each GPU's nearest node for the cases that span all GPUs.
        std::vector<gpu::GpuPlacement> placements;
        if (out.study != Study::links) {
            if (inventory_.available) {
                placements = gpu::place_gpus(topo, inventory_);
            }
            out.cases = out.study == Study::saturation
                            ? plan_gpu_saturation(topo, inventory_, options)
                            : plan_gpu_contention(topo, inventory_, options);
        } else {
            gpu::GpuPlan p = gpu::plan_gpu_cases(topo, inventory_, options);
            placements = std::move(p.placements);
            out.cases = std::move(p.cases);
        }
        out.measure_state = std::move(placements);
        return out;
    }

    void use(const FamilyPlan& plan) override {
        study_ = plan.study;
        const auto* placements = std::any_cast<std::vector<gpu::GpuPlacement>>(&plan.measure_state);
        placements_ = placements ? *placements : std::vector<gpu::GpuPlacement>{};
    }

    Measurement measure(const Case& c, const SamplerConfig& sampler) override {
        // A contention pair may have a host victim: only the device itself must be there.
        const bool pair = is_contention_path(c.path.id);
        if (const std::string why = pair ? (inventory_.available ? "" : inventory_.reason)
                                         : gpu::case_unavailable(c, inventory_);
            !why.empty()) {
            return skipped(c, why);
        }
        const gpu::GpuPathInfo* info =
            gpu::find_gpu_path(pair ? contention_pair(c.path.id).aggressor : c.path.id);
        if (info == nullptr) {
            return skipped(c, "not a GPU path");
        }
        const GpuCaseContext ctx{inventory_, placements_, sampler};
        try {
            // Allocating and driving thread on the planned CPUs (memory policy per buffer).
            std::optional<ThreadBinding> bind;
            if (!c.cpus.empty()) {
                bind.emplace(c.cpus);
            }
            if (!preloaded_) {
                // Once, before the first case: every kernel loaded on every device, so no
                // lazy load waits behind a hold kernel (gpu_ops.hpp: preload_kernels).
                preloaded_ = true;
                gpu::preload_kernels(inventory_);
            }
            if (pair) {
                return measure_gpu_contention(c, ctx);
            }
            switch (info->group) {
            case gpu::PathGroup::copy_engine:
            case gpu::PathGroup::sm:
                if (study_ == Study::saturation) {
                    // A point of a saturation curve: GPUs (or peers) copying at once.
                    Measurement m = measure_copy_case(c, ctx);
                    m.extra["sweep"] = is_path(c.path.id, PathId::ce_all_to_one) ? "peers" : "gpus";
                    return m;
                }
                return measure_copy_case(c, ctx);
            case gpu::PathGroup::managed:
                return measure_managed_case(c, ctx);
            case gpu::PathGroup::latency:
                return measure_latency_case(c, ctx);
            case gpu::PathGroup::unset:
            case gpu::PathGroup::host_stream:
            case gpu::PathGroup::host_chase:
            case gpu::PathGroup::host_c2c:
            case gpu::PathGroup::host_cold:
                break; // not a GPU path: find_gpu_path found none
            }
        } catch (const gpu::GpuError& e) {
            switch (e.kind()) {
            case gpu::GpuErrorKind::unavailable:
            case gpu::GpuErrorKind::out_of_memory:
                return skipped(c, e.what());
            case gpu::GpuErrorKind::measurement: {
                Measurement m = skipped(c, e.what());
                m.status = CaseStatus::failed;
                return m;
            }
            case gpu::GpuErrorKind::fatal:
                throw;
            }
        }
        return skipped(c, "unknown GPU path group");
    }

private:
    static Measurement skipped(const Case& c, const std::string& why) {
        Measurement m;
        m.test_case = c;
        m.status = CaseStatus::skipped;
        m.error = why;
        return m;
    }

    gpu::GpuInventory inventory_;
    std::vector<gpu::GpuPlacement> placements_; // of the adopted plan
    bool preloaded_ = false;
    Study study_ = Study::links; // of the adopted plan
};

} // namespace

std::unique_ptr<PathRunner> make_gpu_runner() {
    return std::make_unique<GpuRunner>();
}

} // namespace linkperf::bench
