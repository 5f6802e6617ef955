// libFuzzer target for the results loader (scripts/fuzz-results.sh builds and runs it). Any
// input must either load or raise ReportError; every other exception, crash, sanitizer report
// or leak is a finding. A file that loads also goes through the gate and every writer, so
// hostile-but-valid files cannot crash the report either.
#include "gate/gate.hpp"
#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/junit_writer.hpp"
#include "reports/markdown_report.hpp"
#include "reports/report_set.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace linkperf::reports;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        Run run = parse_results(text, "fuzz.json");
        Run copy = run;
        const GateResult gate = compare_runs(run, copy, GateConfig{});
        (void)junit_xml(gate, run.info, copy.info);
        (void)markdown_comparison(gate, run.info, copy.info);
        std::vector<Run> runs;
        runs.push_back(std::move(run));
        std::vector<Run> baselines;
        baselines.push_back(std::move(copy));
        const ReportSet set = build_report_set(std::move(runs), std::move(baselines), GateConfig{});
        (void)html_report(set);
        (void)csv_report(set);
        (void)markdown_report(set);
    } catch (const ReportError&) {
        // refused with a message: the documented outcome for bad input
    }
    return 0;
}
