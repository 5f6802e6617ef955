#include "reports/history_value.hpp"

namespace linkperf::reports {

double run_level_value(const CaseResult& c) {
    return c.stats.median;
}

} // namespace linkperf::reports
