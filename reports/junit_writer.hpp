#pragma once
// JUnit XML for CI: one testcase per case (classname = path, name = case@size), a <failure>
// with the numbers for each regression and each unjudged case (type "unjudged" with the reason;
// <skipped> instead when the user allowed unjudged cases), <skipped> for cases missing on one
// side. `inconclusive` cases come first: <skipped> with why, a <failure> under --strict. Each
// testcase carries its threshold family as a property; run-level ones also their runs,
// run-to-run spread and minimum detectable change, and contended ones why.
#include "gate/gate.hpp"

#include <string>

namespace linkperf::reports {

std::string junit_xml(const GateResult& result, const RunInfo& baseline, const RunInfo& candidate,
                      bool allow_unjudged = false, bool strict = false);

} // namespace linkperf::reports
