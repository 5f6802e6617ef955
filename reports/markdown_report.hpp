#pragma once
// Markdown for PR comments: the summary line and the table of cases that changed (all cases
// in a collapsed <details>).
#include "gate/gate.hpp"
#include "reports/report_set.hpp"
#include "reports/report_writer.hpp"

#include <string>

namespace linkperf::reports {

// One comparison (`linkperf compare --md`).
std::string markdown_comparison(const GateResult& result, const RunInfo& baseline,
                                const RunInfo& candidate);
// A report (`linkperf report --md`): the runs, then every comparison of the set.
std::string markdown_report(const ReportSet& set);

// `linkperf report --md` (also `report`'s output on stdout when no output is given) and
// `linkperf compare --md`.
class MarkdownWriter final : public ReportWriter {
public:
    std::string_view name() const override { return "md"; }
    std::string_view extension() const override { return ".md"; }
    std::string_view report_help() const override {
        return "write Markdown (printed when no output file is given)";
    }
    std::string_view compare_help() const override {
        return "write a Markdown summary for a PR comment";
    }
    std::string write_report(const ReportSet& set) const override { return markdown_report(set); }
    std::string write_comparison(const ComparisonReport& c) const override {
        return markdown_comparison(c.result, c.baseline, c.candidate);
    }
};

} // namespace linkperf::reports
