#include "gate/expectation_check.hpp"

#include "core/error.hpp"
#include "core/json_text.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace linkperf::reports {

const char* to_string(HealthLevel level) {
    switch (level) {
    case HealthLevel::ok:
        return "ok";
    case HealthLevel::warning:
        return "warning";
    case HealthLevel::failing:
        return "failing";
    }
    return "unknown";
}

HealthLevel judge(const Expectation& e, double measured) {
    const bool up = e.higher_is_better();
    if (up ? measured < e.failing : measured > e.failing) {
        return HealthLevel::failing;
    }
    if (up ? measured < e.warning : measured > e.warning) {
        return HealthLevel::warning;
    }
    return HealthLevel::ok;
}

std::string HealthFinding::line() const {
    const char* at_least = higher_is_better ? ">=" : "<=";
    const char* past = higher_is_better ? "<" : ">";
    std::string level_text = level == HealthLevel::ok        ? "ok"
                             : level == HealthLevel::warning ? "WARNING"
                                                             : "FAILING";
    return fmt::format("{:<7} {}{}: measured {} {}, expected {} {:.4g} (failing {} {:.4g}) [{}; "
                       "{}]{}",
                       level_text, case_label(key), run.empty() ? "" : " (" + run + ")",
                       note.rfind("case failed", 0) == 0 ? std::string("nothing")
                                                         : fmt::format("{:.4g}", measured),
                       unit, at_least, warning, past, failing, expectation, provenance.text(),
                       note.empty() ? "" : "; " + note);
}

std::size_t HealthReport::count(HealthLevel level) const {
    return static_cast<std::size_t>(
        std::count_if(findings.begin(), findings.end(),
                      [&](const HealthFinding& f) { return f.level == level; }));
}

HealthLevel HealthReport::worst() const {
    HealthLevel w = HealthLevel::ok;
    for (const HealthFinding& f : findings) {
        w = std::max(w, f.level);
    }
    return w;
}

void check_run(const Run& run, const Profile& profile, HealthReport& report) {
    report.profile = profile.name;
    for (const CaseResult& c : run.cases) {
        if (c.status == CaseStatus::skipped) {
            ++report.skipped;
            continue;
        }
        const Expectation* e = find_expectation(profile, run, c);
        if (e == nullptr) {
            if (c.status == CaseStatus::ok) {
                ++report.unmatched;
                continue;
            }
        }
        HealthFinding f;
        f.run = run.info.label.empty() ? run.info.file : run.info.label; // the file as given
        f.host = run.info.hostname;
        f.key = c.key;
        f.metric = c.metric;
        f.unit = c.unit;
        f.higher_is_better = c.higher_is_better;
        if (e != nullptr) {
            f.warning = e->warning;
            f.failing = e->failing;
            f.expectation = e->name;
            f.provenance = e->provenance;
        } else {
            f.expectation = "any case";
            f.provenance.detail = "a case that failed fails the check";
        }
        if (c.status != CaseStatus::ok) {
            // A failed measurement or data check: the link did not do its job at all.
            f.level = HealthLevel::failing;
            f.note = "case failed: " + c.error;
        } else {
            f.measured = c.stats.median;
            f.level = judge(*e, f.measured);
            if (c.throttled) {
                f.note = "throttled";
            }
        }
        report.findings.push_back(std::move(f));
    }
}

int health_exit_code(const HealthReport& report) {
    switch (report.worst()) {
    case HealthLevel::failing:
        return static_cast<int>(ExitCode::failed);
    case HealthLevel::warning:
        return static_cast<int>(ExitCode::check_warnings);
    case HealthLevel::ok:
        break;
    }
    return report.findings.empty() ? static_cast<int>(ExitCode::check_unmatched) : 0;
}

std::string health_json(const HealthReport& report) {
    using json = nlohmann::json;
    json list = json::array();
    for (const HealthFinding& f : report.findings) {
        json p = {{"kind", to_string(f.provenance.kind)}, {"detail", f.provenance.detail}};
        for (const auto& [k, v] :
             {std::pair{"source", &f.provenance.source}, std::pair{"group", &f.provenance.group},
              std::pair{"date", &f.provenance.date}}) {
            if (!v->empty()) {
                p[k] = *v;
            }
        }
        if (f.provenance.nodes > 0) {
            p["nodes"] = f.provenance.nodes;
        }
        json o = {{"run", f.run},
                  {"host", f.host},
                  {"case", case_label(f.key)},
                  {"case_key", key_string(f.key)},
                  {"metric", f.metric},
                  {"unit", f.unit},
                  {"level", to_string(f.level)},
                  {"expectation", f.expectation},
                  {"warning", f.warning},
                  {"failing", f.failing},
                  {"provenance", p}};
        o["measured"] = f.note.rfind("case failed", 0) == 0 ? json(nullptr) : json(f.measured);
        if (!f.note.empty()) {
            o["note"] = f.note;
        }
        list.push_back(std::move(o));
    }
    json doc = {{"linkperf_check", 1},
                {"profile", report.profile},
                {"level", report.findings.empty() ? "unmatched" : to_string(report.worst())},
                {"exit_code", health_exit_code(report)},
                {"ok", report.count(HealthLevel::ok)},
                {"warning", report.count(HealthLevel::warning)},
                {"failing", report.count(HealthLevel::failing)},
                {"unmatched", report.unmatched},
                {"skipped", report.skipped},
                {"findings", list}};
    return json_text(doc, 2) + "\n";
}

} // namespace linkperf::reports
