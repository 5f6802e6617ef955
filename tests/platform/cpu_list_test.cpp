// The one CPU-list parser and formatter: sysfs cpulist files and `--cpus` go through it.
#include "platform/cpu_list.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace linkperf;
using Cpus = std::vector<unsigned>;

TEST_CASE("cpu lists: empty, single, ranges", "[platform][cpu_list]") {
    CHECK(parse_cpu_list("") == Cpus{});
    CHECK(parse_cpu_list("7") == Cpus{7});
    CHECK(parse_cpu_list("0") == Cpus{0});
    CHECK(parse_cpu_list("0-3,8,10-11") == Cpus{0, 1, 2, 3, 8, 10, 11});
    CHECK(parse_cpu_list("5-5") == Cpus{5});
    // Sorted and without duplicates, whatever order the text gives.
    CHECK(parse_cpu_list("8,0-2,1") == Cpus{0, 1, 2, 8});
}

TEST_CASE("cpu lists: whitespace and the newline of a sysfs file", "[platform][cpu_list]") {
    CHECK(parse_cpu_list("0-3,8\n") == Cpus{0, 1, 2, 3, 8});
    CHECK(parse_cpu_list("  2,4 \t\n") == Cpus{2, 4});
    CHECK(parse_cpu_list("\n") == Cpus{});   // a CPU-less node's cpulist
    CHECK(parse_cpu_list(" \t ") == Cpus{}); // blank is no CPUs
    CHECK_FALSE(parse_cpu_list("1, 2"));     // inside the list a space is an error
    CHECK_FALSE(parse_cpu_list("1 -2"));
}

TEST_CASE("cpu lists: malformed text says why", "[platform][cpu_list]") {
    for (const char* bad :
         {"a", "1,,2", "1,", ",1", ",", "3-1", "-1", "1-", "1--2", "0x3", "1-2-3", "+1", "1.5"}) {
        INFO(bad);
        std::string why;
        CHECK_FALSE(parse_cpu_list(bad, &why));
        CHECK_THAT(why, Catch::StartsWith("invalid CPU list '"));
    }
    std::string why;
    CHECK_FALSE(parse_cpu_list("3-1", &why));
    CHECK_THAT(why, Catch::Contains("backwards"));
    CHECK_FALSE(parse_cpu_list("1,", &why));
    CHECK_THAT(why, Catch::Contains("empty item"));
}

TEST_CASE("cpu lists: huge numbers neither overflow nor allocate without bound",
          "[platform][cpu_list]") {
    CHECK(parse_cpu_list("4294967295") == Cpus{4294967295U});
    CHECK(parse_cpu_list("4294967294-4294967295") == Cpus{4294967294U, 4294967295U}); // ends
    CHECK_FALSE(parse_cpu_list("4294967296"));
    CHECK_FALSE(parse_cpu_list("99999999999999999999999"));
    std::string why;
    CHECK_FALSE(parse_cpu_list("0-4294967295", &why));
    CHECK_THAT(why, Catch::Contains("spans more than 65536"));
    CHECK(parse_cpu_list("0-65535")->size() == kMaxCpuRange);
    CHECK_FALSE(parse_cpu_list("0-65536"));
    // 16,000 ranges of 65,536 CPUs each: refused, not a 4 GiB vector.
    std::string wide;
    for (int i = 0; i < 16000; ++i) {
        wide += (i > 0 ? "," : "") + std::to_string(i * 65536) + "-" +
                std::to_string(i * 65536 + 65535);
    }
    CHECK_FALSE(parse_cpu_list(wide, &why));
    CHECK_THAT(why, Catch::Contains("names more than 65536 CPUs"));
    CHECK(parse_cpu_list("0-32767,32768-65535")->size() == kMaxCpuRange);
}

TEST_CASE("cpu lists format back to the shortest text", "[platform][cpu_list]") {
    CHECK(format_cpu_list({}).empty());
    CHECK(format_cpu_list({3}) == "3");
    CHECK(format_cpu_list({0, 1, 2, 3, 8, 10, 11}) == "0-3,8,10-11");
    CHECK(format_cpu_list({11, 10, 3, 2, 1, 0, 8, 8}) == "0-3,8,10-11");
    CHECK(format_cpu_list({4294967294U, 4294967295U}) == "4294967294-4294967295");
    for (const char* text : {"0-3,8,10-11", "0", "1,3,5", "0-71,144-215"}) {
        CHECK(format_cpu_list(*parse_cpu_list(text)) == text);
    }
}
