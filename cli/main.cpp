// linkperf: measures the bandwidth and latency of every link in a GPU server.
// Exit codes (README): 0 ok, 1 a measurement/verification failed or a regression was found,
// 2 usage or input error, 3 environment (missing NUMA node/GPU/core, not enough memory).
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/exit_status.hpp"
#include "core/interrupt.hpp"
#include "core/standard_streams.hpp"
#include "results_model/text_escape.hpp"

#include <linkperf/version.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

namespace {

// One line on stderr; never throws (it runs in the handlers of failed writes). Messages may
// quote a results file, so control characters are made visible.
void error_line(const std::string& what) {
    const std::string line = "linkperf: " + linkperf::reports::terminal_text(what) + "\n";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

} // namespace

int main(int argc, char** argv) {
    using linkperf::ExitCode;
    using linkperf::stdout_ok;
    // First of all: from here on no signal ends linkperf with a lock or temporary file left.
    linkperf::install_interrupt_handlers("linkperf");
    linkperf::keep_standard_descriptors();
    // A reader that goes away (a closed pipe, FIFO or socket) is a failed write with a message,
    // not a silent death by SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"linkperf: bandwidth and latency of every link in a GPU server "
                 "(host memory, GPUs, sockets, collectives)"};
    app.set_version_flag("--version", std::string("linkperf ") + linkperf::kVersion + " (" +
                                          linkperf::kGitSha + ")");
    app.require_subcommand(1);
    linkperf::cli::CommandState state;
    linkperf::cli::add_run_commands(app, state);
    linkperf::cli::add_topo_commands(app, state);
    linkperf::cli::add_nfd_command(app, state);
    linkperf::cli::add_report_commands(app, state);
    linkperf::cli::add_fleet_command(app, state);
    linkperf::cli::add_gpu_figures_command(app, state);
    linkperf::cli::add_check_command(app, state);
    linkperf::cli::add_history_command(app, state);
    int code = 0;
    std::string why;
    try {
        app.parse(argc, argv);
        code = state.exit_code;
    } catch (const CLI::Success& e) {
        code = app.exit(e); // --help, --version
    } catch (const CLI::ParseError& e) {
        error_line(std::string(e.what()) + " (see linkperf --help)");
        return static_cast<int>(ExitCode::usage);
    } catch (...) { // the one mapping to exit codes, shared with linkperf-coll
        const linkperf::ExitStatus status = linkperf::exit_status_of(std::current_exception());
        error_line(status.message());
        return status.code;
    }
    if (!stdout_ok(why)) {
        error_line("error: cannot write to standard output: " + why);
        return code != 0 ? code : static_cast<int>(ExitCode::usage);
    }
    return code;
}
