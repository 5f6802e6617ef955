#pragma once
// The report side's exception (results_model/ up to history/): an Error, so cli/main.cpp maps
// it to its exit code and prints it as one line. Input problems (missing, malformed, mismatched
// files) are usage (2).
#include "core/error.hpp"

#include <string>

namespace linkperf::reports {

class ReportError : public Error {
public:
    explicit ReportError(const std::string& what, ExitCode code = ExitCode::usage)
        : Error(code, what) {}
};

} // namespace linkperf::reports
