// The GPU family on this host: with no device (or no CUDA) it plans nothing and says why in
// one line; with one it plans GPU paths. Either way describe() records what CUDA reported.
#include "bench/path_runner.hpp"
#include "gpu/gpu_inventory.hpp"
#include "gpu/gpu_paths.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;

TEST_CASE("gpu runner on this host", "[gpu][runner]") {
    const gpu::GpuInventory inv = gpu::query_gpus();
    auto runner = bench::make_gpu_runner();
    CHECK(runner->family() == "gpu");
    const Topology topo = Topology::load();
    PlanOptions o;
    const bench::FamilyPlan plan = runner->plan(topo, o);
    const auto& cases = plan.cases;
    runner->use(plan);
    nlohmann::json context = nlohmann::json::object();
    runner->describe(context);
    CHECK(context["cuda"]["available"] == inv.available);
    CHECK(context["cuda"]["devices"].size() == inv.devices.size());
    if (!inv.available) {
        CHECK(cases.empty());
        CHECK(plan.skip_reason == (inv.built_with_cuda ? "no CUDA device: GPU paths skipped"
                                                       : "built without CUDA: GPU paths skipped"));
        CHECK_FALSE(context["cuda"]["reason"].get<std::string>().empty());

        // A case planned elsewhere is skipped here, with the reason.
        Case c{gpu::gpu_path("ce.h2d"),
               {EndpointKind::host_memory, 0, "near", "pinned"},
               {EndpointKind::gpu_memory, 0, "gpu0", "device"},
               4096,
               1,
               {}};
        const Measurement m = runner->measure(c, SamplerConfig{});
        CHECK(m.status == CaseStatus::skipped);
        CHECK(m.error == inv.reason);
    } else {
        CHECK_FALSE(cases.empty());
        CHECK(plan.skip_reason.empty());
        for (const auto& c : cases) {
            CHECK(gpu::find_gpu_path(c.path.id) != nullptr);
        }
    }
}
