#include "reports/comparison_text.hpp"

#include "reports/text_escape.hpp"

#include <fmt/core.h>

#include <cmath>

namespace linkperf::reports {

std::string change_text(const Comparison& c) {
    if (c.verdict == Verdict::missing || c.ratio <= 0) {
        return "";
    }
    return fmt::format("{:+.1f}%", (c.ratio - 1.0) * 100.0);
}

std::string comparison_summary(const Comparison& c) {
    if (c.verdict == Verdict::missing || c.ratio <= 0) {
        return c.reason;
    }
    return fmt::format("median {} -> {} {} ({}, {} by {:.1f}%, threshold {:.1f}%, {} is "
                       "better); {}",
                       format_number(c.baseline_median), format_number(c.candidate_median), c.unit,
                       change_text(c), c.worse > 0 ? "worse" : "better", std::fabs(c.worse) * 100.0,
                       c.threshold * 100.0, c.higher_is_better ? "higher" : "lower", c.reason);
}

std::string counts_text(const GateResult& r) {
    return fmt::format("{} improved, {} regressed, {} unjudged, {} unchanged, {} noisy, {} missing",
                       r.count(Verdict::improved), r.count(Verdict::regressed),
                       r.count(Verdict::unjudged), r.count(Verdict::unchanged),
                       r.count(Verdict::noisy), r.count(Verdict::missing));
}

} // namespace linkperf::reports
