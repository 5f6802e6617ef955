#pragma once
// `linkperf check` as a step other subcommands run too (`linkperf run --check`).
#include "gate/expectation_profile.hpp"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

namespace linkperf::cli {

struct CheckOptions {
    std::string profile = "auto";
    std::string sysfs = "/sys";
    std::string json;
    std::string prom;
    std::string nfd;
    std::string emit_profile;
    unsigned expiry_hours = 48;
    bool quiet = false;
};

// The profile file at `spec`, or "auto": derived from the machine under `sysfs` (what it
// could not derive is printed to `notes`).
reports::Profile resolve_profile(const std::string& spec, const std::string& sysfs,
                                 const std::string& hostname, std::FILE* notes);

// Judges the results files; prints the findings and the summary; writes the outputs. Returns
// the check's exit code (0, 1, 5, 6).
int run_check(const CheckOptions& options, const std::vector<std::string>& results);

// The output options of check (all but --profile), for check and run --check.
void add_check_options(CLI::App& cmd, CheckOptions& options);

} // namespace linkperf::cli
