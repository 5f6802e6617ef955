#include "gpu/copy_plan.hpp"

#include "core/units.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace linkperf::gpu {

std::uint64_t sm_repeats_per_launch(std::size_t bytes, std::uint64_t copies) {
    if (copies == 0) {
        return 0;
    }
    const std::uint64_t b = std::max<std::uint64_t>(1, bytes);
    const std::uint64_t wanted = std::max<std::uint64_t>(1, (kSmBytesPerLaunch + b - 1) / b);
    return std::min(wanted, copies);
}

LaunchSplit split_launches(std::uint64_t copies, std::uint64_t repeats) {
    LaunchSplit s;
    if (copies == 0) {
        return s;
    }
    s.repeats = std::clamp<std::uint64_t>(repeats, 1, copies);
    s.launches = (copies + s.repeats - 1) / s.repeats;
    s.last_repeats = copies - (s.launches - 1) * s.repeats;
    return s;
}

std::vector<TimingStep> copy_timing_plan(std::size_t lanes, bool hold) {
    std::vector<TimingStep> plan;
    if (lanes == 0) {
        return plan;
    }
    if (hold) {
        plan.push_back({TimingOp::hold, 0, 0});
    }
    plan.push_back({TimingOp::record_start, 0, 0});
    for (std::size_t l = 1; l < lanes; ++l) {
        plan.push_back({TimingOp::wait_for_start, l, 0});
        plan.push_back({TimingOp::record_start, l, l});
    }
    for (std::size_t l = 0; l < lanes; ++l) {
        plan.push_back({TimingOp::copies, l, l});
        plan.push_back({TimingOp::record_end, l, l});
    }
    for (std::size_t l = 1; l < lanes; ++l) {
        plan.push_back({TimingOp::wait_for_end, 0, l});
    }
    plan.push_back({TimingOp::record_total_end, 0, 0});
    return plan;
}

std::optional<std::string> copy_marks_mismatch(std::uint64_t marks, std::uint64_t blocks,
                                               std::uint64_t copies) {
    const std::uint64_t want = blocks * copies;
    if (marks == want) {
        return std::nullopt;
    }
    return fmt::format("the copy kernel's blocks left {} repetition marks where {} blocks x {} "
                       "copies leave {}: the copies counted did not all run",
                       marks, blocks, copies, want);
}

HoldTimeoutAction after_hold_timeout(std::size_t lanes, bool any_sm_lane, int attempts) {
    if (attempts < kHoldAttempts) {
        return HoldTimeoutAction::retry_held;
    }
    return lanes == 1 && !any_sm_lane ? HoldTimeoutAction::unheld : HoldTimeoutAction::fail;
}

BidirFigures bidir_figures(std::size_t bytes, std::uint64_t copies, double forward_seconds,
                           double reverse_seconds) {
    BidirFigures f;
    f.measured_bytes = static_cast<double>(bytes) * static_cast<double>(copies);
    f.forward_gbps = forward_seconds > 0 ? to_gbps(f.measured_bytes, forward_seconds) : 0;
    f.reverse_gbps = reverse_seconds > 0 ? to_gbps(f.measured_bytes, reverse_seconds) : 0;
    f.sum_gbps = f.forward_gbps + f.reverse_gbps;
    return f;
}

} // namespace linkperf::gpu
