// The Mann-Whitney U test against scipy.stats.mannwhitneyu(x, y, alternative="two-sided")
// (scipy 1.10.1; the values were printed by the commands in the comments).
#include "gate/mann_whitney.hpp"
#include "results_model/report_error.hpp"

#include <catch2/catch.hpp>

#include <vector>

using linkperf::reports::mann_whitney_u;

TEST_CASE("Mann-Whitney: exact distribution for small samples without ties", "[reports][mwu]") {
    // mannwhitneyu([1,2,3,4,5], [6,7,8,9,10]) -> U=0.0, p=0.007936507936507936
    const std::vector<double> x{1, 2, 3, 4, 5};
    const std::vector<double> y{6, 7, 8, 9, 10};
    const auto r = mann_whitney_u(x, y);
    CHECK(r.exact);
    CHECK(r.u1 == Approx(0.0));
    CHECK(r.p_value == Approx(0.007936507936507936).epsilon(1e-12));
    // Symmetric: swapping the samples gives U2 and the same p.
    const auto s = mann_whitney_u(y, x);
    CHECK(s.u1 == Approx(25.0));
    CHECK(s.p_value == Approx(r.p_value).epsilon(1e-12));
}

TEST_CASE("Mann-Whitney: exact, unequal sizes", "[reports][mwu]") {
    // mannwhitneyu([1.1,2.3,3.7,4.2,5.9,6.1], [2.0,4.0,6.5,7.2,8.8,9.1,9.9])
    //   -> U=8.0, p=0.07342657342657342
    const std::vector<double> x{1.1, 2.3, 3.7, 4.2, 5.9, 6.1};
    const std::vector<double> y{2.0, 4.0, 6.5, 7.2, 8.8, 9.1, 9.9};
    const auto r = mann_whitney_u(x, y);
    CHECK(r.exact);
    CHECK(r.u1 == Approx(8.0));
    CHECK(r.p_value == Approx(0.07342657342657342).epsilon(1e-12));
}

TEST_CASE("Mann-Whitney: exact when only one sample is small", "[reports][mwu]") {
    // mannwhitneyu([0.5,1.5,2.5], [0.37*i for i in range(30)]) -> U=14.0, p=0.053885630498533725
    const std::vector<double> x{0.5, 1.5, 2.5};
    std::vector<double> y;
    for (int i = 0; i < 30; ++i) {
        y.push_back(0.37 * i);
    }
    const auto r = mann_whitney_u(x, y);
    CHECK(r.exact);
    CHECK(r.u1 == Approx(14.0));
    CHECK(r.p_value == Approx(0.053885630498533725).epsilon(1e-9));
}

TEST_CASE("Mann-Whitney: ties use the normal approximation with tie correction", "[reports][mwu]") {
    // mannwhitneyu([1,2,2,3,3,3,4,5,6,7], [3,3,4,4,5,5,6,8,9,9]) -> U=24.5, p=0.05584551322617314
    const std::vector<double> x{1, 2, 2, 3, 3, 3, 4, 5, 6, 7};
    const std::vector<double> y{3, 3, 4, 4, 5, 5, 6, 8, 9, 9};
    const auto r = mann_whitney_u(x, y);
    CHECK_FALSE(r.exact);
    CHECK(r.u1 == Approx(24.5));
    CHECK(r.p_value == Approx(0.05584551322617314).epsilon(1e-9));
}

TEST_CASE("Mann-Whitney: larger samples use the normal approximation", "[reports][mwu]") {
    // x = [i%7 + 0.1*i for i in range(20)], y = [i%5 + 0.12*i + 1.3 for i in range(25)]
    //   -> U=187.5, p=0.15670921541097424
    std::vector<double> x;
    std::vector<double> y;
    for (int i = 0; i < 20; ++i) {
        x.push_back(static_cast<double>(i % 7) + 0.1 * i);
    }
    for (int i = 0; i < 25; ++i) {
        y.push_back(static_cast<double>(i % 5) + 0.12 * i + 1.3);
    }
    const auto r = mann_whitney_u(x, y);
    CHECK_FALSE(r.exact);
    CHECK(r.u1 == Approx(187.5));
    CHECK(r.p_value == Approx(0.15670921541097424).epsilon(1e-9));
}

TEST_CASE("Mann-Whitney: identical samples give p = 1", "[reports][mwu]") {
    // mannwhitneyu([5.0]*6, [5.0]*6) -> U=18.0, p=1.0
    const std::vector<double> x(6, 5.0);
    const auto r = mann_whitney_u(x, x);
    CHECK(r.u1 == Approx(18.0));
    CHECK(r.p_value == Approx(1.0));
}

TEST_CASE("Mann-Whitney: empty input is refused", "[reports][mwu]") {
    const std::vector<double> x{1, 2};
    const std::vector<double> none;
    // An Error with its exit code, as every error (docs/architecture.md).
    CHECK_THROWS_AS(mann_whitney_u(x, none), linkperf::reports::ReportError);
    try {
        mann_whitney_u(none, x);
        FAIL("no error for an empty sample");
    } catch (const linkperf::reports::ReportError& e) {
        CHECK(e.code() == linkperf::ExitCode::failed);
    }
}
