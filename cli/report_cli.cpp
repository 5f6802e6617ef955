// `linkperf report`, `linkperf compare` and `linkperf baseline`: the report side's commands
// (docs/reports.md). Input problems throw ReportError (exit 2); compare sets exit 1 on a
// regression or an unjudged case and 3 when nothing is comparable.
#include "cli/check_command.hpp"
#include "cli/commands.hpp"
#include "cli/history_options.hpp"
#include "cli/option_checks.hpp"
#include "core/output_file.hpp"
#include "core/study.hpp"
#include "gate/baseline_store.hpp"
#include "gate/comparison_text.hpp"
#include "gate/gate.hpp"
#include "gate/gate_config.hpp"
#include "history/history.hpp"
#include "reports/report_set.hpp"
#include "reports/report_writer.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <filesystem>
#include <memory>
#include <optional>

namespace linkperf::cli {
namespace {

using namespace linkperf::reports;

struct GateFlags {
    std::string threshold;
    std::string config;
    std::string baselines_dir = "baselines";
    // Given on the command line: an empty value is an error, not "not given".
    CLI::Option* threshold_given = nullptr;
    CLI::Option* config_given = nullptr;
};

GateConfig gate_config(const GateFlags& f) {
    const bool config = f.config_given != nullptr && f.config_given->count() > 0;
    if (config && f.config.empty()) {
        throw ReportError("--config needs a file name (.json or .toml)");
    }
    GateConfig c = config ? load_gate_config(f.config) : GateConfig{};
    if (f.threshold_given != nullptr && f.threshold_given->count() > 0) {
        c.threshold = parse_threshold(f.threshold); // the command line beats the file's default
    }
    return c;
}

void add_gate_options(CLI::App& cmd, GateFlags& f) {
    f.threshold_given = cmd.add_option(
        "--threshold", f.threshold,
        "relative change of the median that counts for every case, e.g. 5% (default: the "
        "config's, else per path family from measured A/A noise, docs/reports.md)");
    f.config_given = cmd.add_option("--config", f.config,
                                    "gate config (.json or .toml): thresholds per metric, path "
                                    "family and path glob, alpha, min_samples");
    cmd.add_option("--baselines-dir", f.baselines_dir,
                   "where stored baselines live (a baseline may be given by NAME)")
        ->capture_default_str()
        ->check(non_empty());
}

// Each writer's output file (--NAME), by its index in report_writers(); "" when not asked for.
using WriterOutputs = std::vector<std::string>;

// The writers' options under a command: --NAME for each writer that writes for it.
void add_writer_options(CLI::App& cmd, WriterOutputs& outputs, bool compare) {
    const auto& writers = report_writers();
    outputs.resize(writers.size());
    for (std::size_t i = 0; i < writers.size(); ++i) {
        const std::string_view help =
            compare ? writers[i]->compare_help() : writers[i]->report_help();
        if (!help.empty()) {
            cmd.add_option(writers[i]->option(), outputs[i], std::string(help))->check(non_empty());
        }
    }
}

// The writers' outputs of a command, in the table's order.
void add_writer_outputs(OutputSet& set, const WriterOutputs& outputs) {
    const auto& writers = report_writers();
    for (std::size_t i = 0; i < writers.size(); ++i) {
        set.add(writers[i]->option().c_str(), outputs[i]); // one left out adds nothing
    }
}

struct ReportFlags {
    std::vector<std::string> results;
    std::vector<std::string> baselines;
    WriterOutputs outputs;
    double knee = 0.95;
    GateFlags gate;
    std::string profile; // --profile FILE|auto (docs/health.md)
    std::string sysfs = "/sys";
};

struct CompareFlags {
    std::string baseline;
    std::string candidate;
    WriterOutputs outputs;
    bool allow_unjudged = false;
    bool strict = false;
    GateFlags gate;
    std::string history; // --history DIR: the baseline is the last stable segment (history.hpp)
    ChangePointFlags change_points;
};

struct BaselineFlags {
    std::vector<std::string> results;
    std::string name;
    std::string dir = "baselines";
    bool force = false;
};

void add_gate_inputs(const GateFlags& f, std::vector<InputFile>& inputs) {
    if (!f.config.empty()) {
        inputs.push_back({"--config", f.config});
    }
}

void report_command(const ReportFlags& f) {
    OutputSet outputs;
    add_writer_outputs(outputs, f.outputs);
    std::vector<InputFile> inputs;
    for (const std::string& r : f.results) {
        inputs.push_back({"RESULTS", r});
    }
    std::vector<std::filesystem::path> baseline_paths;
    for (const std::string& b : f.baselines) {
        baseline_paths.push_back(resolve_baseline(b, f.gate.baselines_dir));
        inputs.push_back({"--baseline", baseline_paths.back()});
    }
    add_gate_inputs(f.gate, inputs);
    if (!f.profile.empty() && f.profile != "auto") {
        inputs.push_back({"--profile", f.profile});
    }
    outputs.check_and_open(inputs);

    const GateConfig config = gate_config(f.gate);
    std::vector<Run> runs;
    for (const std::string& r : f.results) {
        runs.push_back(load_results(r));
    }
    std::vector<Run> baselines;
    for (const auto& b : baseline_paths) {
        baselines.push_back(load_results(b));
    }
    ReportSet set = build_report_set(std::move(runs), std::move(baselines), config);
    set.knee_fraction = check_knee_fraction(f.knee);
    if (!f.profile.empty()) {
        set.expectations =
            resolve_profile(f.profile, f.sysfs, set.runs.front().info.hostname, stderr);
    }
    bool written = false;
    for (const ReportWriter* w : report_writers()) {
        if (OutputFile* o = w->writes_report() ? outputs.get(w->option()) : nullptr) {
            o->write(w->write_report(set));
            written = true;
        }
    }
    if (!written) { // no output asked for: Markdown on stdout
        fmt::print("{}", find_report_writer("md")->write_report(set));
    }
    for (const RunComparison& c : set.comparisons) {
        fmt::print(stderr, "linkperf: {} vs {}: {}\n", terminal_text(c.candidate->info.label),
                   terminal_text(c.baseline->info.label), counts_text(c.result));
    }
}

// `compare --history DIR CANDIDATE`: the baseline is built from the candidate node's runs in DIR
// (the last stable segment of each case; docs/history.md).
Run history_baseline(const CompareFlags& f, const Run& candidate) {
    const ChangePointOptions options = change_point_options(f.change_points);
    HistoryStore store;
    load_history(store, history_files({f.history}), candidate.info.hostname);
    store.finish();
    const HostType host = host_type_of(candidate.info);
    for (const HistoryNode& node : store.nodes()) {
        if (node.host == host) {
            Run baseline = stable_baseline(store, node, options);
            baseline.info.label = f.history;
            return baseline;
        }
    }
    throw ReportError(fmt::format("--history {}: no run of node '{}' ({}) to build a baseline from",
                                  terminal_text(f.history), terminal_text(candidate.info.hostname),
                                  terminal_text(host_type_label(host))));
}

int compare_command(CompareFlags f) {
    if (!f.history.empty()) { // one positional: the candidate
        if (!f.candidate.empty()) {
            throw ReportError("compare --history DIR takes the CANDIDATE only, not a BASELINE");
        }
        f.candidate = f.baseline;
        f.baseline = f.history;
    } else if (f.candidate.empty()) {
        throw ReportError("compare: CANDIDATE is required (or --history DIR CANDIDATE)");
    }
    OutputSet outputs;
    add_writer_outputs(outputs, f.outputs);
    const std::filesystem::path baseline_path =
        f.history.empty() ? resolve_baseline(f.baseline, f.gate.baselines_dir)
                          : std::filesystem::path(f.history);
    std::vector<InputFile> inputs = {{"CANDIDATE", f.candidate}};
    if (f.history.empty()) {
        inputs.push_back({"BASELINE", baseline_path});
    }
    add_gate_inputs(f.gate, inputs);
    outputs.check_and_open(inputs);

    const GateConfig config = gate_config(f.gate);
    Run candidate = load_results(f.candidate);
    Run baseline = f.history.empty() ? load_results(baseline_path) : history_baseline(f, candidate);
    baseline.info.label = f.baseline;
    candidate.info.label = f.candidate;
    const GateResult result = compare_runs(baseline, candidate, config);
    const ComparisonReport comparison{result, baseline.info, candidate.info, f.allow_unjudged,
                                      f.strict};
    for (const ReportWriter* w : report_writers()) {
        if (OutputFile* o = w->writes_comparison() ? outputs.get(w->option()) : nullptr) {
            o->write(w->write_comparison(comparison));
        }
    }
    // With an output on stdout, the verdict lines go to stderr.
    std::FILE* human = outputs.any_on_stdout() ? stderr : stdout;
    if (result.comparable == 0 && !result.regression()) {
        // Two unrelated files: say so first and briefly, not one `missing` line per case.
        fmt::print(stderr,
                   "linkperf: error: nothing comparable: no case was measured in both "
                   "{} and {} ({} case(s) only in the baseline or not measured there, {} in "
                   "the candidate)\n",
                   terminal_text(f.baseline), terminal_text(f.candidate), baseline.cases.size(),
                   candidate.cases.size());
        return static_cast<int>(ExitCode::nothing_comparable);
    }
    for (const std::string& note : result.notes) {
        fmt::print(human, "note: {}\n", terminal_text(note));
    }
    for (const Comparison* c : result.listed()) {
        if (c->verdict != Verdict::unchanged) {
            fmt::print(human, "{:<9}  {}  {}\n", to_string(c->verdict),
                       terminal_text(case_label(c->key)), terminal_text(comparison_summary(*c)));
        }
    }
    fmt::print(human, "{} ({} {} vs baseline {} {}): {}\n", terminal_text(f.candidate),
               terminal_text(candidate.info.isa), terminal_text(candidate.info.hostname),
               terminal_text(baseline.info.isa), terminal_text(baseline.info.hostname),
               counts_text(result));
    // A regression (a candidate that failed where the baseline measured, too) beats "nothing
    // comparable": every candidate case failing is exit 1, not 3.
    if (result.fails(f.allow_unjudged, f.strict)) {
        fmt::print(
            stderr, "linkperf: {} regression(s) and {} unjudged case(s) against {}{}{}\n",
            result.count(Verdict::regressed), result.count(Verdict::unjudged),
            terminal_text(f.baseline),
            result.count(Verdict::unjudged) > 0 && !result.regression()
                ? " (too few samples to tell noise from a slowdown; --allow-unjudged "
                  "passes them)"
                : "",
            f.strict && result.count(Verdict::inconclusive) > 0
                ? fmt::format(", {} inconclusive (--strict)", result.count(Verdict::inconclusive))
                : "");
        return static_cast<int>(ExitCode::failed);
    }
    if (result.comparable == 0) {
        fmt::print(stderr,
                   "linkperf: error: nothing comparable: no case was measured in both "
                   "{} and {}\n",
                   terminal_text(f.baseline), terminal_text(f.candidate));
        return static_cast<int>(ExitCode::nothing_comparable);
    }
    if (result.count(Verdict::inconclusive) > 0) {
        fmt::print(stderr,
                   "linkperf: {} inconclusive case(s) pass the gate (too few or contended "
                   "runs to tell; --strict fails them)\n",
                   result.count(Verdict::inconclusive));
    }
    return static_cast<int>(ExitCode::ok);
}

} // namespace

void add_report_commands(CLI::App& app, CommandState& state) {
    auto report_flags = std::make_shared<ReportFlags>();
    CLI::App* report = app.add_subcommand(
        "report", "HTML/CSV/Markdown report of one or more results files, against baselines");
    report->add_option("RESULTS", report_flags->results, "linkperf results files")->required();
    report
        ->add_option("--baseline", report_flags->baselines,
                     "baseline results file (or NAME in the baselines dir); repeat the "
                     "option for more than one")
        ->expected(1)
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->check(non_empty());
    add_writer_options(*report, report_flags->outputs, false);
    report
        ->add_option("--knee", report_flags->knee,
                     "a saturation curve's knee: the smallest concurrency reaching this "
                     "fraction of the plateau (default 0.95)")
        ->check(non_empty());
    add_gate_options(*report, report_flags->gate);
    report
        ->add_option("--profile", report_flags->profile,
                     "expectation profile (FILE or auto on the node that measured): levels on "
                     "the charts and figures, a single run's scorecard judged (docs/health.md)")
        ->check(non_empty());
    report->add_option("--sysfs", report_flags->sysfs, "sysfs root --profile auto reads")
        ->capture_default_str()
        ->check(non_empty());
    report->callback([report_flags, &state] {
        report_command(*report_flags);
        state.exit_code = 0;
    });

    auto compare_flags = std::make_shared<CompareFlags>();
    CLI::App* compare = app.add_subcommand(
        "compare", "regression gate: exit 0 no regression, 1 regression or unjudged case, 2 input "
                   "error, 3 nothing comparable");
    compare
        ->add_option("BASELINE", compare_flags->baseline,
                     "baseline results file (or NAME in the baselines dir)")
        ->required();
    compare->add_option("CANDIDATE", compare_flags->candidate, "candidate results file");
    compare
        ->add_option("--history", compare_flags->history,
                     "judge CANDIDATE (the only positional) against the last stable segment of "
                     "each case of its node's runs in this directory (docs/history.md)")
        ->check(non_empty());
    add_change_point_options(*compare, compare_flags->change_points);
    add_writer_options(*compare, compare_flags->outputs, true);
    compare->add_flag("--allow-unjudged", compare_flags->allow_unjudged,
                      "pass cases worse beyond the threshold whose samples are too few to test "
                      "(default: they fail the gate)");
    compare->add_flag("--strict", compare_flags->strict,
                      "fail inconclusive cases too (run level: worse beyond the threshold with "
                      "too few or contended runs to tell; default: they pass, listed first)");
    add_gate_options(*compare, compare_flags->gate);
    compare->callback(
        [compare_flags, &state] { state.exit_code = compare_command(*compare_flags); });

    auto baseline_flags = std::make_shared<BaselineFlags>();
    CLI::App* baseline = app.add_subcommand("baseline", "stored reference runs (baselines/)");
    baseline->require_subcommand(1);
    CLI::App* save = baseline->add_subcommand(
        "save", "store one results file (a --repeat file keeps its passes) or several runs "
                "(each one pass of a run-level baseline) as baselines/NAME.json, recorded in "
                "index.json");
    // One positional list: CLI11 gives a list positional every word, so NAME is its last.
    save->add_option("RESULTS", baseline_flags->results,
                     "linkperf results file(s), then the baseline name ([A-Za-z0-9._-]+)")
        ->required();
    save->add_flag("--force", baseline_flags->force, "replace an existing baseline NAME");
    save->add_option("--dir", baseline_flags->dir, "baselines directory")
        ->capture_default_str()
        ->check(non_empty());
    save->callback([baseline_flags, &state] {
        if (baseline_flags->results.size() < 2) {
            throw ReportError("baseline save takes RESULTS... NAME: a results file (or "
                              "several) and the baseline's name");
        }
        baseline_flags->name = baseline_flags->results.back();
        const std::vector<std::filesystem::path> files(baseline_flags->results.begin(),
                                                       baseline_flags->results.end() - 1);
        const BaselineEntry e =
            save_baseline(files, baseline_flags->name, baseline_flags->dir, baseline_flags->force);
        fmt::print("saved {}/{} ({} {}, {} cases, linkperf {})\n",
                   terminal_text(baseline_flags->dir), terminal_text(e.file), terminal_text(e.isa),
                   terminal_text(e.hostname), e.cases, terminal_text(e.linkperf_version));
        state.exit_code = 0;
    });
    CLI::App* list = baseline->add_subcommand("list", "the stored baselines");
    list->add_option("--dir", baseline_flags->dir, "baselines directory")
        ->capture_default_str()
        ->check(non_empty());
    list->callback([baseline_flags, &state] {
        // A mistyped --dir (or the default run outside the checkout) is not an empty store.
        std::error_code ec;
        if (!std::filesystem::is_directory(baseline_flags->dir, ec)) {
            throw ReportError(fmt::format("--dir '{}': no such baselines directory",
                                          terminal_text(baseline_flags->dir)));
        }
        for (const BaselineEntry& e : list_baselines(baseline_flags->dir)) {
            fmt::print("{:<24} {:<8}{} {:<16} {:<8} {:>4} cases  {}\n", terminal_text(e.name),
                       terminal_text(e.isa), e.emulated ? " (emulated)" : "",
                       terminal_text(e.hostname), terminal_text(e.suite), e.cases,
                       terminal_text(e.date));
        }
        state.exit_code = 0;
    });
}

} // namespace linkperf::cli
