#include "reports/saturation_curves.hpp"

#include "core/units.hpp"

#include <fmt/core.h>

#include <map>

namespace linkperf::reports {

int concurrency_of(const CaseResult& c) {
    return c.sweep == "ranks" ? c.key.ranks : c.key.threads;
}

std::string SaturationCurve::label() const {
    CaseKey k = link;
    std::string s = series_label(k);
    // series_label ends in " threads:N": a curve spans them all.
    if (const auto at = s.rfind(" threads:"); at != std::string::npos) {
        s.erase(at);
    }
    if (sweep == "ranks") {
        if (const auto at = s.find(" ranks:0"); at != std::string::npos) {
            s.erase(at, 8);
        }
    }
    return s + " " + format_size(link.size_bytes);
}

std::string SaturationCurve::concurrency_name() const {
    if (sweep == "gpus") {
        return "GPUs";
    }
    return sweep.empty() ? "threads" : sweep;
}

std::vector<SaturationCurve> saturation_curves(const Run& run, const SaturationOptions& options) {
    std::map<std::pair<CaseKey, std::string>, std::vector<const CaseResult*>> groups;
    for (const CaseResult& c : run.cases) {
        if (c.status != CaseStatus::ok || c.sweep.empty() || !c.higher_is_better) {
            continue;
        }
        CaseKey link = c.key;
        (c.sweep == "ranks" ? link.ranks : link.threads) = 0;
        groups[{link, c.sweep}].push_back(&c);
    }
    std::vector<SaturationCurve> out;
    for (auto& [key, cases] : groups) {
        if (cases.size() < 2) {
            continue;
        }
        std::sort(cases.begin(), cases.end(), [](const CaseResult* a, const CaseResult* b) {
            return concurrency_of(*a) < concurrency_of(*b);
        });
        SaturationCurve curve;
        curve.link = key.first;
        curve.sweep = key.second;
        curve.points = cases;
        std::vector<CurvePoint> points;
        for (const CaseResult* c : cases) {
            points.push_back({static_cast<double>(concurrency_of(*c)), c->stats.median});
        }
        curve.analysis = analyse_saturation(points, options);
        out.push_back(std::move(curve));
    }
    return out;
}

const SaturationCurve* find_curve(const std::vector<SaturationCurve>& curves, const CaseKey& link) {
    for (const SaturationCurve& c : curves) {
        if (c.link == link) {
            return &c;
        }
    }
    return nullptr;
}

} // namespace linkperf::reports
