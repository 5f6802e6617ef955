#include "history/change_points.hpp"

#include "results_model/report_error.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>

namespace linkperf::reports {
namespace {

// The continued fraction of the regularized incomplete beta function (modified Lentz).
double beta_fraction(double a, double b, double x) {
    constexpr double kTiny = 1e-300;
    constexpr double kEps = 1e-15;
    double c = 1;
    double d = 1 - (a + b) * x / (a + 1);
    d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
    double h = d;
    for (int m = 1; m <= 500; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2));
        d = 1 + aa * d;
        d = 1 / (std::fabs(d) < kTiny ? kTiny : d);
        c = 1 + aa / c;
        c = std::fabs(c) < kTiny ? kTiny : c;
        const double step = d * c;
        h *= step;
        if (std::fabs(step - 1) < kEps) {
            break;
        }
    }
    return h;
}

// I_x(a, b).
double incomplete_beta(double a, double b, double x) {
    if (x <= 0) {
        return 0;
    }
    if (x >= 1) {
        return 1;
    }
    const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                  a * std::log(x) + b * std::log1p(-x));
    if (x < (a + 1) / (a + b + 2)) {
        return front * beta_fraction(a, b, x) / a;
    }
    return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

struct Moments {
    double n = 0;
    double mean = 0;
    double var = 0; // sample variance
};

Moments moments(std::span<const double> v) {
    Moments m;
    m.n = static_cast<double>(v.size());
    if (v.empty()) {
        return m;
    }
    m.mean = std::accumulate(v.begin(), v.end(), 0.0) / m.n;
    if (v.size() > 1) {
        double ss = 0;
        for (const double x : v) {
            ss += (x - m.mean) * (x - m.mean);
        }
        m.var = ss / (m.n - 1);
    }
    return m;
}

// Welch's standard error and degrees of freedom.
std::pair<double, double> welch_se_df(const Moments& a, const Moments& b) {
    const double va = a.var / a.n;
    const double vb = b.var / b.n;
    const double se2 = va + vb;
    const double denom = va * va / (a.n - 1) + vb * vb / (b.n - 1);
    const double df = denom > 0 ? se2 * se2 / denom : a.n + b.n - 2;
    return {std::sqrt(se2), df};
}

struct Candidate {
    std::size_t index = 0;
    double p = 1;
    double q = 0;
};

void bisect(std::span<const double> series, std::size_t lo, std::size_t hi,
            const ChangePointOptions& o, std::vector<Candidate>& out) {
    if (hi - lo < 2 * o.min_segment) {
        return;
    }
    const auto part = series.subspan(lo, hi - lo);
    const std::vector<double> q = divergence(part, o.min_segment);
    const auto best = std::max_element(q.begin(), q.end()); // the first of equal maxima
    if (*best <= 0) {
        return;
    }
    const auto tau = static_cast<std::size_t>(best - q.begin());
    const double p = welch_p_value(part.subspan(0, tau), part.subspan(tau));
    if (p > o.p_value) {
        return;
    }
    out.push_back({lo + tau, p, *best});
    bisect(series, lo, lo + tau, o, out);
    bisect(series, lo + tau, hi, o, out);
}

ChangePoint describe(std::span<const double> series, std::size_t prev, std::size_t at,
                     std::size_t next, double confidence) {
    const auto before = series.subspan(prev, at - prev);
    const auto after = series.subspan(at, next - at);
    const Moments a = moments(before);
    const Moments b = moments(after);
    ChangePoint cp;
    cp.index = at;
    cp.mean_before = a.mean;
    cp.mean_after = b.mean;
    cp.p_value = welch_p_value(before, after);
    const double base = std::fabs(a.mean) > 0 ? a.mean : std::numeric_limits<double>::min();
    cp.magnitude = b.mean / base - 1;
    if (a.n >= 2 && b.n >= 2) {
        const auto [se, df] = welch_se_df(a, b);
        const double t = student_t_quantile(1 - (1 - confidence) / 2, df);
        // The interval of the difference of means over the mean before (its own uncertainty
        // left out: it is the smaller term once the segments are long).
        cp.ci_low = (b.mean - a.mean - t * se) / base;
        cp.ci_high = (b.mean - a.mean + t * se) / base;
    } else {
        cp.ci_low = cp.ci_high = cp.magnitude;
    }
    return cp;
}

} // namespace

void check_options(const ChangePointOptions& o) {
    if (o.min_segment < 2) {
        throw ReportError("--min-segment must be at least 2 (a t-test needs 2 points a side)");
    }
    if (o.window < 2 * o.min_segment) {
        throw ReportError(fmt::format("--window {} must be at least twice --min-segment ({})",
                                      o.window, o.min_segment));
    }
    if (!(o.p_value > 0 && o.p_value < 1)) {
        throw ReportError("--p-value must be between 0 and 1 (exclusive)");
    }
    if (!(o.min_magnitude >= 0 && std::isfinite(o.min_magnitude))) {
        throw ReportError("--min-magnitude must be a finite fraction >= 0 (e.g. 2%)");
    }
    if (!(o.confidence > 0 && o.confidence < 1)) {
        throw ReportError("the confidence level must be between 0 and 1");
    }
}

double student_t_cdf(double t, double df) {
    if (std::isinf(t)) {
        return t > 0 ? 1 : 0;
    }
    const double tail = 0.5 * incomplete_beta(df / 2, 0.5, df / (df + t * t));
    return t > 0 ? 1 - tail : tail;
}

