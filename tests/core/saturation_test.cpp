// The knee/plateau analysis on synthetic curves (core/saturation.hpp).
#include "core/saturation.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <vector>

using namespace linkperf;

namespace {

std::vector<CurvePoint> curve(const std::vector<double>& values) {
    std::vector<CurvePoint> out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        out.push_back({static_cast<double>(i + 1), values[i]});
    }
    return out;
}

} // namespace

TEST_CASE("a linear curve never reaches a plateau", "[saturation]") {
    const Saturation s = analyse_saturation(curve({10, 20, 30, 40, 50, 60, 70, 80}));
    CHECK_FALSE(s.plateau_reached);
    CHECK(s.plateau == 80);
    CHECK(s.knee == 8);
    CHECK(s.finding.find("no plateau reached") != std::string::npos);
    REQUIRE(s.steps.size() == 7);
    for (const StepEfficiency& e : s.steps) {
        CHECK(e.efficiency == Approx(1.0));
    }
    CHECK(s.vs_first.back() == Approx(1.0));
}

TEST_CASE("a saturating curve has its knee where it reaches 95% of the plateau", "[saturation]") {
    // 10 GB/s per thread up to a 40 GB/s controller.
    const Saturation s = analyse_saturation(curve({10, 20, 30, 38.5, 40, 40, 40, 40}));
    CHECK(s.plateau_reached);
    CHECK_FALSE(s.declines_after_knee);
    CHECK(s.plateau == 40);
    CHECK(s.knee == 4);
    CHECK(s.knee_value == 38.5);
    CHECK(s.steps[0].efficiency == Approx(1.0));
    CHECK(s.steps[5].efficiency == Approx(0.0));
    CHECK(s.finding.find("knee at 4") != std::string::npos);
}

TEST_CASE("the knee threshold is an option", "[saturation]") {
    const auto points = curve({10, 20, 30, 38.5, 40, 40});
    CHECK(analyse_saturation(points, {0.70}).knee == 3);
    CHECK(analyse_saturation(points, {0.99}).knee == 5);
    CHECK(analyse_saturation(points, {1.0}).knee == 5);
    // Out-of-range thresholds are clamped, never a crash or a knee past the data.
    CHECK(analyse_saturation(points, {7.0}).knee == 5);
    CHECK(analyse_saturation(points, {-1.0}).knee == 1);
    CHECK(analyse_saturation(points, {std::nan("")}).knee == 4);
}

TEST_CASE("a noisy plateau keeps its knee and is not mistaken for a decline", "[saturation]") {
    const Saturation s = analyse_saturation(curve({11, 19, 20.4, 19.7, 20.1, 19.9, 20.3}));
    CHECK(s.plateau == 20.4);
    CHECK(s.knee == 3); // 19 < 0.95 * 20.4 = 19.38
    CHECK(s.plateau_reached);
    CHECK_FALSE(s.declines_after_knee);
    CHECK(s.lowest_after_knee == Approx(19.7 / 20.4));
}

TEST_CASE("a never saturating curve says so with the last step's gain", "[saturation]") {
    // Sub-linear but still rising 30% at the last step.
    const Saturation s = analyse_saturation(curve({10, 17, 23, 30}));
    CHECK_FALSE(s.plateau_reached);
    CHECK(s.knee == 4);
    CHECK(s.finding.find("still rising at 4 (+30% over 3)") != std::string::npos);
}

TEST_CASE("a curve that falls after its knee is saturated and flagged", "[saturation]") {
    const Saturation s = analyse_saturation(curve({10, 20, 24, 18, 15}));
    CHECK(s.plateau == 24);
    CHECK(s.peak_at == 3);
    CHECK(s.knee == 3);
    CHECK(s.plateau_reached);
    CHECK(s.declines_after_knee);
    CHECK(s.lowest_after_knee == Approx(15.0 / 24));
    CHECK(s.steps.back().efficiency < 0);
    CHECK(s.finding.find("falls to 62%") != std::string::npos);
}

TEST_CASE("degenerate curves: empty, one point, unusable and repeated points", "[saturation]") {
    const Saturation empty = analyse_saturation({});
    CHECK_FALSE(empty.plateau_reached);
    CHECK(empty.finding == "no measured point: no curve");
    const Saturation one = analyse_saturation(curve({5}));
    CHECK_FALSE(one.plateau_reached);
    CHECK(one.knee == 1);
    CHECK(one.finding.find("one concurrency level") != std::string::npos);
    const double inf = std::numeric_limits<double>::infinity();
    const Saturation bad = analyse_saturation(
        {{0, 5}, {-1, 5}, {1, -3}, {2, inf}, {std::nan(""), 1}, {4, 8}, {2, 6}, {2, 7}, {8, 8}});
    REQUIRE(bad.points.size() == 3);
    CHECK(bad.points[0].concurrency == 2);
    CHECK(bad.points[0].value == 7); // the repeat keeps its highest value
    CHECK(bad.knee == 4);
    CHECK(bad.plateau_reached);
    // Unsorted input is sorted by concurrency.
    const Saturation unsorted = analyse_saturation({{4, 40}, {1, 10}, {2, 20}, {8, 40}});
    CHECK(unsorted.knee == 4);
    CHECK(unsorted.steps.front().from == 1);
}
