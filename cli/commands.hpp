#pragma once
// Each file cli/<area>_cli.cpp adds its subcommands to the app. A subcommand's callback stores
// its exit code in `state`; errors are thrown (Error, ReportError, ...) and mapped to
// exit codes by main.cpp.
#include <CLI/CLI.hpp>

namespace linkperf::cli {

struct CommandState {
    int exit_code = 0;
};

void add_run_commands(CLI::App& app, CommandState& state);    // run, list    (cli/run_cli.cpp)
void add_topo_commands(CLI::App& app, CommandState& state);   // topo         (cli/topo_cli.cpp)
void add_nfd_command(CLI::App& app, CommandState& state);     // nfd          (cli/nfd_cli.cpp)
void add_report_commands(CLI::App& app, CommandState& state); // report, compare, baseline
                                                              //              (cli/report_cli.cpp)
void add_fleet_command(CLI::App& app, CommandState& state);   // fleet        (cli/fleet_cli.cpp)
void add_gpu_figures_command(CLI::App& app, CommandState& state); // gpu-figures
                                                                  // (cli/gpu_figures_cli.cpp)
void add_check_command(CLI::App& app, CommandState& state);   // check        (cli/check_cli.cpp)
void add_history_command(CLI::App& app, CommandState& state); // history    (cli/history_cli.cpp)

} // namespace linkperf::cli