double student_t_quantile(double p, double df) {
    double lo = -1;
    double hi = 1;
    while (student_t_cdf(lo, df) > p && lo > -1e12) {
        lo *= 2;
    }
    while (student_t_cdf(hi, df) < p && hi < 1e12) {
        hi *= 2;
    }
    for (int i = 0; i < 200 && hi - lo > 1e-12 * std::max(1.0, std::fabs(hi)); ++i) {
        const double mid = (lo + hi) / 2;
        (student_t_cdf(mid, df) < p ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

double welch_p_value(std::span<const double> a, std::span<const double> b) {
    if (a.size() < 2 || b.size() < 2) {
        return 1;
    }
    const Moments ma = moments(a);
    const Moments mb = moments(b);
    if (ma.var == 0 && mb.var == 0) {
        return ma.mean == mb.mean ? 1 : 0;
    }
    const auto [se, df] = welch_se_df(ma, mb);
    const double t = (mb.mean - ma.mean) / se;
    return std::min(1.0, 2 * student_t_cdf(-std::fabs(t), df));
}

std::vector<double> divergence(std::span<const double> x, std::size_t min_segment) {
    const std::size_t n = x.size();
    std::vector<double> q(n + 1, 0.0);
    if (n < 2 * min_segment || n < 4) {
        return q;
    }
    // prefix[i][j] = sum of |x_a - x_b| over a < i, b < j: every block sum in O(1).
    const std::size_t w = n + 1;
    std::vector<double> prefix(w * w, 0.0);
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 1; j <= n; ++j) {
            prefix[i * w + j] = std::fabs(x[i - 1] - x[j - 1]) + prefix[(i - 1) * w + j] +
                                prefix[i * w + j - 1] - prefix[(i - 1) * w + j - 1];
        }
    }
    const auto block = [&](std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1) {
        return prefix[a1 * w + b1] - prefix[a0 * w + b1] - prefix[a1 * w + b0] +
               prefix[a0 * w + b0];
    };
    for (std::size_t tau = std::max<std::size_t>(min_segment, 2);
         tau + std::max<std::size_t>(min_segment, 2) <= n; ++tau) {
        const double l = static_cast<double>(tau);
        const double r = static_cast<double>(n - tau);
        const double cross = block(0, tau, tau, n) * 2 / (l * r);
        const double left = block(0, tau, 0, tau) / (l * (l - 1));  // the pairs i < k, twice
        const double right = block(tau, n, tau, n) / (r * (r - 1)); // over C(r, 2) pairs
        q[tau] = l * r / static_cast<double>(n) * (cross - left - right);
    }
    return q;
}

std::vector<ChangePoint> find_change_points(std::span<const double> series,
                                            const ChangePointOptions& o) {
    check_options(o);
    const std::size_t n = series.size();
    std::vector<Candidate> found;
    if (n >= 2 * o.min_segment) {
        const std::size_t step = std::max<std::size_t>(1, o.window / 2);
        for (std::size_t start = 0;; start += step) {
            const std::size_t end = std::min(n, start + o.window);
            bisect(series, end - std::min(end, o.window), end, o, found);
            if (end == n) {
                break;
            }
        }
    }
    // Overlapping windows find one step more than once: the strongest of candidates closer
    // than min_segment stays.
    std::sort(found.begin(), found.end(), [](const Candidate& a, const Candidate& b) {
        return std::tie(a.p, b.q, a.index) < std::tie(b.p, a.q, b.index);
    });
    std::vector<std::size_t> kept;
    for (const Candidate& c : found) {
        const bool near = std::any_of(kept.begin(), kept.end(), [&](std::size_t k) {
            return (k > c.index ? k - c.index : c.index - k) < o.min_segment;
        });
        if (!near) {
            kept.push_back(c.index);
        }
    }
    std::sort(kept.begin(), kept.end());
    // Retest each between its neighbours; drop the weakest failing one until all pass.
    for (;;) {
        std::size_t weakest = kept.size();
        std::pair<double, double> weakest_score{-1, 0}; // (p, -|magnitude|): larger is weaker
        for (std::size_t i = 0; i < kept.size(); ++i) {
            const std::size_t prev = i == 0 ? 0 : kept[i - 1];
            const std::size_t next = i + 1 == kept.size() ? n : kept[i + 1];
            const ChangePoint cp = describe(series, prev, kept[i], next, o.confidence);
            const bool short_side =
                kept[i] - prev < o.min_segment || next - kept[i] < o.min_segment;
            const bool fails =
                short_side || cp.p_value > o.p_value || std::fabs(cp.magnitude) < o.min_magnitude;
            const std::pair<double, double> score{short_side ? 2.0 : cp.p_value,
                                                  -std::fabs(cp.magnitude)};
            if (fails && score > weakest_score) {
                weakest = i;
                weakest_score = score;
            }
        }
        if (weakest == kept.size()) {
            break;
        }
        kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(weakest));
    }
    std::vector<ChangePoint> out;
    for (std::size_t i = 0; i < kept.size(); ++i) {
        out.push_back(describe(series, i == 0 ? 0 : kept[i - 1], kept[i],
                               i + 1 == kept.size() ? n : kept[i + 1], o.confidence));
    }
    return out;
}

} // namespace linkperf::reports
