// The host family: plans with host_plan and measures each case with the matching measurement.
#include "bench/contention_plan.hpp"
#include "bench/host/contention_host.hpp"
#include "bench/host/host_kernels.hpp"
#include "bench/host/host_measure.hpp"
#include "bench/host/host_plan.hpp"
#include "bench/host/saturation_host_plan.hpp"
#include "bench/path_runner.hpp"
#include "core/error.hpp"
#include "core/path_catalogue.hpp"
#include "platform/isa_features.hpp"

namespace linkperf::bench {
namespace {

class HostRunner final : public PathRunner {
public:
    std::string family() const override { return "host"; }

    FamilyPlan plan(const Topology& topo, const PlanOptions& options) const override {
        FamilyPlan out;
        out.study = options.study.study;
        switch (out.study) {
        case Study::saturation:
            out.cases = plan_host_saturation(topo, options);
            return out;
        case Study::contention:
            out.cases = plan_host_contention(topo, options);
            if (out.cases.empty()) {
                out.skip_reason = "one CPU for the pair: no core left for an aggressor, host "
                                  "contention pairs skipped";
            }
            return out;
        case Study::links:
            break;
        }
        HostPlan p = plan_host(topo, options, [](int node) { return memory_budget(node); });
        out.cases = std::move(p.cases);
        out.notes = std::move(p.notes);
        if (!p.dram_point_reason.empty()) {
            out.facts["dram_point_reason"] = std::move(p.dram_point_reason);
        }
        return out;
    }

    void use(const FamilyPlan& plan) override {
        study_ = plan.study;
        facts_ = plan.facts;
    }

    void describe(nlohmann::json& context) const override {
        context["isa_features"] = isa_features(stream_store_method());
        context["isa_features"]["host_vector_path"] = vector_path();
        for (const auto& [key, value] : facts_.items()) {
            context[key] = value;
        }
    }

    // The links study's bandwidth and latency cases keep their buffers across the passes of
    // --repeat; the others (cache-to-cache, cold, saturation and contention points) are set up
    // by each measurement.
    std::unique_ptr<PreparedCase> prepare(const Case& c) override {
        if (study_ == Study::links && group_of(c) == PathGroup::host_chase) {
            return prepare_host_latency(c);
        }
        if (study_ == Study::links && group_of(c) == PathGroup::host_stream) {
            return prepare_host_bandwidth(c);
        }
        return PathRunner::prepare(c);
    }

    // Each catalogued host path is measured by its group's code (core/path_catalogue.hpp).
    Measurement measure(const Case& c, const SamplerConfig& sampler) override {
        if (is_contention_path(c.path.id)) {
            return measure_host_contention(c, sampler);
        }
        switch (group_of(c)) {
        case PathGroup::host_chase:
            return measure_host_latency(c, sampler);
        case PathGroup::host_c2c:
            return measure_host_c2c(c, sampler);
        case PathGroup::host_cold:
            return measure_host_cold(c, sampler);
        case PathGroup::host_stream: {
            Measurement m = measure_host_bandwidth(c, sampler);
            if (study_ == Study::saturation) {
                m.extra["sweep"] = "threads"; // a point of a saturation curve (docs/saturation.md)
            }
            return m;
        }
        case PathGroup::unset:
        case PathGroup::copy_engine:
        case PathGroup::sm:
        case PathGroup::managed:
        case PathGroup::latency:
            break;
        }
        throw usage_error("not a host path: '" + c.path.id + "'");
    }

private:
    static PathGroup group_of(const Case& c) {
        const PathEntry* e = find_path(c.path.id);
        return e != nullptr && e->family == PathFamily::host ? e->group : PathGroup::unset;
    }

    Study study_ = Study::links;                      // of the adopted plan
    nlohmann::json facts_ = nlohmann::json::object(); // of the adopted plan, for describe()
};

} // namespace

std::unique_ptr<PathRunner> make_host_runner() {
    return std::make_unique<HostRunner>();
}

} // namespace linkperf::bench
