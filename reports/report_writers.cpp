#include "reports/report_writer.hpp"

#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_report.hpp"
#include "results_model/report_error.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

namespace linkperf::reports {

std::string ReportWriter::write_report(const ReportSet&) const {
    throw ReportError(fmt::format("the {} writer writes no report of runs", terminal_text(name())));
}

std::string ReportWriter::write_comparison(const ComparisonReport&) const {
    throw ReportError(fmt::format("the {} writer writes no comparison", terminal_text(name())));
}

std::string ReportWriter::option() const {
    return "--" + std::string(name());
}

const std::vector<const ReportWriter*>& report_writers() {
    static const HtmlWriter html;
    static const CsvWriter csv;
    static const JunitWriter junit;
    static const MarkdownWriter markdown;
    static const std::vector<const ReportWriter*> table = {&html, &csv, &junit, &markdown};
    return table;
}

const ReportWriter* find_report_writer(std::string_view name) {
    for (const ReportWriter* w : report_writers()) {
        if (w->name() == name) {
            return w;
        }
    }
    return nullptr;
}

} // namespace linkperf::reports
