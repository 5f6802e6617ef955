#pragma once
// CPU lists as Linux writes them ("0-3,8,10-11": sysfs cpulist files, taskset, `--cpus`): the
// one parser and the one formatter.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf {

// A range, and a whole list, may name at most this many CPUs (more than any machine has):
// "0-4294967295" or 16,000 ranges of 65,536 CPUs are malformed lists, not requests to allocate
// gigabytes.
inline constexpr unsigned kMaxCpuRange = 65536;

// The CPUs `text` names, sorted and without duplicates. Whitespace around the list (the newline
// of a sysfs file) is ignored; empty or blank text is no CPUs (a CPU-less node's cpulist).
// nullopt for anything else: a character that is not a digit, '-' or ',' (spaces inside the list
// too), an empty item ("1,,2", "1,"), a reversed range ("3-1"), a number beyond unsigned, or a
// range wider than kMaxCpuRange or a list naming more (duplicates counted); `why`, when given, then
// says which.
std::optional<std::vector<unsigned>> parse_cpu_list(std::string_view text,
                                                    std::string* why = nullptr);

// The shortest list for `cpus` (any order, duplicates allowed): {0,1,2,3,8,10,11} ->
// "0-3,8,10-11"; "" for none.
std::string format_cpu_list(std::vector<unsigned> cpus);

} // namespace linkperf
