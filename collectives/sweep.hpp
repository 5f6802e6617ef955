#pragma once
// One sweep: every op x size x variant on one backend. Each case warms up, runs timed batches
// between barriers, reduces the time over ranks (max, min, mean), checks the result exactly,
// and rank 0 prints the nccl-tests row and rewrites the results file.
#include "collectives/backend.hpp"
#include "collectives/guarded_results.hpp"
#include "collectives/ops/coll_options.hpp"
#include "collectives/ops/coll_results.hpp"
#include "collectives/ops/scaling.hpp"
#include "collectives/process_group.hpp"
#include "collectives/watchdog.hpp"

#include <cstdint>
#include <cstdio>

namespace linkperf::coll {

struct SweepSetup {
    const CollOptions& options;
    ProcessGroup& group; // the processes of the collective
    Backend& backend;
    Watchdog& watchdog;
    JobFacts job;
    GuardedResults* results = nullptr; // rank 0 only
    ScalingReport* scaling = nullptr;  // --scaling only
    int* family_index = nullptr;       // running entry counter (rank 0)
    std::FILE* text = stdout;          // the table; stderr when the results go to stdout
    int pass = -1;                     // --repeat: the pass written as linkperf.pass
};

struct SweepTotals {
    std::uint64_t wrong = 0; // over all ranks and cases
    int failed = 0;          // cases with wrong elements
};

SweepTotals run_sweep(const SweepSetup& setup);

} // namespace linkperf::coll
