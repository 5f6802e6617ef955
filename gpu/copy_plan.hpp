#pragma once
// The device-free decisions of a timed copy batch (gpu/copy_batch.hpp), kept apart so
// they are unit-tested without a GPU: how many copies one kernel launch repeats, the order of
// holds, events and waits across lanes (nvbandwidth's common start and end), and the byte
// accounting of a bidirectional case.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace linkperf::gpu {

// --- copies per kernel launch (sm.*) ---

// An SM copy launch repeats its copy until it has moved about this much: at 4 KiB one copy
// lasts about a microsecond, as long as the gap between two launches, so one launch per copy
// would time the launch turnaround. 256 MiB lasts milliseconds on PCIe and >= 100 us at HBM
// rates, while one launch never runs more copies than the sample asked for.
inline constexpr std::uint64_t kSmBytesPerLaunch = 256ULL << 20;

// Copies of `bytes` one launch repeats when `copies` are wanted in all (>= 1 when copies >= 1).
std::uint64_t sm_repeats_per_launch(std::size_t bytes, std::uint64_t copies);

struct LaunchSplit {
    std::uint64_t launches = 0;     // kernel launches
    std::uint64_t repeats = 0;      // copies per launch, every launch but the last
    std::uint64_t last_repeats = 0; // copies in the last launch (1..repeats)
};
// `copies` copies as launches of `repeats` copies each (the last one takes the rest).
LaunchSplit split_launches(std::uint64_t copies, std::uint64_t repeats);

// --- the order of operations of one timed chunk ---

enum class TimingOp {
    hold,             // lane 0: the hold kernel (the host releases it once all is queued)
    record_start,     // lane: record its start event
    wait_for_start,   // lane waits on lane `other`'s start event (the common start)
    copies,           // lane: enqueue its copies
    record_end,       // lane: record its end event
    wait_for_end,     // lane waits on lane `other`'s end event
    record_total_end, // lane 0: the end of the whole chunk, after every lane's end
};
struct TimingStep {
    TimingOp op;
    std::size_t lane = 0;
    std::size_t other = 0; // waits: the lane whose event is waited on
};

// nvbandwidth's memcpy.cpp: one hold on lane 0, then lane 0's start event; every other lane
// waits on it before recording its own start, so no lane starts before the common start (nor
// queues behind its own hold); every lane records its end; lane 0 waits on every lane's end
// and records the total end. The chunk's time is lane 0's start to the total end, a lane's
// time is its start to its end. Without a hold the same order holds minus the hold.
std::vector<TimingStep> copy_timing_plan(std::size_t lanes, bool hold);

// --- every repetition leaves its mark ---

// A copy kernel's blocks each add one mark per repetition (gpu/kernels/launchers.cuh), so
// after a batch the count proves how many copies ran. nullopt when `marks` is exactly
// `blocks` x `copies`, else why the times cannot be trusted (a repeat loop that ran short
// would report its bytes as copied, with a final buffer that still verifies).
std::optional<std::string> copy_marks_mismatch(std::uint64_t marks, std::uint64_t blocks,
                                               std::uint64_t copies);

// --- a hold that did not hold ---

// A hold kernel gives up after a timeout when the host has not released it: the copies were not
// all queued in time (the driver serialised a call), so the chunk ran, at least in part,
// without the common start. Its times are dropped, and the chunk is tried again held up to
// this many times in all.
inline constexpr int kHoldAttempts = 3;

enum class HoldTimeoutAction {
    retry_held, // time the chunk again behind a hold
    unheld,     // one copy-engine lane: time the case without a hold (the timing note says so)
    fail,       // several lanes or a copy kernel: without a hold the lanes start apart and the
                // launch gaps are timed, so the case fails rather than report unheld times
};
// After the `attempts`-th held try of a chunk timed out (attempts >= 1).
HoldTimeoutAction after_hold_timeout(std::size_t lanes, bool any_sm_lane, int attempts);

// --- bidirectional cases (ce.bidir, sm.bidir_loaded) ---

// nvbandwidth's convention (host_to_device_bidirectional_memcpy_ce and its mirror): the figure
// of a direction is measured while the other direction keeps the link loaded. The loading lane
// queues this many times the measured lane's copies, so it is still running when the measured
// lane ends, even if its direction is up to this factor slower. A bidirectional case runs both
// ways round: h2d measured under d2h load, then d2h measured under h2d load.
inline constexpr std::uint64_t kBidirLoadFactor = 2;

struct BidirFigures {
    double measured_bytes = 0; // bytes the case's figure counts: the measured direction's
    double forward_gbps = 0;   // the case's figure: host to GPU under load from the other way
    double reverse_gbps = 0;   // GPU to host under load from the other way
    double sum_gbps = 0;       // both, each under load (extra: what "both ways" moves)
};
// `copies` copies of `bytes` each way: forward measured in `forward_seconds` (under load),
// reverse in `reverse_seconds` (under load).
BidirFigures bidir_figures(std::size_t bytes, std::uint64_t copies, double forward_seconds,
                           double reverse_seconds);

} // namespace linkperf::gpu
