#pragma once
// The one reader of every file linkperf reads (results, baselines, configs, topologies, sysfs
// and procfs attributes, fleet node files): a regular file, read whole up to a byte cap. A FIFO
// cannot hang it (opened non-blocking, then refused), a device (/dev/zero) is refused, and a
// file larger than the cap (a 1 GB sparse attribute) is refused before anything is allocated.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace linkperf {

// The whole text of the regular file `path`, or nullopt with `why` (when given) saying why
// not: it is missing or unreadable, it is not a regular file, or it holds more than
// `max_bytes`. Reads at most max_bytes + 1 bytes whatever the file's size claims (procfs
// files say 0, sysfs attributes 4096).
std::optional<std::string> read_bounded_file(const std::filesystem::path& path,
                                             std::uint64_t max_bytes, std::string* why = nullptr);

// read_bounded_file, throwing Error(usage) "WHAT 'PATH': why" instead of nullopt.
std::string read_input_file(const std::string& what, const std::filesystem::path& path,
                            std::uint64_t max_bytes);

} // namespace linkperf
