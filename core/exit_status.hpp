#pragma once
// The one mapping of an exception that ends a linkperf program to its exit code and the line it
// prints, shared by `linkperf` (cli/main.cpp) and `linkperf-coll` (collectives/coll_main.cpp).
// Command-line parse errors (CLI11) and linkperf-coll's AgreedFailure stay with each program.
#include <exception>
#include <string>

namespace linkperf {

struct ExitStatus {
    enum class Cause { error, out_of_memory, lost_stdout, other };
    int code = 0;       // the process's exit code (ExitCode, README "Exit codes")
    std::string reason; // why, e.g. "out of memory" (raw: escape it for the terminal)
    Cause cause = Cause::other;
    // The line to print after the program's prefix: "error: <reason>".
    std::string message() const { return "error: " + reason; }
};

// What `failure` (a caught exception) ends the program with (cause, code, reason):
//   linkperf::Error (and GpuError, ReportError): error, its code, its what();
//   std::bad_alloc: out_of_memory, environment (3), "out of memory";
//   any other std::exception: when stdout lost what was printed to it (fmt throws on a failed
//   print), lost_stdout, usage (2), "cannot write to standard output: <why>"; otherwise other,
//   failed (1), its what();
//   anything else: other, failed (1), "unknown failure".
ExitStatus exit_status_of(const std::exception_ptr& failure);

} // namespace linkperf
