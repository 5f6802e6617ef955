#include "reports/report_set.hpp"

#include "reports/report_error.hpp"

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
    for (const Run* r : set.all()) {
        if (r != reference) {
            set.comparisons.push_back({reference, r, compare_runs(*reference, *r, config)});
        }
    }
    return set;
}

} // namespace linkperf::reports
