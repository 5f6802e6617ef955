#include "reports/scorecard_text.hpp"

#include "reports/scorecard.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace linkperf::reports {
namespace {

std::string knee_cell(const Saturation& s, const std::string& concurrency) {
    return s.plateau_reached ? fmt::format("{:g} {}", s.knee, concurrency)
                             : fmt::format("none (still rising at {:g})",
                                           s.points.empty() ? 0.0 : s.points.back().concurrency);
}

} // namespace

std::string markdown_scorecard(const ReportSet& set) {
    std::string out;
    for (const Scorecard& card : build_scorecards(set, {set.knee_fraction})) {
        const bool compared = card.baseline != nullptr;
        out += compared ? fmt::format("### Scorecard: {} / {}\n\n",
                                      markdown_cell(card.candidate->info.label),
                                      markdown_cell(card.baseline->info.label))
                        : fmt::format("### Scorecard: {}\n\n",
                                      markdown_cell(card.candidate->info.label));
        out += compared ? "| link class | cases | candidate / baseline | worst case | knee, "
                          "plateau | verdict |\n| --- | ---: | ---: | --- | --- | --- |\n"
                        : "| link class | cases | knee, plateau | verdict |\n"
                          "| --- | ---: | --- | --- |\n";
        for (const ScorecardRow& row : card.rows) {
            std::string knees;
            for (const CurveFigures& f : row.curves) {
                knees += fmt::format("{}{}: knee {}, plateau {} {}", knees.empty() ? "" : "; ",
                                     f.label, knee_cell(*f.candidate, f.concurrency),
                                     format_number(f.candidate->plateau), f.unit);
                if (f.baseline) {
                    knees += fmt::format(" (baseline: knee {}, plateau {} {})",
                                         knee_cell(*f.baseline, f.concurrency),
                                         format_number(f.baseline->plateau), f.unit);
                }
            }
            if (compared) {
                out += fmt::format(
                    "| {} | {} / {} | {} | {} | {} | {} |\n", markdown_cell(row.label), row.joined,
                    row.measured, row.geomean_ratio ? format_number(*row.geomean_ratio, 3) : "",
                    row.worst_case.empty() ? std::string()
                                           : markdown_cell(row.worst_case) + " (" +
                                                 format_number(row.worst_ratio, 3) + "x)",
                    knees.empty() ? "—" : markdown_cell(knees), markdown_cell(row.verdict));
            } else {
                out += fmt::format("| {} | {} | {} | {} |\n", markdown_cell(row.label),
                                   row.measured, knees.empty() ? "—" : markdown_cell(knees),
                                   markdown_cell(row.verdict));
            }
        }
        out += "\n";
    }
    return out;
}

std::string markdown_studies(const ReportSet& set) {
    std::string saturation;
    std::string interference;
    for (const Run* r : set.all()) {
        for (const SaturationCurve& c : saturation_curves(*r, {set.knee_fraction})) {
            const Saturation& a = c.analysis;
            std::string steps;
            for (const StepEfficiency& e : a.steps) {
                steps += fmt::format("{}{:g}→{:g}: {}", steps.empty() ? "" : ", ", e.from, e.to,
                                     format_number(e.efficiency, 3));
            }
            std::string medians;
            for (const CaseResult* p : c.points) {
                medians += fmt::format("{}{}: {}", medians.empty() ? "" : ", ", concurrency_of(*p),
                                       format_number(p->stats.median));
            }
            saturation += fmt::format(
                "| {} | {} | {} | {} | {} {} | {} | {} | {} |\n", markdown_cell(r->info.label),
                markdown_cell(c.label()), markdown_cell(medians),
                markdown_cell(knee_cell(a, c.concurrency_name())), format_number(a.plateau),
                markdown_cell(c.points.front()->unit), a.plateau_reached ? "yes" : "no",
                markdown_cell(steps), markdown_cell(a.finding));
        }
        for (const CaseResult& c : r->cases) {
            if (!c.contention) {
                continue;
            }
            const ContentionFigures& f = *c.contention;
            const bool ok = c.status == CaseStatus::ok;
            interference += fmt::format(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(r->info.label),
                markdown_cell(f.victim + case_label(c.key).substr(c.key.path.size())),
                markdown_cell(f.aggressor), format_number(f.alone_median),
                ok ? format_number(c.stats.median) : "", markdown_cell(c.unit),
                ok ? format_number(f.ratio, 3) : to_string(c.status),
                format_number(f.aggressor_gbps));
        }
    }
    std::string out;
    if (!saturation.empty()) {
        out += fmt::format(
            "### Saturation (knee: {:g}% of the plateau)\n\n| run | link | medians by "
            "concurrency | knee | plateau | plateau reached | step efficiency | finding |\n"
            "| --- | --- | --- | --- | ---: | --- | --- | --- |\n{}\n",
            set.knee_fraction * 100, saturation);
    }
    if (!interference.empty()) {
        out += "### Interference (victim under load / victim alone)\n\n| run | victim | "
               "aggressor | alone | under load | unit | ratio | aggressor GB/s |\n"
               "| --- | --- | --- | ---: | ---: | --- | ---: | ---: |\n" +
               interference + "\n";
    }
    return out;
}

std::vector<StudyFigure> study_figures(const CaseResult& c,
                                       const std::vector<SaturationCurve>& curves) {
    std::vector<StudyFigure> out;
    for (const SaturationCurve& curve : curves) {
        const auto it = std::find(curve.points.begin(), curve.points.end(), &c);
        if (it == curve.points.end()) {
            continue;
        }
        const Saturation& a = curve.analysis;
        const std::string unit = c.unit;
        out.push_back({"knee", a.knee, curve.concurrency_name()});
        out.push_back({"plateau", a.plateau, unit});
        out.push_back({"plateau_reached", a.plateau_reached ? 1.0 : 0.0, "bool"});
        out.push_back({"knee_fraction", a.knee_fraction, "ratio"});
        const auto i = static_cast<std::size_t>(it - curve.points.begin());
        if (i > 0 && i - 1 < a.steps.size()) {
            out.push_back({"step_efficiency", a.steps[i - 1].efficiency, "ratio"});
        }
    }
    if (c.contention) {
        out.push_back({"alone_median", c.contention->alone_median, c.unit});
        out.push_back({"interference_ratio", c.contention->ratio, "ratio"});
        out.push_back({"aggressor_gbps", c.contention->aggressor_gbps, "GB/s"});
    }
    return out;
}

} // namespace linkperf::reports
