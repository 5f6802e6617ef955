#include "history/history_value.hpp"

#include "gate/run_stats.hpp"

namespace linkperf::reports {

double run_level_value(const CaseResult& c) {
    const std::vector<double> values = c.run_values();
    return values.empty() ? c.stats.median : median_of(values);
}

} // namespace linkperf::reports
