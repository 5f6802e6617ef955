#pragma once
// The one wall-clock stamp written into results, verdict and label files.
#include <string>

namespace linkperf {

// ISO 8601 UTC timestamp, "2026-11-28T18:00:00Z".
std::string utc_timestamp();

} // namespace linkperf
