#include "platform/cpu_list.hpp"

#include "core/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>

namespace linkperf {
namespace {

std::optional<unsigned> cpu_number(std::string_view text) {
    return parse_number<unsigned>(text);
}

} // namespace

std::optional<std::vector<unsigned>> parse_cpu_list(std::string_view text, std::string* why) {
    const std::string_view list = trim(text);
    auto fail = [&](const std::string& reason) -> std::optional<std::vector<unsigned>> {
        if (why != nullptr) {
            // A list of thousands of items is quoted by its start, keeping the message one line.
            const bool long_list = list.size() > 64;
            *why = "invalid CPU list '" + std::string(list.substr(0, 64)) +
                   (long_list ? "...'" : "'") + ": " + reason;
        }
        return std::nullopt;
    };
    std::vector<unsigned> cpus;
    std::string_view rest = list;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (item.empty() || (comma != std::string_view::npos && rest.empty())) {
            return fail("an empty item (a doubled, leading or trailing comma)");
        }
        const auto dash = item.find('-');
        const auto lo = cpu_number(item.substr(0, dash));
        const auto hi = dash == std::string_view::npos ? lo : cpu_number(item.substr(dash + 1));
        if (!lo || !hi) {
            return fail("'" + std::string(item) + "' is not a CPU number or range of them");
        }
        if (*hi < *lo) {
            return fail("the range '" + std::string(item) + "' runs backwards");
        }
        const std::uint64_t count = std::uint64_t{*hi} - *lo + 1;
        if (count > kMaxCpuRange) {
            return fail("the range '" + std::string(item) + "' spans more than " +
                        std::to_string(kMaxCpuRange) + " CPUs");
        }
        if (cpus.size() + count > kMaxCpuRange) { // many wide ranges: bounded memory too
            return fail("the list names more than " + std::to_string(kMaxCpuRange) + " CPUs");
        }
        for (std::uint64_t i = 0; i < count; ++i) { // counted: hi may be the largest unsigned
            cpus.push_back(static_cast<unsigned>(*lo + i));
        }
    }
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
    return cpus;
}

std::string format_cpu_list(std::vector<unsigned> cpus) {
    std::sort(cpus.begin(), cpus.end());
    cpus.erase(std::unique(cpus.begin(), cpus.end()), cpus.end());
    std::string out;
    for (std::size_t i = 0; i < cpus.size();) {
        std::size_t j = i;
        while (j + 1 < cpus.size() && cpus[j + 1] == cpus[j] + 1) {
            ++j;
        }
        out += (out.empty() ? "" : ",") + std::to_string(cpus[i]);
        if (j > i) {
            out += "-" + std::to_string(cpus[j]);
        }
        i = j + 1;
    }
    return out;
}

} // namespace linkperf
