#include "gate/mann_whitney.hpp"

#include "results_model/report_error.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

namespace linkperf::reports {
namespace {

// Number of arrangements of the two samples for every value of U (0..m*n): the coefficients
// of the Gaussian binomial [m+n choose m](q) = prod_{i=1..m} (1 - q^(n+i)) / (1 - q^i).
std::vector<double> exact_u_counts(std::size_t m, std::size_t n) {
    if (m > n) {
        std::swap(m, n);
    }
    std::vector<double> c(m * n + 1, 0.0);
    c[0] = 1;
    std::size_t degree = 0;
    for (std::size_t i = 1; i <= m; ++i) {
        // multiply by (1 - q^(n+i)); the degree grows by n + i
        const std::size_t shift = n + i;
        const std::size_t new_degree = std::min(degree + shift, c.size() - 1);
        for (std::size_t k = new_degree; k >= shift; --k) {
            c[k] -= c[k - shift];
        }
        // divide by (1 - q^i): exact, the quotient has non-negative coefficients
        for (std::size_t k = i; k <= new_degree; ++k) {
            c[k] += c[k - i];
        }
        degree = new_degree - i;
    }
    return c;
}

// Beyond this the exact distribution is not worth its cost; scipy would still use it, but the
// normal approximation is then within 1e-3 of it.
constexpr std::size_t kExactLimit = 2000;

double normal_sf(double z) {
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

} // namespace

MannWhitneyResult mann_whitney_u(std::span<const double> x, std::span<const double> y) {
    if (x.empty() || y.empty()) {
        throw ReportError("mann_whitney_u needs two non-empty samples", ExitCode::failed);
    }
    const std::size_t n1 = x.size();
    const std::size_t n2 = y.size();
    const std::size_t n = n1 + n2;
    // Rank the pooled sample; ties get the mean of their ranks.
    std::vector<std::pair<double, bool>> pooled; // (value, from x)
    pooled.reserve(n);
    for (double v : x) {
        pooled.emplace_back(v, true);
    }
    for (double v : y) {
        pooled.emplace_back(v, false);
    }
    std::sort(pooled.begin(), pooled.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    double rank_sum_x = 0;
    double tie_term = 0; // sum of t^3 - t over tie groups
    for (std::size_t i = 0; i < n;) {
        std::size_t j = i;
        while (j < n && pooled[j].first == pooled[i].first) {
            ++j;
        }
        const double t = static_cast<double>(j - i);
        const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
        for (std::size_t k = i; k < j; ++k) {
            if (pooled[k].second) {
                rank_sum_x += mean_rank;
            }
        }
        tie_term += t * t * t - t;
        i = j;
    }
    const double dn1 = static_cast<double>(n1);
    const double dn2 = static_cast<double>(n2);
    MannWhitneyResult r;
    r.u1 = rank_sum_x - dn1 * (dn1 + 1) / 2.0;
    const double u2 = dn1 * dn2 - r.u1;
    const double u = std::max(r.u1, u2);
    const bool ties = tie_term > 0;
    if (!ties && std::min(n1, n2) <= 8 && std::max(n1, n2) <= kExactLimit) {
        // scipy: exact unless both samples exceed 8 or there are ties.
        const std::vector<double> counts = exact_u_counts(n1, n2);
        const double total = std::accumulate(counts.begin(), counts.end(), 0.0);
        double tail = 0; // P(U >= u)
        for (std::size_t k = static_cast<std::size_t>(std::llround(u)); k < counts.size(); ++k) {
            tail += counts[k];
        }
        r.p_value = std::min(1.0, 2.0 * tail / total);
        r.exact = true;
        return r;
    }
    const double mu = dn1 * dn2 / 2.0;
    const double dn = static_cast<double>(n);
    const double variance = dn1 * dn2 / 12.0 * ((dn + 1) - tie_term / (dn * (dn - 1)));
    if (variance <= 0) {
        r.p_value = 1; // every value equal: no evidence of a difference
        return r;
    }
    const double z = (u - mu - 0.5) / std::sqrt(variance);
    r.p_value = std::clamp(2.0 * normal_sf(z), 0.0, 1.0);
    return r;
}

} // namespace linkperf::reports
