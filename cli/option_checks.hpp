#pragma once
// Validators shared by the subcommands' options: each failure is one CLI11 ValidationError,
// which main.cpp prints as one `linkperf:` line with exit 2.
#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace linkperf::cli {

// An option given with an empty value (`--sizes ""`) is an error, never the default.
CLI::Validator non_empty();

// An existing regular file (a symbolic link to one is fine): `--topology fifo` would block the
// read forever and a device never ends, so both are refused before anything opens them.
CLI::Validator regular_file();

// A whole number in [lo, hi] (`--threads 0`, `-3`, `1e9`, `99999999999999999999`).
CLI::Validator whole_number(long long lo, long long hi);

// Checks the Google Benchmark flags given after `--` before Google Benchmark sees them (it
// exits or aborts on some bad values): the flags linkperf passes through, with their values.
// Throws Error(usage) naming the flag.
void check_benchmark_flags(const std::vector<std::string>& flags);

} // namespace linkperf::cli
