#pragma once
// The one interface of the report writers (as Google Benchmark has one reporter interface): a
// writer turns a ReportSet (`linkperf report`) and/or one comparison (`linkperf compare`) into
// the text of one output file. `report_writers()` is the table that the commands and the fuzzer
// iterate: a new writer is one class deriving from ReportWriter and one entry in the table
// (reports/report_writers.cpp); each command then offers its option --NAME, and
// tests/reports/report_writers_test.cpp exercises it (docs/architecture.md, "A new report
// writer").
#include "gate/gate.hpp"
#include "reports/report_set.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace linkperf::reports {

// What `linkperf compare` writes from: one comparison and how the gate was asked to judge it.
struct ComparisonReport {
    const GateResult& result;
    const RunInfo& baseline;
    const RunInfo& candidate;
    bool allow_unjudged = false; // compare --allow-unjudged
    bool strict = false;         // compare --strict
};

class ReportWriter {
public:
    virtual ~ReportWriter() = default;
    // Its name, also its option: "html" is --html under each command it writes for.
    virtual std::string_view name() const = 0;
    // The file name extension of what it writes (".html").
    virtual std::string_view extension() const = 0;
    // The option's help under `linkperf report`; empty when it writes no report of a ReportSet.
    virtual std::string_view report_help() const { return {}; }
    // The option's help under `linkperf compare`; empty when it writes no comparison.
    virtual std::string_view compare_help() const { return {}; }
    // The report of a set; only for a writer with a report_help (others throw ReportError).
    virtual std::string write_report(const ReportSet& set) const;
    // One comparison; only for a writer with a compare_help (others throw ReportError).
    virtual std::string write_comparison(const ComparisonReport& comparison) const;

    // "--html"
    std::string option() const;
    bool writes_report() const { return !report_help().empty(); }
    bool writes_comparison() const { return !compare_help().empty(); }
};

// Every report writer, in the order the commands list their options and write their outputs.
const std::vector<const ReportWriter*>& report_writers();

// The writer named `name` ("md"); nullptr when there is none.
const ReportWriter* find_report_writer(std::string_view name);

} // namespace linkperf::reports
