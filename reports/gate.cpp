#include "reports/gate.hpp"

#include "reports/mann_whitney.hpp"
#include "reports/report_error.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace linkperf::reports {

const char* to_string(Verdict v) {
    switch (v) {
    case Verdict::improved:
        return "improved";
    case Verdict::unchanged:
        return "unchanged";
    case Verdict::regressed:
        return "regressed";
    case Verdict::noisy:
        return "noisy";
    case Verdict::missing:
        return "missing";
    case Verdict::unjudged:
        return "unjudged";
    }
    return "unknown";
}

namespace {

// The smallest two-sided p-value the exact U test can give for these sample counts:
// 2 / C(n1 + n2, n1). Above alpha, no data could make the case significant.
double smallest_p(std::size_t n1, std::size_t n2) {
    double ways = 1;
    const std::size_t k = std::min(n1, n2);
    for (std::size_t i = 1; i <= k && ways < 1e12; ++i) {
        ways = ways * static_cast<double>(n1 + n2 - k + i) / static_cast<double>(i);
    }
    return std::min(1.0, 2.0 / ways);
}

void judge(Comparison& c, const GateConfig& config) {
    const CaseResult& b = *c.baseline;
    const CaseResult& n = *c.candidate;
    if (n.status == CaseStatus::failed && b.status == CaseStatus::ok) {
        c.verdict = Verdict::regressed;
        c.reason = "candidate failed: " + n.error;
        return;
    }
    if (b.status != CaseStatus::ok || n.status != CaseStatus::ok) {
        c.verdict = Verdict::missing;
        c.reason = fmt::format("not measured on both sides (baseline {}, candidate {})",
                               to_string(b.status), to_string(n.status));
        return;
    }
    c.baseline_median = b.stats.median;
    c.candidate_median = n.stats.median;
    if (b.stats.median > 0 && !(n.stats.median > 0)) {
        // The loader refuses this; a candidate that measured nothing never passes the gate.
        c.verdict = Verdict::regressed;
        c.reason = fmt::format("candidate median {} is not positive", n.stats.median);
        return;
    }
    if (!(b.stats.median > 0)) {
        c.verdict = Verdict::missing;
        c.reason = "a median is not positive: no ratio";
        return;
    }
    c.ratio = n.stats.median / b.stats.median;
    c.worse = c.higher_is_better ? 1.0 - c.ratio : c.ratio - 1.0;
    c.threshold = config.threshold_for(c.key.path, c.metric, c.key.size_bytes);
    c.family = to_string(gate_family(c.key.path, c.metric, c.key.size_bytes));
    const std::size_t nb = b.samples.size();
    const std::size_t nn = n.samples.size();
    if (nb < 2 || nn < 2) {
        // One sample says nothing about spread: no test can run.
        c.reason = fmt::format("too few samples to judge ({} vs {}, need 2 per side)", nb, nn);
    } else if (nb >= config.min_samples && nn >= config.min_samples) {
        const MannWhitneyResult u = mann_whitney_u(b.samples, n.samples);
        c.p_value = u.p_value;
        c.testable = smallest_p(nb, nn) < config.alpha;
        c.significant = c.testable && u.p_value < config.alpha;
        c.reason = c.testable ? fmt::format("Mann-Whitney U p={:.3g} ({} vs {} samples)", u.p_value,
                                            nb, nn)
                              : fmt::format("too few samples for alpha {:.3g} ({} vs {}: the "
                                            "U test cannot go below p={:.3g})",
                                            config.alpha, nb, nn, smallest_p(nb, nn));
    } else {
        c.testable = true;
        c.significant = b.stats.p95 < n.stats.p5 || n.stats.p95 < b.stats.p5;
        c.reason = fmt::format("p5-p95 intervals {} ({} vs {} samples, under {})",
                               c.significant ? "apart" : "overlap", nb, nn, config.min_samples);
    }
    if (std::fabs(c.ratio - 1.0) <= c.threshold) {
        c.verdict = Verdict::unchanged;
    } else if (c.significant) {
        c.verdict = c.worse > 0 ? Verdict::regressed : Verdict::improved;
    } else {
        // Worse beyond the threshold but not shown significant (untestable, or within the
        // spread): the gate cannot tell noise from a slowdown and must not pass it as fine.
        // Better beyond the threshold cannot hurt a rollout: noisy.
        c.verdict = c.worse > 0 ? Verdict::unjudged : Verdict::noisy;
    }
}

Comparison one_sided(const CaseResult& r, bool in_baseline) {
    Comparison c;
    c.key = r.key;
    c.metric = r.metric;
    c.unit = r.unit;
    c.higher_is_better = r.higher_is_better;
    (in_baseline ? c.baseline : c.candidate) = &r;
    c.verdict = Verdict::missing;
    c.reason = in_baseline ? "only in the baseline" : "only in the candidate";
    return c;
}

} // namespace

GateResult compare_runs(const Run& baseline, const Run& candidate, const GateConfig& config) {
    GateResult result;
    auto b = baseline.cases.begin();
    auto n = candidate.cases.begin();
    while (b != baseline.cases.end() || n != candidate.cases.end()) {
        if (n == candidate.cases.end() || (b != baseline.cases.end() && b->key < n->key)) {
            result.rows.push_back(one_sided(*b++, true));
        } else if (b == baseline.cases.end() || n->key < b->key) {
            result.rows.push_back(one_sided(*n++, false));
        } else {
            if (b->metric != n->metric ||
                (b->unit != n->unit && !b->unit.empty() && !n->unit.empty())) {
                throw ReportError(fmt::format(
                    "{} and {} do not match: case {} is {} in {} and {} in {}", baseline.info.file,
                    candidate.info.file, case_label(b->key), b->metric + " " + b->unit,
                    baseline.info.file, n->metric + " " + n->unit, candidate.info.file));
            }
            Comparison c;
            c.key = b->key;
            c.metric = b->metric;
            c.unit = b->unit;
            c.higher_is_better = b->higher_is_better;
            c.baseline = &*b++;
            c.candidate = &*n++;
            judge(c, config);
            if (c.baseline->status == CaseStatus::ok && c.candidate->status == CaseStatus::ok) {
                ++result.comparable;
            }
            result.rows.push_back(std::move(c));
        }
    }
    for (const Comparison& c : result.rows) {
        ++result.counts[static_cast<std::size_t>(c.verdict)];
    }
    return result;
}

} // namespace linkperf::reports
