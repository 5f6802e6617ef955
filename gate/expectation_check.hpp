#pragma once
// `linkperf check`: each case of one or more results files judged against an expectation
// profile (gate/expectation_profile.hpp). A case matched by an expectation is ok, warning
// (past the warning level) or failing (past the failing level, or the case itself failed); a
// case no expectation matches is counted, never passed silently (docs/health.md).
#include "gate/expectation_profile.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace linkperf::reports {

enum class HealthLevel { ok, warning, failing };
const char* to_string(HealthLevel level); // "ok", "warning", "failing"

// The level of a measured figure against an expectation's levels.
HealthLevel judge(const Expectation& e, double measured);

struct HealthFinding {
    std::string run;  // the results file's label
    std::string host; // the run's hostname
    CaseKey key;
    std::string metric;
    std::string unit;
    double measured = 0; // the case's median; 0 when the case failed
    double warning = 0;
    double failing = 0;
    bool higher_is_better = true;
    HealthLevel level = HealthLevel::ok;
    std::string expectation; // the expectation's name
    Provenance provenance;
    std::string note; // "case failed: ...", "throttled"
    // "ce.h2d ...@64M  measured 24.1 GB/s  expected >= 45 (failing < 38)  FAILING  theoretical:
    // ..."
    std::string line() const;
};

struct HealthReport {
    std::string profile;                 // the profile's name
    std::vector<HealthFinding> findings; // in results-file order, then case order
    std::size_t unmatched = 0;           // ok cases no expectation matched
    std::size_t skipped = 0;             // cases that could not run: not judged
    std::size_t count(HealthLevel level) const;
    // The worst level of any finding; ok when there is none.
    HealthLevel worst() const;
};

// Adds the findings of `run` to `report`.
void check_run(const Run& run, const Profile& profile, HealthReport& report);

// The exit code of `linkperf check` (README): 0 ok, 1 failing, 5 warnings only, 6 no
// expectation matched any case.
int health_exit_code(const HealthReport& report);

// The report as JSON (docs/health.md): the profile, the counts, the overall level and one
// object per finding with its provenance.
std::string health_json(const HealthReport& report);

} // namespace linkperf::reports
