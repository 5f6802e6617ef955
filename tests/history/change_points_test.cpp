// E-divisive means with a Welch t-test (history/change_points.hpp) on synthetic series with
// known steps, drifts and pure noise; Student's t against published table values.
#include "history/change_points.hpp"
#include "results_model/report_error.hpp"
#include "tests/support/sample_series.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

using namespace linkperf::reports;
using linkperf::testing::Noise;

namespace {

// Roughly normal noise of standard deviation `sigma` (the sum of 12 uniforms, minus 6).
class Gauss {
public:
    explicit Gauss(std::uint64_t seed) : noise_(seed) {}
    double next(double sigma) {
        double s = 0;
        for (int i = 0; i < 12; ++i) {
            s += (noise_.next() + 1) / 2;
        }
        return sigma * (s - 6);
    }

private:
    Noise noise_;
};

// `n` points around `level` with relative noise `sigma`; from each step's index on the level is
// multiplied by its factor.
std::vector<double> series(std::size_t n, double sigma, std::uint64_t seed,
                           std::vector<std::pair<std::size_t, double>> steps = {}) {
    Gauss g(seed);
    std::vector<double> out;
    double level = 100;
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& [at, factor] : steps) {
            if (at == i) {
                level *= factor;
            }
        }
        out.push_back(level * (1 + g.next(sigma)));
    }
    return out;
}

} // namespace

TEST_CASE("Student's t: CDF and quantiles match the tables", "[reports][change-points]") {
    CHECK(student_t_cdf(0, 5) == Approx(0.5));
    CHECK(student_t_cdf(1, 1) == Approx(0.75).epsilon(1e-9)); // Cauchy
    CHECK(student_t_cdf(-1, 1) == Approx(0.25).epsilon(1e-9));
    CHECK(student_t_quantile(0.975, 10) == Approx(2.228138852).epsilon(1e-7));
    CHECK(student_t_quantile(0.975, 1) == Approx(12.70620474).epsilon(1e-7));
    CHECK(student_t_quantile(0.975, 30) == Approx(2.042272456).epsilon(1e-7));
    CHECK(student_t_quantile(0.975, 1e7) == Approx(1.959963985).epsilon(1e-5)); // normal
    CHECK(student_t_quantile(0.025, 10) == Approx(-2.228138852).epsilon(1e-7));
}

TEST_CASE("Welch's t-test: p-values", "[reports][change-points]") {
    // scipy.stats.ttest_ind([1,2,3,4,5], [6,7,8,9,10], equal_var=False): t=-5, df=8,
    // p=0.0010528257933665
    const std::vector<double> a{1, 2, 3, 4, 5};
    const std::vector<double> b{6, 7, 8, 9, 10};
    CHECK(welch_p_value(a, b) == Approx(0.0010528257933665).epsilon(1e-6));
    CHECK(welch_p_value(b, a) == Approx(welch_p_value(a, b)));
    CHECK(welch_p_value(a, a) == Approx(1.0));
    const std::vector<double> c1{3, 3, 3};
    const std::vector<double> c2{4, 4, 4};
    CHECK(welch_p_value(c1, c1) == 1.0);
    CHECK(welch_p_value(c1, c2) == 0.0);
    const std::vector<double> one{1};
    CHECK(welch_p_value(one, b) == 1.0);
}

TEST_CASE("E-divisive: the divergence peaks at the step", "[reports][change-points]") {
    const auto s = series(60, 0.005, 7, {{25, 1.10}});
    const auto q = divergence(s, 6);
    const auto best = static_cast<std::size_t>(std::max_element(q.begin(), q.end()) - q.begin());
    CHECK(best == 25);
    CHECK(q[3] == 0.0); // shorter than min_segment: not a candidate
}

TEST_CASE("E-divisive: one step of 5%, 10%, 20% found at its index with its magnitude",
          "[reports][change-points]") {
    for (const double step : {0.95, 0.90, 0.80, 1.05, 1.20}) {
        for (std::uint64_t seed = 1; seed <= 5; ++seed) {
            const auto s = series(90, 0.01, seed, {{53, step}});
            const auto cps = find_change_points(s, ChangePointOptions{});
            INFO("step " << step << " seed " << seed);
            REQUIRE(cps.size() == 1);
            CHECK(cps[0].index >= 52);
            CHECK(cps[0].index <= 54);
            CHECK(cps[0].magnitude == Approx(step - 1).margin(0.01));
            CHECK(cps[0].ci_low < cps[0].magnitude);
            CHECK(cps[0].ci_high > cps[0].magnitude);
            CHECK(cps[0].ci_low <= step - 1 + 0.005);
            CHECK(cps[0].ci_high >= step - 1 - 0.005);
            CHECK(cps[0].p_value <= 0.001);
        }
    }
}

