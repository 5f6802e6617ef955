// `linkperf history`: a fleet's nightly runs as per-node, per-case series with their change
// points (docs/history.md). Input problems throw ReportError (exit 2); exit 0 otherwise, change
// points or not (alerts read --prom, a gate reads `compare --history`).
#include "cli/commands.hpp"
#include "cli/history_options.hpp"
#include "cli/option_checks.hpp"
#include "core/output_file.hpp"
#include "gate/gate_config.hpp"
#include "history/history.hpp"
#include "history/history_report.hpp"
#include "node/trend_metrics.hpp"
#include "results_model/report_error.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <cmath>
#include <memory>

namespace linkperf::cli {
namespace {

using namespace linkperf::reports;

struct HistoryFlags {
    std::vector<std::string> results;
    std::string node;
    std::string html;
    std::string json;
    std::string csv;
    std::string prom;
    std::string node_name = "hostname";
    ChangePointFlags cp;
};

void history_command(const HistoryFlags& f) {
    const ChangePointOptions options = change_point_options(f.cp);
    const std::vector<std::filesystem::path> files = history_files(f.results);
    OutputSet outputs;
    outputs.add("--html", f.html);
    outputs.add("--json", f.json);
    outputs.add("--csv", f.csv);
    outputs.add("--prom", f.prom);
    std::vector<InputFile> inputs;
    for (const auto& p : files) {
        inputs.push_back({"RESULTS", p});
    }
    outputs.check_and_open(inputs);

    HistoryStore store;
    const HistoryLoad load = load_history(
        store, files, f.node, f.node_name == "file" ? NodeNaming::file : NodeNaming::hostname);
    for (std::size_t i = 0; i < load.unreadable.size() && i < 3; ++i) {
        fmt::print(stderr, "linkperf: history: left out {}\n", terminal_text(load.unreadable[i]));
    }
    if (load.unreadable.size() > 3) {
        fmt::print(stderr, "linkperf: history: left out {} more unreadable file(s)\n",
                   load.unreadable.size() - 3);
    }
    if (load.read == 0) {
        throw ReportError(f.node.empty()
                              ? "history: no results file among the inputs"
                              : fmt::format("history: no run of node '{}' among the inputs",
                                            terminal_text(f.node)));
    }
    store.finish();
    const HistoryAnalysis a = analyse_history(store, options);
    if (OutputFile* o = outputs.get("--html")) {
        o->write(history_html(a));
    }
    if (OutputFile* o = outputs.get("--json")) {
        o->write(history_json(a));
    }
    if (OutputFile* o = outputs.get("--csv")) {
        o->write(history_csv(a));
    }
    if (OutputFile* o = outputs.get("--prom")) {
        o->write(render_prometheus(history_metrics(a)));
    }
    std::FILE* out = outputs.any_on_stdout() ? stderr : stdout;
    fmt::print(out, "linkperf history: {} run(s) of {} node(s), {} series: {} change point(s)\n",
               store.runs(), store.nodes().size(), a.series.size(), a.changes.size());
    for (const HistoryChange& c : a.changes) {
        const SeriesHistory& h = a.series[c.series_history];
        const HistoryNode& node = store.nodes()[c.node];
        fmt::print(out, "  {:<6} {}  {}  {}  {:+.1f}% [{:+.1f}%, {:+.1f}%] p={:.2g}  {}\n",
                   c.worse > 0 ? "worse" : "better", terminal_text(node.name),
                   terminal_text(case_label(store.cases()[node.series[h.series].case_index].key)),
                   terminal_text(c.date), 100 * c.point.magnitude, 100 * c.point.ci_low,
                   100 * c.point.ci_high, c.point.p_value, terminal_text(context_text(c.context)));
    }
}

} // namespace

void add_change_point_options(CLI::App& cmd, ChangePointFlags& f) {
    cmd.add_option("--window", f.window, "runs per detection window (at least twice --min-segment)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{4}, std::size_t{100000}));
    cmd.add_option("--p-value", f.p_value,
                   "a change is kept when the t-test's p-value is at most this")
        ->capture_default_str();
    cmd.add_option("--min-segment", f.min_segment, "runs on each side of a change point")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{2}, std::size_t{100000}));
    cmd.add_option("--min-magnitude", f.min_magnitude,
                   "smallest relative change of the mean reported, e.g. 2%")
        ->capture_default_str()
        ->check(non_empty());
}

ChangePointOptions change_point_options(const ChangePointFlags& f) {
    ChangePointOptions o;
    o.window = f.window;
    o.p_value = f.p_value;
    o.min_segment = f.min_segment;
    try {
        o.min_magnitude = parse_threshold(f.min_magnitude);
    } catch (const ReportError& e) {
        throw ReportError(std::string("--min-magnitude: ") + e.what());
    }
    check_options(o);
    return o;
}

void add_history_command(CLI::App& app, CommandState& state) {
    auto flags = std::make_shared<HistoryFlags>();
    CLI::App* cmd = app.add_subcommand(
        "history", "nightly runs as series per node and case, with change points "
                   "(docs/history.md)");
    cmd->add_option("RESULTS", flags->results, "results files, or directories searched for *.json")
        ->required()
        ->check(non_empty());
    cmd->add_option("--node", flags->node, "only the runs of this node (hostname)")
        ->check(non_empty());
    cmd->add_option("--html", flags->html, "write the self-contained HTML page (- for stdout)")
        ->check(non_empty());
    cmd->add_option("--json", flags->json, "write the series and change points as JSON")
        ->check(non_empty());
    cmd->add_option("--csv", flags->csv, "write the change points as CSV, worst first")
        ->check(non_empty());
    cmd->add_option("--prom", flags->prom,
                    "write Prometheus metrics (deviation from history, newest change) for "
                    "node_exporter's textfile collector")
        ->check(non_empty());
    cmd->add_option("--node-name", flags->node_name,
                    "name nodes by the results' hostname or by the file name (when hostnames "
                    "are pod names: the nightly CronJob's <night>/results/<node>.json)")
        ->capture_default_str()
        ->check(CLI::IsMember({"hostname", "file"}));
    add_change_point_options(*cmd, flags->cp);
    cmd->callback([flags, &state] {
        history_command(*flags);
        state.exit_code = 0;
    });
}

} // namespace linkperf::cli
