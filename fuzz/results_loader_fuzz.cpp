// libFuzzer target for the results loader (scripts/fuzz-results.sh builds and runs it). Any
// input must either load or raise ReportError; every other exception, crash, sanitizer report
// or leak is a finding. A file that loads also goes through the gate and every writer of the
// table (reports/report_writer.hpp), so hostile-but-valid files cannot crash a report either.
#include "gate/gate.hpp"
#include "reports/report_set.hpp"
#include "reports/report_writer.hpp"
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
        const ComparisonReport comparison{gate, run.info, copy.info, false, false};
        for (const ReportWriter* w : report_writers()) {
            if (w->writes_comparison()) {
                (void)w->write_comparison(comparison);
            }
        }
        std::vector<Run> runs;
        runs.push_back(std::move(run));
        std::vector<Run> baselines;
        baselines.push_back(std::move(copy));
        const ReportSet set = build_report_set(std::move(runs), std::move(baselines), GateConfig{});
        for (const ReportWriter* w : report_writers()) {
            if (w->writes_report()) {
                (void)w->write_report(set);
            }
        }
    } catch (const ReportError&) {
        // refused with a message: the documented outcome for bad input
    }
    return 0;
}
