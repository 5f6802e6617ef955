#include "reports/junit_writer.hpp"

#include "gate/comparison_text.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

namespace linkperf::reports {

std::string junit_xml(const GateResult& result, const RunInfo& baseline, const RunInfo& candidate,
                      bool allow_unjudged, bool strict) {
    const std::size_t tests = result.rows.size();
    const std::size_t unjudged = result.count(Verdict::unjudged);
    const std::size_t inconclusive = result.count(Verdict::inconclusive);
    const std::size_t failures = result.count(Verdict::regressed) +
                                 (allow_unjudged ? 0 : unjudged) + (strict ? inconclusive : 0);
    const std::size_t skipped = result.count(Verdict::missing) + (allow_unjudged ? unjudged : 0) +
                                (strict ? 0 : inconclusive);
    const std::string suite =
        xml_escape(fmt::format("linkperf compare {} vs {}", baseline.label, candidate.label));
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"linkperf compare\" tests=\"{}\" failures=\"{}\" "
                       "skipped=\"{}\" errors=\"0\">\n",
                       tests, failures, skipped);
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\" "
                       "errors=\"0\">\n",
                       suite, tests, failures, skipped);
    out += "    <properties>\n";
    const auto property = [&](const char* name, const std::string& value) {
        out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", name, xml_escape(value));
    };
    property("baseline", baseline.file);
    property("baseline.host", baseline.hostname);
    property("baseline.isa", baseline.isa);
    property("candidate", candidate.file);
    property("candidate.host", candidate.hostname);
    property("candidate.isa", candidate.isa);
    property("summary", counts_text(result));
    for (const std::string& note : result.notes) {
        property("note", note);
    }
    out += "    </properties>\n";
    for (const Comparison* row : result.listed()) {
        const Comparison& c = *row;
        out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\">\n",
                           xml_escape(c.key.path), xml_escape(case_label(c.key)));
        if (!c.family.empty()) {
            out += fmt::format("      <properties><property name=\"family\" value=\"{}\"/>",
                               xml_escape(c.family));
            if (c.run_level) {
                out +=
                    fmt::format("<property name=\"runs\" value=\"{} vs {}\"/>"
                                "<property name=\"run_spread\" value=\"{:.4f}\"/>"
                                "<property name=\"min_detectable_change\" value=\"{:.4f}\"/>",
                                c.baseline_runs, c.candidate_runs, c.run_spread, c.min_detectable);
            }
            if (!c.contended.empty()) {
                out += fmt::format("<property name=\"contended\" value=\"{}\"/>",
                                   xml_escape(c.contended));
            }
            out += "</properties>\n";
        }
        const std::string text = comparison_summary(c);
        if (c.verdict == Verdict::inconclusive && strict) {
            out += fmt::format("      <failure type=\"inconclusive\" message=\"inconclusive "
                               "(--strict): {}\">{}</failure>\n",
                               xml_escape(text), xml_escape(text));
        } else if (c.verdict == Verdict::inconclusive) {
            out += fmt::format("      <skipped message=\"inconclusive: {}\"/>\n", xml_escape(text));
        } else if (c.verdict == Verdict::regressed) {
            out += fmt::format("      <failure type=\"regression\" message=\"regressed: {}\">"
                               "{}</failure>\n",
                               xml_escape(text), xml_escape(text));
        } else if (c.verdict == Verdict::unjudged && !allow_unjudged) {
            out += fmt::format("      <failure type=\"unjudged\" message=\"unjudged: worse beyond "
                               "the threshold but not shown significant: {}\">{}</failure>\n",
                               xml_escape(text), xml_escape(text));
        } else if (c.verdict == Verdict::unjudged) {
            out += fmt::format("      <skipped message=\"unjudged (allowed): {}\"/>\n",
                               xml_escape(text));
        } else if (c.verdict == Verdict::missing) {
            out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(c.reason));
        } else {
            out += fmt::format("      <system-out>{}: {}</system-out>\n", to_string(c.verdict),
                               xml_escape(text));
        }
        out += "    </testcase>\n";
    }
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

} // namespace linkperf::reports
