#pragma once
// How a backend times a batch of one op's calls: the wall time of the whole batch (issued and
// completed) over the ops it performed, so a window of p2p messages or an NCCL group counts as
// what nccl-tests counts.
#include "collectives/backend.hpp"
#include "collectives/core/op_facts.hpp"

#include <chrono>

namespace linkperf::coll {

// Runs `batch` (which issues `iters` calls and returns once they completed) and returns the
// seconds per op.
template <class Batch> double timed_seconds_per_op(const OpSpec& spec, int iters, Batch&& batch) {
    const auto t0 = std::chrono::steady_clock::now();
    batch();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s / (iters * ops_per_call(op_facts(spec.op), spec.window));
}

} // namespace linkperf::coll