TEST_CASE("E-divisive: no change point in pure noise", "[reports][change-points]") {
    for (std::uint64_t seed = 1; seed <= 30; ++seed) {
        const auto s = series(120, 0.02, 100 + seed);
        INFO("seed " << seed);
        CHECK(find_change_points(s, ChangePointOptions{}).empty());
    }
}

TEST_CASE("E-divisive: two steps, across windows", "[reports][change-points]") {
    const auto s = series(150, 0.01, 3, {{40, 0.85}, {110, 1.15}});
    const auto cps = find_change_points(s, ChangePointOptions{});
    REQUIRE(cps.size() == 2);
    CHECK(cps[0].index == Approx(40).margin(1));
    CHECK(cps[1].index == Approx(110).margin(1));
    CHECK(cps[0].magnitude < 0);
    CHECK(cps[1].magnitude > 0);
}

TEST_CASE("E-divisive: a slow drift is reported inside the drift", "[reports][change-points]") {
    Gauss g(11);
    std::vector<double> s;
    for (std::size_t i = 0; i < 90; ++i) {
        const double drift = i < 40 ? 0 : i < 70 ? 0.12 * static_cast<double>(i - 40) / 30 : 0.12;
        s.push_back(100 * (1 - drift) * (1 + g.next(0.01)));
    }
    const auto cps = find_change_points(s, ChangePointOptions{});
    REQUIRE_FALSE(cps.empty());
    for (const auto& cp : cps) {
        CHECK(cp.index >= 40);
        CHECK(cp.index <= 72);
        CHECK(cp.magnitude < 0);
    }
}

TEST_CASE("E-divisive: the parameters decide", "[reports][change-points]") {
    const auto s = series(80, 0.001, 5, {{40, 1.01}}); // 1% step, 0.1% noise
    ChangePointOptions o;
    CHECK(find_change_points(s, o).empty()); // below the 2% minimum magnitude
    o.min_magnitude = 0.005;
    CHECK(find_change_points(s, o).size() == 1);
    // A step 3 runs before the end: shorter than the minimum segment.
    const auto late = series(60, 0.005, 5, {{57, 0.8}});
    CHECK(find_change_points(late, ChangePointOptions{}).empty());
    ChangePointOptions short_seg;
    short_seg.min_segment = 3;
    CHECK(find_change_points(late, short_seg).size() == 1);
    // Too short a series, or empty: nothing.
    CHECK(find_change_points(std::vector<double>(5, 1.0), o).empty());
    CHECK(find_change_points(std::vector<double>{}, o).empty());
    // Deterministic.
    const auto again = series(150, 0.01, 3, {{40, 0.85}, {110, 1.15}});
    const auto x = find_change_points(again, ChangePointOptions{});
    const auto y = find_change_points(again, ChangePointOptions{});
    REQUIRE(x.size() == y.size());
    for (std::size_t i = 0; i < x.size(); ++i) {
        CHECK(x[i].index == y[i].index);
        CHECK(x[i].p_value == y[i].p_value);
    }
}

TEST_CASE("E-divisive: bad parameters are usage errors", "[reports][change-points]") {
    ChangePointOptions o;
    o.min_segment = 1;
    CHECK_THROWS_AS(check_options(o), ReportError);
    o = {};
    o.window = 10; // < 2 * 6
    CHECK_THROWS_AS(check_options(o), ReportError);
    o = {};
    o.p_value = 0;
    CHECK_THROWS_AS(check_options(o), ReportError);
    o.p_value = std::nan("");
    CHECK_THROWS_AS(check_options(o), ReportError);
    o = {};
    o.min_magnitude = -0.1;
    CHECK_THROWS_AS(check_options(o), ReportError);
    CHECK_NOTHROW(check_options(ChangePointOptions{}));
}
