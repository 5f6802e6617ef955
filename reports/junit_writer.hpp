#pragma once
// JUnit XML for CI: one testcase per case (classname = path, name = case@size), a <failure>
// with the numbers for each regression, <skipped> for cases missing on one side.
#include "reports/gate.hpp"

#include <string>

namespace linkperf::reports {

std::string junit_xml(const GateResult& result, const RunInfo& baseline, const RunInfo& candidate);

} // namespace linkperf::reports
