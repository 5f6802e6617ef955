#pragma once
// Setup steps that can fail on some ranks only (memory on one node, a missing GPU) must not
// leave the other ranks waiting in a collective. Every rank runs the step, the ranks agree on
// the worst outcome, rank 0 prints each distinct error once with the ranks it hit, and every
// rank leaves with the same exit code.
#include "collectives/process_group.hpp"
#include "core/error.hpp"

#include <functional>

namespace linkperf::coll {

// Thrown on every rank after an agreed failure, with the worst rank's exit code; the error was
// already printed (by rank 0), so callers catch it before Error and print nothing.
class AgreedFailure : public Error {
public:
    explicit AgreedFailure(ExitCode code)
        : Error(code, "a setup step failed (reported by rank 0)") {}
};

// Runs `step` on this rank; collective over `group` (all ranks must call it).
void agree(ProcessGroup& group, const std::function<void()>& step);

// Whether the launcher says this process is rank 0 (or there is no launcher): used to print
// command-line errors once, before MPI is up.
bool launcher_rank_zero();

} // namespace linkperf::coll
