#include "reports/results_model.hpp"

#include <algorithm>

namespace linkperf::reports {

const CaseResult* Run::find(const CaseKey& key) const {
    auto it = std::lower_bound(cases.begin(), cases.end(), key,
                               [](const CaseResult& c, const CaseKey& k) { return c.key < k; });
    return it != cases.end() && it->key == key ? &*it : nullptr;
}

} // namespace linkperf::reports
