// The device-free decisions of a timed copy batch (gpu/copy_plan.hpp): copies per SM
// kernel launch, the order of holds, events and waits across lanes, and bidirectional byte
// accounting.
#include "gpu/copy_plan.hpp"
#include "gpu/gpu_paths.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>

using namespace linkperf::gpu;

TEST_CASE("small SM copies repeat inside one launch, large ones do not", "[gpu][copy_plan]") {
    // 4 KiB: a launch would otherwise last about a microsecond, as long as the launch gap.
    CHECK(sm_repeats_per_launch(4096, 1'000'000) == kSmBytesPerLaunch / 4096);
    CHECK(sm_repeats_per_launch(1 << 20, 1'000'000) == kSmBytesPerLaunch >> 20);
    // Never more copies in a launch than the sample asked for.
    CHECK(sm_repeats_per_launch(4096, 10) == 10);
    CHECK(sm_repeats_per_launch(4096, 1) == 1);
    // At and above the per-launch volume: one copy per launch.
    CHECK(sm_repeats_per_launch(kSmBytesPerLaunch, 100) == 1);
    CHECK(sm_repeats_per_launch(1ULL << 30, 100) == 1);
    // A size that does not divide the volume rounds up: a launch moves at least the volume.
    const std::uint64_t r = sm_repeats_per_launch(3000, 1ULL << 40);
    CHECK(r * 3000 >= kSmBytesPerLaunch);
    CHECK((r - 1) * 3000 < kSmBytesPerLaunch);
    CHECK(sm_repeats_per_launch(4096, 0) == 0);
    CHECK(sm_repeats_per_launch(0, 5) == 5); // degenerate size: still bounded by the copies
}

TEST_CASE("copies split into launches with the rest in the last", "[gpu][copy_plan]") {
    const LaunchSplit even = split_launches(1000, 250);
    CHECK(even.launches == 4);
    CHECK(even.repeats == 250);
    CHECK(even.last_repeats == 250);
    const LaunchSplit rest = split_launches(1001, 250);
    CHECK(rest.launches == 5);
    CHECK(rest.last_repeats == 1);
    CHECK((rest.launches - 1) * rest.repeats + rest.last_repeats == 1001);
    const LaunchSplit one = split_launches(7, 100); // more repeats than copies
    CHECK(one.launches == 1);
    CHECK(one.repeats == 7);
    CHECK(one.last_repeats == 7);
    CHECK(split_launches(5, 0).launches == 5); // zero repeats means one copy per launch
    CHECK(split_launches(0, 10).launches == 0);
}

namespace {

std::size_t index_of(const std::vector<TimingStep>& plan, TimingOp op, std::size_t lane,
                     std::size_t other = SIZE_MAX) {
    for (std::size_t i = 0; i < plan.size(); ++i) {
        if (plan[i].op == op && plan[i].lane == lane &&
            (other == SIZE_MAX || plan[i].other == other)) {
            return i;
        }
    }
    return SIZE_MAX;
}

} // namespace

TEST_CASE("every lane starts at one common start and one end waits for every lane",
          "[gpu][copy_plan]") {
    for (const bool hold : {true, false}) {
        for (const std::size_t lanes : {std::size_t{1}, std::size_t{2}, std::size_t{7}}) {
            const std::vector<TimingStep> plan = copy_timing_plan(lanes, hold);
            const auto holds = std::count_if(plan.begin(), plan.end(), [](const TimingStep& s) {
                return s.op == TimingOp::hold;
            });
            CHECK(holds == (hold ? 1 : 0)); // one hold, on lane 0, whatever the lanes
            if (hold) {
                CHECK(plan.front().op == TimingOp::hold);
                CHECK(plan.front().lane == 0);
            }
            const std::size_t start0 = index_of(plan, TimingOp::record_start, 0);
            const std::size_t total = index_of(plan, TimingOp::record_total_end, 0);
            REQUIRE(start0 != SIZE_MAX);
            REQUIRE(total == plan.size() - 1); // the last step
            for (std::size_t l = 0; l < lanes; ++l) {
                const std::size_t copies = index_of(plan, TimingOp::copies, l);
                const std::size_t start = index_of(plan, TimingOp::record_start, l);
                const std::size_t end = index_of(plan, TimingOp::record_end, l);
                REQUIRE(copies != SIZE_MAX);
                CHECK(start < copies);
                CHECK(copies < end);
                CHECK(start0 <= start);
                if (l > 0) {
                    // Lane l waits on lane 0's start before its own start and its copies, and
                    // lane 0 waits on lane l's end before the total end.
                    const std::size_t wait = index_of(plan, TimingOp::wait_for_start, l, 0);
                    REQUIRE(wait != SIZE_MAX);
                    CHECK(start0 < wait);
                    CHECK(wait < start);
                    const std::size_t joined = index_of(plan, TimingOp::wait_for_end, 0, l);
                    REQUIRE(joined != SIZE_MAX);
                    CHECK(end < joined);
                    CHECK(joined < total);
                }
            }
            CHECK(index_of(plan, TimingOp::wait_for_start, 0) == SIZE_MAX); // lane 0 is the start
        }
    }
    CHECK(copy_timing_plan(0, true).empty());
}

