#include "fleet/fleet_profile.hpp"

#include "fleet/fleet_score.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

namespace linkperf::reports {

Profile learn_profile(const FleetAnalysis& a, const LearnOptions& o, const std::string& date) {
    Profile p;
    p.name = fmt::format("fleet: {} node(s), {}", a.nodes.size(), date);
    p.description = fmt::format(
        "learned by linkperf fleet --emit-profile from each host type's healthy nodes: warning at "
        "median {} {:g} x 1.4826 MAD, failing at the {:g} percentile or {:g} x 1.4826 MAD "
        "(docs/health.md)",
        "-/+", o.k, o.percentile, 2 * o.k);
    for (const FleetGroup& g : a.groups) {
        const std::string group = host_type_label(g.host);
        for (const GroupCase& gc : g.cases) {
            const FleetCase& fc = a.cases[gc.case_index];
            std::vector<double> values;
            for (std::size_t n : g.nodes) {
                if (a.assessed[n].verdict != NodeVerdict::ok) {
                    continue;
                }
                const NodeCase* c = a.nodes[n].find(gc.case_index);
                if (c != nullptr && c->status == CaseStatus::ok && std::isfinite(c->median)) {
                    values.push_back(c->median);
                }
            }
            if (values.size() < std::max<std::size_t>(o.min_nodes, 1)) {
                continue;
            }
            std::sort(values.begin(), values.end());
            const FleetDistribution d = fleet_distribution(values);
            const double scale =
                std::max(kMadToSigma * d.mad, kMinRelativeScale * std::abs(d.median));
            const bool up = fc.higher_is_better;
            Expectation e;
            e.name = case_label(fc.key);
            e.metric = fc.metric;
            e.unit = fc.unit;
            if (e.metric != "bandwidth" && e.metric != "latency") {
                continue; // a profile judges bandwidth and latency only
            }
            if (up) {
                e.warning = std::max(0.0, d.median - o.k * scale);
                e.failing = std::max(0.0, std::min(percentile(values, o.percentile / 100.0),
                                                   d.median - 2 * o.k * scale));
                e.failing = std::min(e.failing, e.warning);
            } else {
                e.warning = d.median + o.k * scale;
                e.failing = std::max(percentile(values, 1.0 - o.percentile / 100.0),
                                     d.median + 2 * o.k * scale);
            }
            e.match.case_key = key_string(fc.key);
            e.match.host_type = group;
            e.provenance.kind = ProvenanceKind::fleet;
            e.provenance.group = group;
            e.provenance.date = date;
            e.provenance.nodes = static_cast<int>(values.size());
            e.provenance.detail = fmt::format("healthy median {:.4g} {}, 1.4826 MAD {:.3g}",
                                              d.median, fc.unit, kMadToSigma * d.mad);
            p.expectations.push_back(std::move(e));
        }
    }
    return p;
}

} // namespace linkperf::reports
