#include "results_model/results_model.hpp"

#include <algorithm>

namespace linkperf::reports {

const CaseResult* Run::find(const CaseKey& key) const {
    auto it = std::lower_bound(cases.begin(), cases.end(), key,
                               [](const CaseResult& c, const CaseKey& k) { return c.key < k; });
    return it != cases.end() && it->key == key ? &*it : nullptr;
}

std::vector<double> CaseResult::run_values() const {
    if (!run_medians.empty()) {
        return run_medians;
    }
    if (status == CaseStatus::ok) {
        return {stats.median};
    }
    return {};
}

} // namespace linkperf::reports
