#pragma once
// The change-point parameters of `linkperf history` and `linkperf compare --history`
// (docs/history.md), one definition for both commands (cli/history_cli.cpp).
#include "history/change_points.hpp"

#include <CLI/CLI.hpp>

#include <string>

namespace linkperf::cli {

struct ChangePointFlags {
    std::size_t window = reports::ChangePointOptions{}.window;
    double p_value = reports::ChangePointOptions{}.p_value;
    std::size_t min_segment = reports::ChangePointOptions{}.min_segment;
    std::string min_magnitude = "2%";
};

void add_change_point_options(CLI::App& cmd, ChangePointFlags& f);
// Throws ReportError(usage) naming a bad value.
reports::ChangePointOptions change_point_options(const ChangePointFlags& f);

} // namespace linkperf::cli
