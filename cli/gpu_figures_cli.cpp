// `linkperf gpu-figures RESULTS...`: the key GPU figures of results files, each next to its
// nvbandwidth testcase, and the targets of docs/gpu-paths.md (reports/gpu_key_figures.hpp).
// The GPU check prints them with this, so it needs no python. Exit 0: every target met;
// 1: a target missed (or a key figure not measured); 2: a file that is not a results file.
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/output_file.hpp"
#include "reports/gpu_key_figures.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace linkperf::cli {

void add_gpu_figures_command(CLI::App& app, CommandState& state) {
    auto files = std::make_shared<std::vector<std::string>>();
    CLI::App* cmd = app.add_subcommand(
        "gpu-figures", "print the key GPU figures of results files next to their nvbandwidth "
                       "testcases and check the targets (exit 1: a target missed)");
    cmd->add_option("results", *files,
                    "results files; a case is taken from the first file that measured it")
        ->required();
    cmd->callback([files, &state] {
        std::vector<InputFile> inputs;
        for (const std::string& f : *files) {
            inputs.push_back({"RESULTS", f});
        }
        check_stdout_not_input(inputs); // gpu-figures r.json >> r.json
        std::vector<nlohmann::json> docs;
        for (const std::string& f : *files) {
            docs.push_back(reports::read_results_json(f));
        }
        const reports::KeyFigureReport r = reports::gpu_key_figures(docs);
        // Names, UUIDs and errors come from the files: each line escaped for the terminal.
        std::size_t at = 0;
        while (at < r.text.size()) {
            const std::size_t nl = std::min(r.text.find('\n', at), r.text.size());
            fmt::print("{}\n",
                       reports::terminal_text(std::string_view(r.text).substr(at, nl - at)));
            at = nl + 1;
        }
        state.exit_code = r.missed > 0 ? static_cast<int>(ExitCode::failed) : 0;
    });
}

} // namespace linkperf::cli
