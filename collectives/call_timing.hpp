#pragma once
// How a backend runs and times a batch of one op's calls: the wall time of the whole batch
// (issued and completed) over the ops it performed, so a window of p2p messages or an NCCL
// group counts as what nccl-tests counts.
#include "collectives/backend.hpp"
#include "collectives/ops/op_facts.hpp"

#include <chrono>
#include <optional>

namespace linkperf::coll {

// Runs `batch` (which issues `iters` calls and returns once they completed) and returns the
// seconds per op.
template <class Batch> double timed_seconds_per_op(const OpSpec& spec, int iters, Batch&& batch) {
    const auto t0 = std::chrono::steady_clock::now();
    batch();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return s / (iters * ops_per_call(op_facts(spec.op), spec.window));
}

// Backend::run and Backend::seconds_per_op for a backend that prepares one call per op
// (call_for, untimed) and issues it `iters` times until the calls completed (issue). Derived
// provides takes_part(spec), call_for(spec) and issue(spec, call, iters).
template <class Derived> class IssuingBackend : public Backend {
public:
    void run(const OpSpec& spec, int iters) final {
        Derived& d = static_cast<Derived&>(*this);
        if (d.takes_part(spec)) {
            d.issue(spec, d.call_for(spec), iters);
        }
    }

    std::optional<double> seconds_per_op(const OpSpec& spec, int iters) final {
        Derived& d = static_cast<Derived&>(*this);
        if (!d.takes_part(spec)) {
            return std::nullopt;
        }
        const auto call = d.call_for(spec);
        return timed_seconds_per_op(spec, iters, [&] { d.issue(spec, call, iters); });
    }
};

} // namespace linkperf::coll
