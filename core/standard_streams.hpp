#pragma once
// What every linkperf program does with its standard streams, shared by `linkperf` and
// `linkperf-coll`: a closed descriptor is parked so that no file lands on it, and what was
// printed to stdout must have arrived (a full disk, a closed stdout) before exit 0.
#include <string>

namespace linkperf {

// A descriptor 0-2 closed by the caller (`prog >&-`) would be reused by the first file opened,
// and what is printed would land in that file: a read-only /dev/null is parked on it, so that
// printing to it fails and is reported.
void keep_standard_descriptors();

// Flushes stdout: false with `why` when anything printed to it did not arrive.
bool stdout_ok(std::string& why);

} // namespace linkperf
