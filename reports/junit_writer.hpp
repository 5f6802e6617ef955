#pragma once
// JUnit XML for CI: one testcase per case (classname = path, name = case@size), a <failure>
// with the numbers for each regression and each unjudged case (type "unjudged" with the reason;
// <skipped> instead when the user allowed unjudged cases), <skipped> for cases missing on one
// side. Each testcase carries its threshold family as a property.
#include "reports/gate.hpp"

#include <string>

namespace linkperf::reports {

std::string junit_xml(const GateResult& result, const RunInfo& baseline, const RunInfo& candidate,
                      bool allow_unjudged = false);

} // namespace linkperf::reports
