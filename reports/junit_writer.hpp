#pragma once
// JUnit XML for CI: one testcase per case (classname = path, name = case@size), a <failure>
// with the numbers for each regression and each unjudged case (type "unjudged" with the reason;
// <skipped> instead when the user allowed unjudged cases), <skipped> for cases missing on one
// side. `inconclusive` cases come first: <skipped> with why, a <failure> under --strict. Each
// testcase carries its threshold family as a property; run-level ones also their runs,
// run-to-run spread and minimum detectable change, and contended ones why.
#include "gate/gate.hpp"
#include "reports/report_writer.hpp"

#include <string>

namespace linkperf::reports {

std::string junit_xml(const GateResult& result, const RunInfo& baseline, const RunInfo& candidate,
                      bool allow_unjudged = false, bool strict = false);

// `linkperf compare --junit`.
class JunitWriter final : public ReportWriter {
public:
    std::string_view name() const override { return "junit"; }
    std::string_view extension() const override { return ".xml"; }
    std::string_view compare_help() const override {
        return "write JUnit XML (one testcase per case; - for stdout)";
    }
    std::string write_comparison(const ComparisonReport& c) const override {
        return junit_xml(c.result, c.baseline, c.candidate, c.allow_unjudged, c.strict);
    }
};

} // namespace linkperf::reports
