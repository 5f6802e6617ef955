#include "reports/markdown_report.hpp"

#include "core/units.hpp"
#include "gate/comparison_text.hpp"
#include "reports/scorecard_text.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

namespace linkperf::reports {
namespace {

std::string run_name(const RunInfo& i) {
    std::string s = fmt::format("{} ({} {}", markdown_cell(i.label), markdown_cell(i.isa),
                                markdown_cell(i.hostname));
    if (i.emulated) {
        s += ", emulated";
        if (!i.emulator.empty()) {
            s += " by " + markdown_cell(i.emulator);
        }
    }
    return s + ")";
}

std::string table(const std::vector<const Comparison*>& rows) {
    std::string out = "| verdict | case | baseline | candidate | unit | change | detail |\n"
                      "| --- | --- | ---: | ---: | --- | ---: | --- |\n";
    for (const Comparison* c : rows) {
        const bool numbers = c->ratio > 0;
        const std::string runs = run_level_text(*c);
        out += fmt::format(
            "| {} | {} | {} | {} | {} | {} | {} |\n", to_string(c->verdict),
            markdown_cell(case_label(c->key)), numbers ? format_number(c->baseline_median) : "",
            numbers ? format_number(c->candidate_median) : "", markdown_cell(c->unit),
            change_text(*c), markdown_cell(runs.empty() ? c->reason : c->reason + "; " + runs));
    }
    return out;
}

} // namespace

std::string markdown_comparison(const GateResult& result, const RunInfo& baseline,
                                const RunInfo& candidate) {
    std::string out = fmt::format("**linkperf compare** {} vs baseline {}: {}{}\n\n",
                                  run_name(candidate), run_name(baseline), counts_text(result),
                                  result.regression()                   ? " — **regression**"
                                  : result.count(Verdict::unjudged) > 0 ? " — **unjudged**"
                                                                        : "");
    std::vector<const Comparison*> changed;
    std::vector<const Comparison*> all = result.listed();
    for (const Comparison* c : all) {
        if (c->verdict != Verdict::unchanged) {
            changed.push_back(c);
        }
    }
    if (changed.empty()) {
        out += "No case changed beyond its threshold.\n\n";
    } else {
        out += table(changed) + "\n";
    }
    out += fmt::format("<details><summary>All {} cases</summary>\n\n{}\n</details>\n", all.size(),
                       table(all));
    return out;
}

std::string markdown_report(const ReportSet& set) {
    std::string out = "## linkperf report\n\n| run | ISA | host | CPU | kernel | date | cases |\n"
                      "| --- | --- | --- | --- | --- | --- | ---: |\n";
    for (const Run* r : set.all()) {
        const RunInfo& i = r->info;
        out += fmt::format("| {}{} | {}{} | {} | {} | {} | {} | {} |\n", markdown_cell(i.label),
                           set.is_baseline(r) ? " (baseline)" : "", markdown_cell(i.isa),
                           i.emulated ? " (emulated)" : "", markdown_cell(i.hostname),
                           markdown_cell(i.cpu_model), markdown_cell(i.kernel),
                           markdown_cell(i.date), r->cases.size());
    }
    out += "\n" + markdown_scorecard(set) + markdown_studies(set);
    if (set.comparisons.empty()) {
        out += set.nothing_compared() + "\n";
    }
    for (const RunComparison& c : set.comparisons) {
        out += markdown_comparison(c.result, c.baseline->info, c.candidate->info) + "\n";
    }
    return out;
}

} // namespace linkperf::reports
