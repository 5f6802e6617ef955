#pragma once
// linkperf-coll's exit codes: the shared ones (core/error.hpp: 0 ok, 1 wrong results or a
// failed case, 2 usage, 3 environment) plus one for a job aborted by the per-op timeout.
namespace linkperf::coll {

inline constexpr int kExitTimeout = 4; // an op made no progress for --timeout s: a rank died/hung

} // namespace linkperf::coll
