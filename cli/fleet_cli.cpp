// `linkperf fleet`: many nodes' results files in one view (docs/fleet.md): host-type groups,
// per case the distribution across nodes, outlier nodes worst first, and a verdict per node as
// JSON/CSV for automation. Results files are loaded one at a time and only their medians kept.
#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "core/output_file.hpp"
#include "core/results_file.hpp"
#include "core/timestamp.hpp"
#include "fleet/fleet_analysis.hpp"
#include "fleet/fleet_html.hpp"
#include "fleet/fleet_profile.hpp"
#include "fleet/fleet_verdicts.hpp"
#include "gate/baseline_store.hpp"
#include "gate/gate_config.hpp"
#include "node/trend_metrics.hpp"
#include "platform/host_info.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <map>
#include <memory>

namespace linkperf::cli {
namespace {

using namespace linkperf::reports;

struct FleetFlags {
    std::vector<std::string> results;
    std::string baseline;
    std::string baselines_dir = "baselines";
    std::string html;
    std::string csv;
    std::string json;
    std::string limit = "10%";
    double limit_score = 3.5;
    std::size_t min_group = 5;
    std::string node_name = "hostname";
    std::string emit_profile; // docs/health.md
    LearnOptions learn;
    std::string prom; // --prom: quarantine and worst deviation per node (node/trend_metrics)
};

// A missing path or a directory is a mistake on the command line (exit 2); a file the loader
// refuses is a node whose run left no usable results (verdict incomplete).
void check_input(const std::string& file) {
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (!std::filesystem::exists(status)) {
        throw ReportError(fmt::format("{}: no such file", file));
    }
    if (std::filesystem::is_directory(status)) {
        throw ReportError(fmt::format("{}: is a directory, not a results file", file));
    }
    // A FIFO or device would block the read or never end.
    if (!std::filesystem::is_regular_file(status)) {
        throw ReportError(fmt::format("{}: not a regular file", file));
    }
}

// A verdict file caught by a glob over a night's directory is not a node.
bool is_verdict_file(const std::string& file) {
    std::error_code ec;
    if (std::filesystem::file_size(file, ec) > (std::uintmax_t{1} << 30) || ec) {
        return false;
    }
    return is_fleet_verdicts_text(read_results_text(file));
}

void print_summary(std::FILE* out, const FleetAnalysis& a) {
    fmt::print(out,
               "linkperf fleet: {} node(s) in {} host type(s): {} ok, {} outlier, {} failed, {} "
               "incomplete\n",
               a.nodes.size(), a.groups.size(), a.count(NodeVerdict::ok),
               a.count(NodeVerdict::outlier), a.count(NodeVerdict::failed),
               a.count(NodeVerdict::incomplete));
    for (const FleetGroup& g : a.groups) {
        std::map<NodeVerdict, int> counts;
        for (std::size_t n : g.nodes) {
            ++counts[a.assessed[n].verdict];
        }
        std::string c;
        for (const auto& [v, n] : counts) {
            c += fmt::format("{}{} {}", c.empty() ? "" : ", ", n, to_string(v));
        }
        fmt::print(out, "  {}: {} node(s) ({}), {} case(s){}\n",
                   terminal_text(host_type_label(g.host)), g.nodes.size(), c, g.cases.size(),
                   g.nodes.size() < a.limits.min_group
                       ? fmt::format("; fewer than {} nodes: none judged", a.limits.min_group)
                       : std::string());
    }
    bool header = false;
    for (std::size_t n : a.by_severity()) {
        const NodeVerdict v = a.assessed[n].verdict;
        if (v == NodeVerdict::ok) {
            continue;
        }
        if (!header) {
            fmt::print(out,
                       "not ok, worst first (limits: {:.4g}% and robust score {:.4g} on the worse "
                       "side, groups of {}+ nodes):\n",
                       100 * a.limits.relative, a.limits.score, a.limits.min_group);
            header = true;
        }
        fmt::print(out, "  {:<10} {}\n", to_string(v), terminal_text(node_line(a, n)));
    }
}

void fleet_command(const FleetFlags& f) {
    OutlierLimits limits;
    limits.relative = parse_threshold(f.limit);
    if (!std::isfinite(f.limit_score)) { // CLI::Range lets NaN through
        throw ReportError(
            fmt::format("--limit-score: want a number in [0, 1e6], got {}", f.limit_score));
    }
    limits.score = f.limit_score;
    if (!std::isfinite(f.learn.k) || !std::isfinite(f.learn.percentile)) {
        throw ReportError("--profile-k, --profile-percentile: want a number");
    }
    limits.min_group = f.min_group;
    const NodeNaming naming = f.node_name == "file" ? NodeNaming::file : NodeNaming::hostname;
    for (const std::string& r : f.results) {
        check_input(r);
    }
    // Outputs are checked against the inputs (and each other) before anything is read.
    OutputSet outputs;
    outputs.add("--json", f.json);
    outputs.add("--csv", f.csv);
    outputs.add("--html", f.html);
    outputs.add("--emit-profile", f.emit_profile);
    outputs.add("--prom", f.prom);
    std::vector<InputFile> inputs;
    for (const std::string& r : f.results) {
        inputs.push_back({"RESULTS", r});
    }
    std::filesystem::path baseline_path;
    if (!f.baseline.empty()) {
        baseline_path = resolve_baseline(f.baseline, f.baselines_dir);
        inputs.push_back({"--baseline", baseline_path});
    }
    outputs.check_and_open(inputs);
    std::unique_ptr<Run> baseline;
    if (!f.baseline.empty()) {
        baseline = std::make_unique<Run>(load_results(baseline_path));
        baseline->info.label = f.baseline;
    }
    FleetNodes nodes;
    std::vector<std::string> left_out;
    std::size_t second_runs = 0;
    for (const std::string& r : f.results) {
        std::string replaced;
        try {
            nodes.add(load_results(r), naming, &replaced); // one file in memory at a time
        } catch (const ReportError& e) {
            if (is_verdict_file(r)) {
                left_out.push_back(r);
                continue;
            }
            fmt::print(stderr, "linkperf: fleet: {} (node counted incomplete)\n",
                       terminal_text(e.what()));
            nodes.add_unreadable(r, e.what());
        }
        if (!replaced.empty() && ++second_runs <= 3) {
            fmt::print(stderr,
                       "linkperf: fleet: {} is a second run of a node already given; "
                       "kept the newer, dropped {}\n",
                       terminal_text(r), terminal_text(replaced));
        }
    }
    if (nodes.nodes().empty()) {
        throw ReportError("fleet: no node's results among the files given");
    }
    if (second_runs > 0) {
        fmt::print(stderr,
                   "linkperf: fleet: {} file(s) repeated a node's name: the newest run of each "
                   "node is kept (--node-name file names nodes by file instead)\n",
                   second_runs);
    }
    for (const std::string& r : left_out) {
        fmt::print(stderr,
                   "linkperf: fleet: {} is a fleet verdict file, not a node's results: "
                   "left out\n",
                   terminal_text(r));
    }
    const FleetAnalysis a = analyze_fleet(std::move(nodes), baseline.get(), limits);
    if (OutputFile* o = outputs.get("--json")) {
        o->write(fleet_verdicts_json(a, utc_timestamp()));
    }
    if (OutputFile* o = outputs.get("--csv")) {
        o->write(fleet_verdicts_csv(a));
    }
    if (OutputFile* o = outputs.get("--html")) {
        o->write(fleet_html(a));
    }
    if (OutputFile* o = outputs.get("--emit-profile")) {
        LearnOptions learn = f.learn;
        learn.min_nodes = f.min_group;
        o->write(profile_json(learn_profile(a, learn, utc_timestamp().substr(0, 10))));
    }
    if (OutputFile* o = outputs.get("--prom")) {
        o->write(render_prometheus(fleet_metrics(a, static_cast<double>(std::time(nullptr)))));
    }
    // With an output on stdout, the summary goes to stderr.
    print_summary(outputs.any_on_stdout() ? stderr : stdout, a);
}

} // namespace

void add_fleet_command(CLI::App& app, CommandState& state) {
    auto flags = std::make_shared<FleetFlags>();
    CLI::App* fleet = app.add_subcommand(
        "fleet", "many nodes' results: distributions per host type, outlier nodes, a verdict per "
                 "node (docs/fleet.md)");
    fleet->add_option("RESULTS", flags->results, "results files, one per node")->required();
    fleet
        ->add_option("--baseline", flags->baseline,
                     "baseline results file (or NAME in the baselines dir): its figure beside "
                     "each distribution")
        ->check(non_empty());
    fleet->add_option("--baselines-dir", flags->baselines_dir, "where stored baselines live")
        ->capture_default_str()
        ->check(non_empty());
    fleet->add_option("--html", flags->html, "write the self-contained HTML fleet report")
        ->check(non_empty());
    fleet
        ->add_option("--json", flags->json,
                     "write the verdict file: one verdict per node, with the groups' "
                     "distributions (linkperf nfd --results reads it)")
        ->check(non_empty());
    fleet->add_option("--csv", flags->csv, "write the verdicts as CSV, one row per node")
        ->check(non_empty());
    fleet
        ->add_option("--prom", flags->prom,
                     "write Prometheus metrics: quarantine and worst deviation per node "
                     "(docs/history.md)")
        ->check(non_empty());
    fleet
        ->add_option("--limit", flags->limit,
                     "an outlier is worse than its group's median by more than this (and past "
                     "--limit-score)")
        ->capture_default_str();
    fleet
        ->add_option("--limit-score", flags->limit_score,
                     "... and its robust score |value - median| / (1.4826 MAD) exceeds this")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1e6));
    fleet
        ->add_option("--min-group", flags->min_group,
                     "fewer nodes of a host type measured a case: it judges no node")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{3}, std::size_t{1000000}));
    fleet
        ->add_option("--node-name", flags->node_name,
                     "name nodes by the results' hostname or by the file name (when hostnames "
                     "are pod names)")
        ->capture_default_str()
        ->check(CLI::IsMember({"hostname", "file"}));
    fleet
        ->add_option("--emit-profile", flags->emit_profile,
                     "write an expectation profile learned from each host type's healthy nodes "
                     "(linkperf check --profile reads it; docs/health.md)")
        ->check(non_empty());
    fleet
        ->add_option("--profile-k", flags->learn.k,
                     "--emit-profile: warning at median - k x 1.4826 MAD, failing at 2k")
        ->capture_default_str()
        ->check(CLI::Range(0.5, 100.0));
    fleet
        ->add_option("--profile-percentile", flags->learn.percentile,
                     "--emit-profile: failing no higher than this percentile of healthy nodes")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 50.0));
    fleet->callback([flags, &state] {
        fleet_command(*flags);
        state.exit_code = 0;
    });
}

} // namespace linkperf::cli
