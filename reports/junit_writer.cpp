#include "reports/junit_writer.hpp"

#include "reports/comparison_text.hpp"
#include "reports/text_escape.hpp"

#include <fmt/core.h>

namespace linkperf::reports {

std::string junit_xml(const GateResult& result, const RunInfo& baseline, const RunInfo& candidate) {
    const std::size_t tests = result.rows.size();
    const std::size_t failures = result.count(Verdict::regressed);
    const std::size_t skipped = result.count(Verdict::missing);
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
    out += "    </properties>\n";
    for (const Comparison& c : result.rows) {
        out += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"0\"",
                           xml_escape(c.key.path), xml_escape(case_label(c.key)));
        if (c.verdict == Verdict::regressed) {
            const std::string text = comparison_summary(c);
            out += fmt::format(">\n      <failure type=\"regression\" message=\"regressed: {}\">"
                               "{}</failure>\n    </testcase>\n",
                               xml_escape(text), xml_escape(text));
        } else if (c.verdict == Verdict::missing) {
            out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                               xml_escape(c.reason));
        } else {
            out += fmt::format(">\n      <system-out>{}: {}</system-out>\n    </testcase>\n",
                               to_string(c.verdict), xml_escape(comparison_summary(c)));
        }
    }
    out += "  </testsuite>\n</testsuites>\n";
    return out;
}

} // namespace linkperf::reports
