#pragma once
// Groups cases for charts and tables: the paths present in a set of runs, and per run the
// series (every key field but the size) of one path.
#include "results_model/results_model.hpp"

#include <map>
#include <string>
#include <vector>

namespace linkperf::reports {

struct PathInfo {
    std::string path;
    std::string metric;
    std::string unit;
    bool any_ok = false;            // at least one case measured in some run
    bool any_efficiency = false;    // some case carries the link's theoretical rate
    std::vector<std::string> skips; // "run: case: reason" for cases not measured
};

// Paths in sorted order.
std::vector<PathInfo> paths_of(const std::vector<const Run*>& runs);

// The ok cases of `path` in `run`, grouped by series, each sorted by size.
std::map<CaseKey, std::vector<const CaseResult*>> series_of_path(const Run& run,
                                                                 const std::string& path);

} // namespace linkperf::reports
