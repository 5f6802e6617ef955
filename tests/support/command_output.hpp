#pragma once
// Helpers for unit tests that compare linkperf with hwloc's own tools (lstopo, hwloc-calc):
// run a shell command and read its output, parse the comma lists those tools print.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace linkperf::test {

// stdout of `cmd`, trailing newlines and blanks removed.
inline std::string run(const std::string& cmd) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
    REQUIRE(pipe != nullptr);
    std::string out;
    std::array<char, 256> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe.get()) != nullptr) {
        out += buf.data();
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) {
        out.pop_back();
    }
    return out;
}

// "0,2,5" -> {0, 2, 5}; empty items are skipped.
inline std::vector<unsigned> parse_list(const std::string& text) {
    std::vector<unsigned> v;
    std::stringstream ss(text);
    std::string item;
    while (std::getline(ss, item, ',')) {
        if (!item.empty()) {
            v.push_back(static_cast<unsigned>(std::stoul(item)));
        }
    }
    return v;
}

} // namespace linkperf::test
