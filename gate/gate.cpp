#include "gate/gate.hpp"

#include "gate/mann_whitney.hpp"
#include "gate/run_stats.hpp"
#include "results_model/report_error.hpp"

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
    case Verdict::inconclusive:
        return "inconclusive";
    }
    return "unknown";
}

std::vector<const Comparison*> GateResult::listed() const {
    std::vector<const Comparison*> out;
    for (const Comparison& c : rows) {
        if (c.verdict == kFirstVerdict) {
            out.push_back(&c);
        }
    }
    for (const Comparison& c : rows) {
        if (c.verdict != kFirstVerdict) {
            out.push_back(&c);
        }
    }
    return out;
}

namespace {

double smallest_p(std::size_t n1, std::size_t n2) {
    return smallest_u_p(n1, n2);
}

// The candidate's run values from passes measured without contention, and why the others were
// contended ("; "-joined, each once).
std::vector<double> clean_runs(const CaseResult& n, std::string& why) {
    std::vector<double> clean;
    const std::vector<double> all = n.run_values();
    const auto note = [&why](const std::string& w) {
        if (!w.empty() && why.find(w) == std::string::npos) {
            why += (why.empty() ? "" : "; ") + w;
        }
    };
    if (n.run_medians.empty()) {
        note(n.contended);
        return n.contended.empty() ? all : std::vector<double>{};
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
        const std::string& w = i < n.run_contended.size() ? n.run_contended[i] : std::string();
        note(w);
        if (w.empty()) {
            clean.push_back(all[i]);
        }
    }
    return clean;
}

// Run-level judgement (gate.hpp): the baseline holds several runs.
void judge_runs(Comparison& c, const GateConfig& config) {
    const CaseResult& b = *c.baseline;
    const CaseResult& n = *c.candidate;
    const RunLevelRule& rule = config.run;
    const std::vector<double> bv = b.run_values();
    const std::vector<double> cv = n.run_values();
    c.run_level = true;
    c.baseline_runs = bv.size();
    c.candidate_runs = cv.size();
    c.baseline_median = median_of(bv);
    c.candidate_median = median_of(cv);
    c.ratio = c.candidate_median / c.baseline_median;
    c.worse = c.higher_is_better ? 1.0 - c.ratio : c.ratio - 1.0;
    const double family = config.threshold_for(c.key.path, c.metric, c.key.size_bytes);
    c.family = to_string(gate_family(c.key.path, c.metric, c.key.size_bytes));
    c.run_spread = run_spread(bv);
    c.threshold = std::max(family, rule.spread_k * c.run_spread);
    c.min_detectable =
        min_detectable_change(c.run_spread, bv.size(), cv.size(), family, c.higher_is_better, rule);
    bool used_u = false;
    double statistic = 0;
    c.significant = run_level_significant(bv, cv, rule, used_u, statistic);
    c.testable = used_u || bv.size() >= rule.min_baseline_runs;
    const std::string widened =
        c.threshold > family
            ? fmt::format(", threshold {:.1f}% widened from {:.1f}% to {:g} x "
                          "the baseline's run-to-run spread {:.1f}%",
                          c.threshold * 100, family * 100, rule.spread_k, c.run_spread * 100)
            : "";
    if (used_u) {
        c.p_value = statistic;
        c.reason = fmt::format("U test on run medians p={:.3g} ({} vs {} runs){}", statistic,
                               bv.size(), cv.size(), widened);
    } else if (c.testable) {
        c.reason = fmt::format("robust z {:+.1f} of the candidate's median run against {} "
                               "baseline runs (limit {:g}; {} candidate run(s), too few for the "
                               "U test at alpha {:g}){}",
                               statistic, bv.size(), rule.z_limit, cv.size(), rule.alpha, widened);
    } else {
        c.reason = fmt::format("too few runs to judge ({} vs {}: the U test needs 5 vs 5 at "
                               "alpha {:g}, a robust z needs {} baseline runs)",
                               bv.size(), cv.size(), rule.alpha, rule.min_baseline_runs);
    }
    if (std::fabs(c.ratio - 1.0) <= c.threshold) {
        c.verdict = Verdict::unchanged;
        return;
    }
    if (c.worse <= 0) {
        c.verdict = c.significant ? Verdict::improved : Verdict::noisy;
        return;
    }
    c.verdict = c.significant ? Verdict::regressed : Verdict::inconclusive;
    if (!c.significant && c.testable) {
        c.reason = "worse beyond the threshold but not shown real by the runs: " + c.reason;
    }
    // A slowdown must hold on the candidate's clean passes alone: contended passes can neither
    // carry a regression nor hide one.
    std::string why;
    const std::vector<double> clean = config.contention ? clean_runs(n, why) : cv;
    c.contended = why;
    if (clean.size() == cv.size()) {
        return;
    }
    const double ratio = clean.empty() ? 1.0 : median_of(clean) / c.baseline_median;
    const double worse = c.higher_is_better ? 1.0 - ratio : ratio - 1.0;
    bool used_u_clean = false;
    double statistic_clean = 0;
    if (!clean.empty() && worse > c.threshold &&
        run_level_significant(bv, clean, rule, used_u_clean, statistic_clean)) {
        c.verdict = Verdict::regressed;
        c.reason = fmt::format("{} on the {} clean run(s) alone ({} contended: {}); {}",
                               used_u_clean ? "U test" : "robust z", clean.size(),
                               cv.size() - clean.size(), why, c.reason);
        return;
    }
    c.verdict = Verdict::inconclusive;
    c.reason = fmt::format("contended: {} ({} of {} candidate runs clean); {}", why, clean.size(),
                           cv.size(), c.reason);
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
    if (b.run_medians.size() >= 2 && n.stats.median > 0 && median_of(b.run_values()) > 0) {
        judge_runs(c, config);
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
    if (c.verdict == Verdict::regressed && !n.contended.empty() && config.contention) {
        // A regression measured only under contention is not evidence of a slower link.
        c.contended = n.contended;
        c.verdict = Verdict::inconclusive;
        c.reason = "contended: " + n.contended + "; " + c.reason;
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
    const auto multi = [](const Run& r) {
        return r.info.passes >= 2 ||
               std::any_of(r.cases.begin(), r.cases.end(),
                           [](const CaseResult& c) { return c.run_medians.size() >= 2; });
    };
    if (!multi(baseline) && !multi(candidate)) {
        result.notes.push_back("both files are single runs: the gate cannot separate noise from a "
                               "change (a run's samples share its conditions; whole-run shifts "
                               "are invisible to them). Compare repeated runs: docs/reports.md, "
                               "\"CI recipes\"");
    } else if (!multi(baseline)) {
        result.notes.push_back("the baseline is one run: it cannot know its run-to-run noise, so "
                               "its cases are judged on the samples of one run (as before "
                               "run-level baselines); save it from several runs");
    }
    return result;
}

} // namespace linkperf::reports
