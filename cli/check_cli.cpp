// `linkperf check RESULTS... [--profile FILE|auto]`: is this node as fast as its hardware should
// be? Each case judged against an expectation profile, one line per finding, exit 0 ok /
// 1 failing / 5 warnings only / 6 no expectation matched (docs/health.md).
#include "cli/check_command.hpp"
#include "cli/commands.hpp"
#include "cli/option_checks.hpp"
#include "core/output_file.hpp"
#include "node/auto_profile.hpp"
#include "node/health_outputs.hpp"
#include "platform/smbios_memory.hpp"
#include "platform/sysfs_pci.hpp"
#include "results_model/results_loader.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <chrono>
#include <cstdio>
#include <memory>

namespace linkperf::cli {
namespace {

using namespace linkperf::reports;

std::string summary_line(const HealthReport& r, std::size_t files) {
    if (r.findings.empty()) {
        return fmt::format("linkperf check: UNMATCHED: no expectation of profile '{}' matched any "
                           "case of {} file(s) ({} case(s) unmatched, {} skipped): nothing was "
                           "judged",
                           r.profile, files, r.unmatched, r.skipped);
    }
    const char* verdict = r.worst() == HealthLevel::failing   ? "FAILING"
                          : r.worst() == HealthLevel::warning ? "WARNING"
                                                              : "ok";
    return fmt::format("linkperf check: {}: {} ok, {} warning, {} failing; {} case(s) no "
                       "expectation matched, {} skipped (profile '{}')",
                       verdict, r.count(HealthLevel::ok), r.count(HealthLevel::warning),
                       r.count(HealthLevel::failing), r.unmatched, r.skipped, r.profile);
}

} // namespace

Profile resolve_profile(const std::string& spec, const std::string& sysfs,
                        const std::string& hostname, std::FILE* notes) {
    if (spec != "auto") {
        return load_profile(spec);
    }
    const SysfsMachine machine = read_sysfs_machine(sysfs);
    const SmbiosMemory memory = read_smbios_memory(sysfs);
    AutoProfile a = auto_profile(machine, memory, hostname);
    for (const std::string& n : a.notes) {
        fmt::print(notes, "linkperf: check: auto: {}\n", terminal_text(n));
    }
    return std::move(a.profile);
}

int run_check(const CheckOptions& o, const std::vector<std::string>& results) {
    OutputSet outputs;
    outputs.add("--json", o.json);
    outputs.add("--prom", o.prom);
    outputs.add("--nfd", o.nfd);
    outputs.add("--emit-profile", o.emit_profile);
    std::vector<InputFile> inputs;
    for (const std::string& r : results) {
        inputs.push_back({"RESULTS", r});
    }
    if (o.profile != "auto") {
        inputs.push_back({"--profile", o.profile});
    }
    outputs.check_and_open(inputs);
    std::FILE* text = outputs.any_on_stdout() ? stderr : stdout;
    std::vector<Run> runs;
    for (const std::string& r : results) {
        runs.push_back(load_results(r));
    }
    const Profile profile = resolve_profile(
        o.profile, o.sysfs, runs.empty() ? std::string("this node") : runs.front().info.hostname,
        stderr);
    HealthReport report;
    report.profile = profile.name;
    for (const Run& run : runs) {
        check_run(run, profile, report);
    }
    for (const HealthFinding& f : report.findings) {
        if (!o.quiet || f.level != HealthLevel::ok) {
            fmt::print(text, "{}\n", terminal_text(f.line())); // names from the files
        }
    }
    fmt::print(text, "{}\n", terminal_text(summary_line(report, runs.size())));
    if (OutputFile* f = outputs.get("--json")) {
        f->write(health_json(report));
    }
    if (OutputFile* f = outputs.get("--prom")) {
        f->write(render_prometheus(health_metrics(report)));
    }
    if (OutputFile* f = outputs.get("--nfd")) {
        f->write(nfd_feature_file({health_label(report)}, std::chrono::system_clock::now() +
                                                              std::chrono::hours(o.expiry_hours)));
    }
    if (OutputFile* f = outputs.get("--emit-profile")) {
        f->write(profile_json(profile));
    }
    return health_exit_code(report);
}

void add_check_options(CLI::App& cmd, CheckOptions& o) {
    cmd.add_option("--sysfs", o.sysfs, "sysfs root the auto profile reads (recorded trees)")
        ->capture_default_str()
        ->check(non_empty());
    cmd.add_option("--json", o.json, "write the findings as JSON ('-': standard output)")
        ->check(non_empty());
    cmd.add_option("--prom", o.prom,
                   "write one Prometheus sample per finding (node_exporter textfile collector)")
        ->check(non_empty());
    cmd.add_option("--nfd", o.nfd, "write an NFD feature file with the label linkperf.dev/health")
        ->check(non_empty());
    cmd.add_option("--expiry-hours", o.expiry_hours,
                   "NFD drops the health label this many hours after writing")
        ->capture_default_str()
        ->check(CLI::Range(1u, 8760u));
    cmd.add_option("--emit-profile", o.emit_profile,
                   "write the profile used (e.g. the auto profile) as a profile file")
        ->check(non_empty());
    cmd.add_flag("--quiet", o.quiet, "print only warning and failing findings and the summary");
}

void add_check_command(CLI::App& app, CommandState& state) {
    auto results = std::make_shared<std::vector<std::string>>();
    auto o = std::make_shared<CheckOptions>();
    CLI::App* check = app.add_subcommand(
        "check", "judge results against an expectation profile: exit 0 ok, 1 failing, 5 "
                 "warnings only, 6 nothing matched (docs/health.md)");
    check->add_option("RESULTS", *results, "results files of this node")
        ->required()
        ->check(regular_file());
    check
        ->add_option("--profile", o->profile,
                     "expectation profile file (profiles/*.json, fleet --emit-profile) or auto "
                     "(from this node's PCI tree and SMBIOS)")
        ->capture_default_str()
        ->check(non_empty());
    add_check_options(*check, *o);
    check->callback([results, o, &state] { state.exit_code = run_check(*o, *results); });
}

} // namespace linkperf::cli