TEST_CASE("a bidirectional figure counts the measured direction's bytes once", "[gpu][copy_plan]") {
    // 1 GiB x 10 copies each way: h2d in 0.2 s under load, d2h in 0.25 s under load.
    const BidirFigures f = bidir_figures(1ULL << 30, 10, 0.2, 0.25);
    const double bytes = 10.0 * (1ULL << 30);
    CHECK(f.measured_bytes == bytes); // not both directions' bytes: nvbandwidth's figure
    CHECK(f.forward_gbps == Approx(bytes / 0.2 / 1e9));
    CHECK(f.reverse_gbps == Approx(bytes / 0.25 / 1e9));
    CHECK(f.sum_gbps == Approx(f.forward_gbps + f.reverse_gbps));
    // Two equal directions: the figure is half of what summing lanes reported.
    const BidirFigures eq = bidir_figures(4096, 100, 1e-3, 1e-3);
    CHECK(eq.sum_gbps == Approx(2 * eq.forward_gbps));
    // The loading lane queues more copies than the measured one, so it cannot end first.
    CHECK(kBidirLoadFactor >= 2);
    CHECK(bidir_figures(4096, 1, 0, 0).sum_gbps == 0); // no time: no figure, not infinity
}

TEST_CASE("the bidirectional paths say their convention in bytes_counted", "[gpu][copy_plan]") {
    for (const char* id : {"ce.bidir", "sm.bidir_loaded"}) {
        const std::string counted = gpu_path(id).bytes_counted;
        CHECK_THAT(counted, Catch::Contains("counted once") && Catch::Contains("nvbandwidth") &&
                                Catch::Contains("bidir_sum_gbps"));
    }
}

TEST_CASE("a hold that timed out is retried, then only a lone copy-engine lane goes unheld",
          "[gpu][copy_plan]") {
    using linkperf::gpu::after_hold_timeout;
    using linkperf::gpu::HoldTimeoutAction;
    using linkperf::gpu::kHoldAttempts;
    for (int attempt = 1; attempt < kHoldAttempts; ++attempt) {
        CHECK(after_hold_timeout(1, false, attempt) == HoldTimeoutAction::retry_held);
        CHECK(after_hold_timeout(2, false, attempt) == HoldTimeoutAction::retry_held);
        CHECK(after_hold_timeout(1, true, attempt) == HoldTimeoutAction::retry_held);
    }
    CHECK(after_hold_timeout(1, false, kHoldAttempts) == HoldTimeoutAction::unheld);
    // Several lanes (bidir, host_to_all) and copy kernels never report unheld times.
    CHECK(after_hold_timeout(2, false, kHoldAttempts) == HoldTimeoutAction::fail);
    CHECK(after_hold_timeout(8, false, kHoldAttempts + 1) == HoldTimeoutAction::fail);
    CHECK(after_hold_timeout(1, true, kHoldAttempts) == HoldTimeoutAction::fail);
    CHECK(after_hold_timeout(2, true, kHoldAttempts) == HoldTimeoutAction::fail);
}

TEST_CASE("a copy kernel's marks prove every copy ran", "[gpu][copy_plan]") {
    using linkperf::gpu::copy_marks_mismatch;
    CHECK_FALSE(copy_marks_mismatch(132 * 1000, 132, 1000));
    CHECK_FALSE(copy_marks_mismatch(0, 132, 0));
    // A repeat loop that ran once per launch instead of 1000 times.
    const auto short_loop = copy_marks_mismatch(132, 132, 1000);
    REQUIRE(short_loop);
    CHECK_THAT(*short_loop, Catch::Contains("left 132 repetition marks where 132 blocks x 1000 "
                                            "copies leave 132000"));
    CHECK(copy_marks_mismatch(132 * 1000 + 1, 132, 1000)); // one too many is wrong too
}
