#pragma once
// linkperf's base exception: core and platform throw it, and each other layer's own type
// (GpuError, ReportError) derives from it. Every error carries the exit code that `main` maps it
// to, so a caller deep in the stack decides what kind of failure it is.
#include <stdexcept>
#include <string>

namespace linkperf {

// Every linkperf command's exit codes, the one list (README "Exit codes"; a signal's stop is
// 128 + its number, core/interrupt.hpp).
enum class ExitCode : int {
    ok = 0,
    failed = 1,             // a measurement or data verification failed / a regression was found
    usage = 2,              // bad command line or input file
    environment = 3,        // requested NUMA node, GPU or core does not exist, or not enough memory
    nothing_comparable = 3, // compare: no case measured on both sides (environment's code)
    nothing_measured = 3,   // run: every case was skipped here (environment's code)
    timeout = 4,            // linkperf-coll: --timeout ended the job, a rank hung or died
    check_warnings = 5,     // check: warnings but no failing finding
    check_unmatched = 6,    // check: no expectation of the profile matched any case
};

class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& what) : std::runtime_error(what), code_(code) {}
    ExitCode code() const noexcept { return code_; }

private:
    ExitCode code_;
};

inline Error usage_error(const std::string& what) {
    return Error(ExitCode::usage, what);
}
inline Error environment_error(const std::string& what) {
    return Error(ExitCode::environment, what);
}
inline Error measurement_error(const std::string& what) {
    return Error(ExitCode::failed, what);
}

} // namespace linkperf
