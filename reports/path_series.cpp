#include "reports/path_series.hpp"

#include <fmt/core.h>

namespace linkperf::reports {

std::vector<PathInfo> paths_of(const std::vector<const Run*>& runs) {
    std::map<std::string, PathInfo> paths;
    for (const Run* r : runs) {
        for (const CaseResult& c : r->cases) {
            PathInfo& p = paths[c.key.path];
            p.path = c.key.path;
            if (p.metric.empty()) {
                p.metric = c.metric;
                p.unit = c.unit;
            }
            if (c.status == CaseStatus::ok) {
                p.any_ok = true;
                p.any_efficiency = p.any_efficiency || c.efficiency.has_value();
            } else {
                p.skips.push_back(fmt::format("{}: {}: {} ({})", r->info.label, case_label(c.key),
                                              to_string(c.status), c.error));
            }
        }
    }
    std::vector<PathInfo> out;
    for (auto& [name, info] : paths) {
        out.push_back(std::move(info));
    }
    return out;
}

std::map<CaseKey, std::vector<const CaseResult*>> series_of_path(const Run& run,
                                                                 const std::string& path) {
    std::map<CaseKey, std::vector<const CaseResult*>> out;
    for (const CaseResult& c : run.cases) {
        if (c.key.path == path && c.status == CaseStatus::ok) {
            out[series_of(c.key)].push_back(&c); // cases are sorted by key, so by size
        }
    }
    return out;
}

} // namespace linkperf::reports
