#pragma once
// What a saturation or contention run adds to the results file and prints: one `saturation`
// record per swept link (docs/results-schema.md), computed by analyse_saturation from the
// ordinary cases the sweep measured (extra.sweep), and one line per contention pair.
#include "core/measurement.hpp"
#include "core/saturation.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace linkperf::bench {

// One record per link (path, endpoint roles and memory kinds, size, sweep kind) with two or
// more measured concurrency levels; an empty array when nothing was swept.
nlohmann::json saturation_records(const std::vector<Measurement>& measurements,
                                  const SaturationOptions& options);

// The lines `linkperf run` prints after the tables: per record its knee and plateau or why no
// plateau was found, per contention pair the victim alone, under load and the ratio.
std::vector<std::string> study_lines(const nlohmann::json& records,
                                     const std::vector<Measurement>& measurements);

} // namespace linkperf::bench
