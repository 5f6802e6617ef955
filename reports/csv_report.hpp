#pragma once
// Tidy CSV: one row per (run, case, statistic) with the statistic's unit, for pandas/R/sheets.
#include "reports/report_set.hpp"
#include "reports/report_writer.hpp"

#include <string>

namespace linkperf::reports {

std::string csv_report(const ReportSet& set);

// `linkperf report --csv`.
class CsvWriter final : public ReportWriter {
public:
    std::string_view name() const override { return "csv"; }
    std::string_view extension() const override { return ".csv"; }
    std::string_view report_help() const override {
        return "write tidy CSV (run, case, statistic)";
    }
    std::string write_report(const ReportSet& set) const override { return csv_report(set); }
};

} // namespace linkperf::reports
