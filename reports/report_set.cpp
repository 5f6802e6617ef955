#include "reports/report_set.hpp"

#include <algorithm>

#include "results_model/report_error.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <set>

namespace linkperf::reports {

std::vector<const Run*> ReportSet::all() const {
    std::vector<const Run*> out;
    for (const Run& r : baselines) {
        out.push_back(&r);
    }
    for (const Run& r : runs) {
        out.push_back(&r);
    }
    return out;
}

bool ReportSet::is_baseline(const Run* r) const {
    for (const Run& b : baselines) {
        if (&b == r) {
            return true;
        }
    }
    return false;
}

ReportSet build_report_set(std::vector<Run> runs, std::vector<Run> baselines,
                           const GateConfig& config) {
    if (runs.empty()) {
        throw ReportError("no results file given");
    }
    ReportSet set;
    set.config = config;
    set.baselines = std::move(baselines);
    set.runs = std::move(runs);
    std::set<std::string> used;
    const auto name = [&](Run& r) {
        const std::string base = std::filesystem::path(r.info.file).filename().string();
        std::string label = base.empty() ? r.info.file : base;
        for (int n = 2; used.count(label) != 0; ++n) {
            label = fmt::format("{} ({})", base, n);
        }
        used.insert(label);
        r.info.label = label;
    };
    for (Run& r : set.baselines) {
        name(r);
    }
    for (Run& r : set.runs) {
        name(r);
    }
    const Run* reference = set.baselines.empty() ? &set.runs.front() : &set.baselines.front();
    const auto shares_a_case = [&](const Run* r) {
        return std::any_of(r->cases.begin(), r->cases.end(),
                           [&](const CaseResult& c) { return reference->find(c.key) != nullptr; });
    };
    for (const Run* r : set.all()) {
        // A baseline is compared with whatever it holds; two unrelated runs are not.
        if (r != reference && (!set.baselines.empty() || shares_a_case(r))) {
            set.comparisons.push_back({reference, r, compare_runs(*reference, *r, config)});
        }
    }
    for (const Run& r : set.runs) {
        const bool compared = std::any_of(
            set.comparisons.begin(), set.comparisons.end(),
            [&](const RunComparison& c) { return c.candidate == &r || c.baseline == &r; });
        if (!compared) {
            set.alone.push_back(&r);
        }
    }
    return set;
}

std::string ReportSet::nothing_compared() const {
    if (!comparisons.empty()) {
        return {};
    }
    if (runs.size() == 1) {
        return "One run and no baseline: nothing to compare.";
    }
    return fmt::format("{} runs with no case in common and no baseline: each is shown on its own, "
                       "nothing to compare.",
                       runs.size());
}

} // namespace linkperf::reports
