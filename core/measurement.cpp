#include "core/measurement.hpp"

namespace linkperf {

const char* to_string(CaseStatus status) {
    switch (status) {
    case CaseStatus::ok:
        return "ok";
    case CaseStatus::failed:
        return "failed";
    case CaseStatus::skipped:
        return "skipped";
    }
    return "unknown";
}

} // namespace linkperf
