#include "reports/scorecard.hpp"

#include "reports/expectation_report.hpp"
#include "reports/saturation_curves.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace linkperf::reports {
namespace {

// A ratio turned so that above 1 is better: bandwidth as is, latency inverted.
double better_ratio(double ratio, bool higher_is_better) {
    return higher_is_better ? ratio : 1.0 / ratio;
}

void add_curves(ScorecardRow& row, const std::vector<SaturationCurve>& candidate,
                const std::vector<SaturationCurve>* baseline) {
    for (const SaturationCurve& c : candidate) {
        if (link_class_of(c.link.path) != row.link_class ||
            c.points.front()->metric != row.metric) {
            continue;
        }
        CurveFigures f{c.label(), c.concurrency_name(), c.points.front()->unit, c.analysis, {}};
        if (baseline != nullptr) {
            if (const SaturationCurve* b = find_curve(*baseline, c.link)) {
                f.baseline = b->analysis;
            }
        }
        row.curves.push_back(std::move(f));
    }
}

std::string row_label(LinkClass cls, const std::string& metric) {
    switch (cls) {
    case LinkClass::host_bandwidth:
    case LinkClass::host_latency:
    case LinkClass::core_to_core:
    case LinkClass::contention:
        return to_string(cls);
    default:
        return std::string(to_string(cls)) + " " + metric;
    }
}

// better / on par / worse of one ratio turned so that above 1 is better (5% either way).
int standing(double better) {
    return better >= 1.05 ? 1 : better <= 0.95 ? -1 : 0;
}

const char* standing_word(int s) {
    return s > 0 ? "better" : s < 0 ? "worse" : "on par";
}

std::string verdict_line(ScorecardRow& r, bool compared) {
    const bool higher_is_better = r.higher_is_better;
    if (!compared) {
        return fmt::format("{} case(s) measured; one run, no baseline to compare with", r.measured);
    }
    if (!r.geomean_ratio) {
        return "no case measured on both sides";
    }
    // The class is judged by its worst case too: a mean lifted by a few fast cases never
    // hides a regression.
    const int mean = standing(better_ratio(*r.geomean_ratio, higher_is_better));
    const int worst =
        r.worst_case.empty() ? mean : standing(better_ratio(r.worst_ratio, higher_is_better));
    const int judged = r.regressed > 0 ? -1 : std::min(mean, worst);
    r.judgement = standing_word(judged);
    std::string s = fmt::format("{}: {:.2f}x the baseline over {} case(s)", r.judgement,
                                *r.geomean_ratio, r.joined);
    if (!r.worst_case.empty()) {
        s += fmt::format(", worst {} ({:.2f}x)", r.worst_case, r.worst_ratio);
    }
    if (r.regressed > 0) {
        s += fmt::format("; {} regressed", r.regressed);
    }
    if (judged < mean) {
        s += r.regressed > 0 ? " (a regressed case outweighs the mean)"
                             : " (the worst case outweighs the mean)";
    }
    return s;
}

} // namespace

const char* to_string(LinkClass c) {
    switch (c) {
    case LinkClass::host_bandwidth:
        return "host memory bandwidth";
    case LinkClass::host_latency:
        return "host memory latency";
    case LinkClass::core_to_core:
        return "core-to-core";
    case LinkClass::host_gpu:
        return "host<->GPU";
    case LinkClass::gpu_gpu:
        return "GPU<->GPU";
    case LinkClass::gpu_memory:
        return "GPU memory";
    case LinkClass::collectives:
        return "collectives";
    case LinkClass::contention:
        return "contention (victim under load)";
    case LinkClass::unset:
        break;
    }
    return "unknown";
}

std::vector<Scorecard> build_scorecards(const ReportSet& set, const SaturationOptions& options) {
    std::vector<Scorecard> out;
    std::map<const Run*, std::vector<SaturationCurve>> curves;
    for (const Run* r : set.all()) {
        curves[r] = saturation_curves(*r, options);
    }
    const auto measured = [](const Run& run, LinkClass cls, const std::string& metric) {
        std::size_t n = 0;
        for (const CaseResult& c : run.cases) {
            n +=
                c.status == CaseStatus::ok && c.metric == metric && link_class_of(c.key.path) == cls
                    ? 1
                    : 0;
        }
        return n;
    };
    // A card per comparison, and one per run compared with nothing (shown on its own).
    std::vector<RunComparison> pairs = set.comparisons;
    for (const Run* r : set.alone) {
        pairs.push_back({nullptr, r, {}});
    }
    for (const RunComparison& cmp : pairs) {
        const bool single = cmp.baseline == nullptr;
        Scorecard card;
        card.candidate = cmp.candidate;
        card.baseline = cmp.baseline;
        for (const LinkClass cls : kLinkClasses) {
            for (const std::string metric : {"bandwidth", "latency"}) {
                ScorecardRow row;
                row.link_class = cls;
                row.metric = metric;
                row.label = row_label(cls, metric);
                row.higher_is_better = metric == "bandwidth";
                row.measured = measured(*cmp.candidate, cls, metric);
                if (row.measured == 0 &&
                    (cmp.baseline == nullptr || measured(*cmp.baseline, cls, metric) == 0)) {
                    continue;
                }
                double log_sum = 0;
                double worst_better = 0;
                for (const Comparison& c : cmp.result.rows) {
                    if (link_class_of(c.key.path) != cls || c.metric != metric) {
                        continue;
                    }
                    row.regressed += c.verdict == Verdict::regressed ? 1 : 0;
                    row.improved += c.verdict == Verdict::improved ? 1 : 0;
                    if (!(c.ratio > 0) || !std::isfinite(c.ratio)) {
                        continue;
                    }
                    ++row.joined;
                    log_sum += std::log(c.ratio);
                    const double better = better_ratio(c.ratio, row.higher_is_better);
                    if (row.worst_case.empty() || better < worst_better) {
                        worst_better = better;
                        row.worst_case = case_label(c.key);
                        row.worst_ratio = c.ratio;
                    }
                }
                if (row.joined > 0) {
                    row.geomean_ratio = std::exp(log_sum / static_cast<double>(row.joined));
                }
                add_curves(row, curves[cmp.candidate],
                           cmp.baseline != nullptr ? &curves[cmp.baseline] : nullptr);
                row.verdict = verdict_line(row, !single);
                if (single && set.expectations) {
                    judge_row(row, *cmp.candidate, *set.expectations);
                }
                card.rows.push_back(std::move(row));
            }
        }
        out.push_back(std::move(card));
    }
    return out;
}

} // namespace linkperf::reports
