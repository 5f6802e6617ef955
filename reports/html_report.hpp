#pragma once
// The HTML report: one self-contained file (inline CSS and SVG, no scripts, fonts or network):
// summary, run headers side by side, one chart per path (the host.c2c matrix as heatmaps),
// efficiency charts where the link rate is known, and ratio tables coloured by verdict.
#include "reports/report_set.hpp"
#include "reports/report_writer.hpp"

#include <string>

namespace linkperf::reports {

std::string html_report(const ReportSet& set);

// `linkperf report --html`.
class HtmlWriter final : public ReportWriter {
public:
    std::string_view name() const override { return "html"; }
    std::string_view extension() const override { return ".html"; }
    std::string_view report_help() const override {
        return "write a self-contained HTML report (- for stdout)";
    }
    std::string write_report(const ReportSet& set) const override { return html_report(set); }
};

} // namespace linkperf::reports
