#include "gate/comparison_text.hpp"

#include "results_model/text_escape.hpp"

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
    const std::string runs = run_level_text(c);
    return fmt::format("{} {} -> {} {} ({}, {} by {:.1f}%, threshold {:.1f}%, {} is "
                       "better); {}{}",
                       c.run_level ? "median of run medians" : "median",
                       format_number(c.baseline_median), format_number(c.candidate_median), c.unit,
                       change_text(c), c.worse > 0 ? "worse" : "better", std::fabs(c.worse) * 100.0,
                       c.threshold * 100.0, c.higher_is_better ? "higher" : "lower", c.reason,
                       runs.empty() ? "" : "; " + runs);
}

std::string run_level_text(const Comparison& c) {
    if (!c.run_level) {
        return "";
    }
    return fmt::format("{} vs {} runs, run-to-run spread {:.1f}%, minimum detectable change {}",
                       c.baseline_runs, c.candidate_runs, c.run_spread * 100.0,
                       c.min_detectable >= 1.0 ? std::string("none (too few runs)")
                                               : fmt::format("{:.1f}%", c.min_detectable * 100.0));
}

std::string counts_text(const GateResult& r) {
    return fmt::format(
        "{}{} improved, {} regressed, {} unjudged, {} unchanged, {} noisy, {} missing",
        r.count(Verdict::inconclusive) > 0
            ? fmt::format("{} inconclusive, ", r.count(Verdict::inconclusive))
            : std::string(),
        r.count(Verdict::improved), r.count(Verdict::regressed), r.count(Verdict::unjudged),
        r.count(Verdict::unchanged), r.count(Verdict::noisy), r.count(Verdict::missing));
}

} // namespace linkperf::reports
