#include "bench/saturation_record.hpp"

#include "core/units.hpp"

#include <fmt/core.h>

#include <map>
#include <tuple>

namespace linkperf::bench {
namespace {

using LinkKey = std::tuple<std::string, std::string, std::string, std::string, std::string,
                           std::uint64_t, std::string>;

LinkKey link_of(const Measurement& m) {
    const Case& c = m.test_case;
    return {c.path.id,
            c.source.role,
            c.source.memory,
            c.destination.role,
            c.destination.memory,
            c.size_bytes,
            m.extra.value("sweep", "")};
}

std::string endpoint_text(const std::string& role, const std::string& memory) {
    return memory.empty() ? role : role + "(" + memory + ")";
}

} // namespace

nlohmann::json saturation_records(const std::vector<Measurement>& measurements,
                                  const SaturationOptions& options) {
    std::map<LinkKey, std::vector<const Measurement*>> links;
    for (const Measurement& m : measurements) {
        if (m.status == CaseStatus::ok && m.extra.contains("sweep") &&
            m.test_case.path.metric == Metric::bandwidth) {
            links[link_of(m)].push_back(&m);
        }
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [key, ms] : links) {
        std::vector<CurvePoint> points;
        nlohmann::json cases = nlohmann::json::array();
        for (const Measurement* m : ms) {
            points.push_back({static_cast<double>(m->test_case.threads), m->stats.median});
            cases.push_back({{"concurrency", m->test_case.threads},
                             {"median", m->stats.median},
                             {"case", m->test_case.name()}});
        }
        if (points.size() < 2) {
            continue;
        }
        const Saturation s = analyse_saturation(points, options);
        nlohmann::json steps = nlohmann::json::array();
        for (const StepEfficiency& e : s.steps) {
            steps.push_back({{"from", e.from}, {"to", e.to}, {"efficiency", e.efficiency}});
        }
        const Case& c = ms.front()->test_case;
        out.push_back(
            {{"path", c.path.id},
             {"source", {{"role", c.source.role}, {"memory", c.source.memory}}},
             {"destination", {{"role", c.destination.role}, {"memory", c.destination.memory}}},
             {"size_bytes", c.size_bytes},
             {"sweep", std::get<6>(key)},
             {"unit", c.path.unit()},
             {"points", cases},
             {"plateau", s.plateau},
             {"peak_at", s.peak_at},
             {"knee", s.knee},
             {"knee_value", s.knee_value},
             {"knee_fraction", s.knee_fraction},
             {"plateau_reached", s.plateau_reached},
             {"declines_after_knee", s.declines_after_knee},
             {"step_efficiency", steps},
             {"finding", s.finding}});
    }
    return out;
}

std::vector<std::string> study_lines(const nlohmann::json& records,
                                     const std::vector<Measurement>& measurements) {
    std::vector<std::string> out;
    for (const auto& r : records) {
        out.push_back(
            fmt::format("saturation: {} {}->{} {} over {}: plateau {:.2f} {}, {}",
                        r.at("path").get<std::string>(),
                        endpoint_text(r["source"]["role"], r["source"]["memory"]),
                        endpoint_text(r["destination"]["role"], r["destination"]["memory"]),
                        format_size(r.at("size_bytes").get<std::uint64_t>()),
                        r.at("sweep").get<std::string>(), r.at("plateau").get<double>(),
                        r.at("unit").get<std::string>(), r.at("finding").get<std::string>()));
    }
    for (const Measurement& m : measurements) {
        if (!m.extra.contains("interference_ratio") || m.status != CaseStatus::ok) {
            continue;
        }
        const auto& run = m.extra["aggressor_run"];
        out.push_back(fmt::format(
            "contention: {} (victim) vs {} (aggressor, {:.2f} GB/s during the victim): alone "
            "{:.2f}, under load {:.2f} {}, ratio {:.3f}",
            m.extra["victim"].get<std::string>(), m.extra["aggressor"].get<std::string>(),
            run.value("gbps_during_victim", 0.0), m.extra["alone"]["median"].get<double>(),
            m.stats.median, m.test_case.path.unit(), m.extra["interference_ratio"].get<double>()));
    }
    return out;
}

} // namespace linkperf::bench
