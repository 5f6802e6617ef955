#include "reports/csv_report.hpp"

#include "gate/run_stats.hpp"
#include "reports/scorecard_text.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace linkperf::reports {

std::string csv_report(const ReportSet& set) {
    std::string out =
        "run,role,file,host,isa,emulated,path,metric,higher_is_better,source_role,"
        "source_memory,destination_role,destination_memory,size_bytes,threads,op,"
        "ranks,in_place,type,reduce_op,nodes,root,window,status,statistic,value,unit\n";
    for (const Run* r : set.all()) {
        const RunInfo& i = r->info;
        const auto curves = saturation_curves(*r, {set.knee_fraction});
        for (const CaseResult& c : r->cases) {
            const std::string prefix = fmt::format(
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(i.label), set.is_baseline(r) ? "baseline" : "run", csv_field(i.file),
                csv_field(i.hostname), csv_field(i.isa), i.emulated ? "true" : "false",
                csv_field(c.key.path), csv_field(c.metric), c.higher_is_better ? "true" : "false",
                csv_field(c.key.source_role), csv_field(c.key.source_memory),
                csv_field(c.key.destination_role), csv_field(c.key.destination_memory),
                c.key.size_bytes, c.key.threads, csv_field(c.key.op), c.key.ranks,
                csv_field(c.key.in_place), csv_field(c.key.type), csv_field(c.key.reduce_op),
                c.key.nodes, c.key.root, c.key.window, to_string(c.status));
            const auto row = [&](const char* statistic, double value, std::string_view unit) {
                out += fmt::format("{},{},{},{}\n", prefix, statistic, fmt::format("{:.9g}", value),
                                   csv_field(unit));
            };
            if (c.status != CaseStatus::ok) {
                out += fmt::format("{},status,,\n", prefix);
                continue;
            }
            row("median", c.stats.median, c.unit);
            row("p5", c.stats.p5, c.unit);
            row("p95", c.stats.p95, c.unit);
            row("mean", c.stats.mean, c.unit);
            row("min", c.stats.min, c.unit);
            row("max", c.stats.max, c.unit);
            row("stddev", c.stats.stddev, c.unit);
            row("stdrel", c.stats.stdrel, "ratio");
            row("samples", static_cast<double>(c.samples.size()), "count");
            if (c.link_rate_gbps) {
                row("link_theoretical", *c.link_rate_gbps, "GB/s");
            }
            if (c.efficiency) {
                row("efficiency", *c.efficiency, "ratio");
            }
            if (!c.run_medians.empty()) {
                // Run level (--repeat): each pass's median, and their robust spread.
                for (const double v : c.run_medians) {
                    row("run_median", v, c.unit);
                }
                row("run_spread", run_spread(c.run_medians), "ratio");
                const auto contended =
                    std::count_if(c.run_contended.begin(), c.run_contended.end(),
                                  [](const std::string& w) { return !w.empty(); });
                row("contended_runs", static_cast<double>(contended), "count");
            } else if (!c.contended.empty()) {
                row("contended_runs", 1, "count");
            }
            for (const StudyFigure& f : study_figures(c, curves)) {
                row(f.statistic, f.value, f.unit); // saturation and contention (scorecard_text)
            }
        }
    }
    return out;
}

} // namespace linkperf::reports
