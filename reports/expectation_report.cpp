#include "reports/expectation_report.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>

namespace linkperf::reports {
namespace {

std::string level_line(const Expectation& e, bool failing) {
    return fmt::format("{} {} {:.4g} {}: {} ({})", failing ? "failing" : "warning",
                       e.higher_is_better() ? (failing ? "<" : ">=") : (failing ? ">" : "<="),
                       failing ? e.failing : e.warning, e.unit, e.name,
                       to_string(e.provenance.kind));
}

} // namespace

std::vector<ChartLevel> expectation_levels(const Profile& profile, const ReportSet& set,
                                           const std::string& path) {
    std::map<const Expectation*, std::pair<double, double>> spans; // sizes judged
    for (const Run* r : set.all()) {
        for (const CaseResult& c : r->cases) {
            if (c.key.path != path || c.status != CaseStatus::ok) {
                continue;
            }
            if (const Expectation* e = find_expectation(profile, *r, c)) {
                const double x = static_cast<double>(c.key.size_bytes);
                auto [it, added] = spans.emplace(e, std::pair{x, x});
                it->second.first = std::min(it->second.first, x);
                it->second.second = std::max(it->second.second, x);
            }
        }
    }
    std::vector<ChartLevel> out;
    for (const Expectation& e : profile.expectations) { // in profile order: stable output
        const auto it = spans.find(&e);
        if (it == spans.end()) {
            continue;
        }
        for (const bool failing : {false, true}) {
            out.push_back({failing ? e.failing : e.warning, it->second.first, it->second.second,
                           failing, level_line(e, failing)});
        }
    }
    return out;
}

std::string expectation_text(const Profile& profile, const Run& run, const CaseResult& c) {
    const Expectation* e = c.status == CaseStatus::ok ? find_expectation(profile, run, c) : nullptr;
    if (e == nullptr) {
        return {};
    }
    return fmt::format(
        "{}: {} {:.4g} {} (failing {} {:.4g}; {})", to_string(judge(*e, c.stats.median)),
        e->higher_is_better() ? ">=" : "<=", e->warning, e->unit, e->higher_is_better() ? "<" : ">",
        e->failing, to_string(e->provenance.kind));
}

void judge_row(ScorecardRow& row, const Run& run, const Profile& profile) {
    std::size_t judged = 0;
    std::map<HealthLevel, std::size_t> counts;
    HealthLevel worst = HealthLevel::ok;
    std::string worst_text;
    double worst_share = 0;
    for (const CaseResult& c : run.cases) {
        if (c.status != CaseStatus::ok || c.metric != row.metric ||
            link_class_of(c.key.path) != row.link_class) {
            continue;
        }
        const Expectation* e = find_expectation(profile, run, c);
        if (e == nullptr || e->warning <= 0 || c.stats.median <= 0) {
            continue;
        }
        ++judged;
        const HealthLevel level = judge(*e, c.stats.median);
        ++counts[level];
        // The worst case: the lowest share of its warning level (turned for latency).
        const double share =
            e->higher_is_better() ? c.stats.median / e->warning : e->warning / c.stats.median;
        if (worst_text.empty() || share < worst_share) {
            worst_share = share;
            worst = std::max(worst, level);
            worst_text = fmt::format("{} {:.4g} {} vs {} {:.4g}", case_label(c.key), c.stats.median,
                                     c.unit, e->higher_is_better() ? ">=" : "<=", e->warning);
        }
        worst = std::max(worst, level);
    }
    if (judged == 0) {
        return;
    }
    row.health = to_string(worst);
    row.verdict = fmt::format(
        "{}: {} of {} case(s) judged against expectations: {} ok, {} warning, {} failing; "
        "lowest {}",
        worst == HealthLevel::ok ? "as expected" : to_string(worst), judged, row.measured,
        counts[HealthLevel::ok], counts[HealthLevel::warning], counts[HealthLevel::failing],
        worst_text);
}

} // namespace linkperf::reports
