// linkperf: measures the bandwidth and latency of every link in a GPU server.
// Exit codes (README): 0 ok, 1 a measurement/verification failed or a regression was found,
// 2 usage or input error, 3 environment (missing NUMA node/GPU/core, not enough memory).
#include "cli/commands.hpp"
#include "harness/error.hpp"

#include <linkperf/version.hpp>

#include <fmt/core.h>

#include <exception>
#include <string>

int main(int argc, char** argv) {
    using linkperf::ExitCode;
    CLI::App app{"linkperf: bandwidth and latency of every link in a GPU server "
                 "(host memory, GPUs, sockets, collectives)"};
    app.set_version_flag("--version", std::string("linkperf ") + linkperf::kVersion + " (" +
                                          linkperf::kGitSha + ")");
    app.require_subcommand(1);
    linkperf::cli::CommandState state;
    linkperf::cli::add_run_commands(app, state);
    linkperf::cli::add_topo_commands(app, state);
#ifdef LINKPERF_HAVE_REPORT_CLI
    linkperf::cli::add_report_commands(app, state);
    linkperf::cli::add_fleet_command(app, state);
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::Success& e) {
        return app.exit(e); // --help, --version
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "linkperf: {} (see linkperf --help)\n", e.what());
        return static_cast<int>(ExitCode::usage);
    } catch (const linkperf::HarnessError& e) {
        fmt::print(stderr, "linkperf: error: {}\n", e.what());
        return static_cast<int>(e.code());
    } catch (const std::bad_alloc&) {
        fmt::print(stderr, "linkperf: error: out of memory\n");
        return static_cast<int>(ExitCode::environment);
    } catch (const std::exception& e) {
        fmt::print(stderr, "linkperf: error: {}\n", e.what());
        return static_cast<int>(ExitCode::failed);
    }
    return state.exit_code;
}
