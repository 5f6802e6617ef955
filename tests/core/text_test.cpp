#include "core/text.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>

using namespace linkperf;

TEST_CASE("trim removes white space at both ends only", "[text]") {
    CHECK(trim("") == "");
    CHECK(trim(" \t\n\r\v\f") == "");
    CHECK(trim("  0-3,8 \n") == "0-3,8");
    CHECK(trim("a b") == "a b");
}

TEST_CASE("parse_number takes the whole text as one number or nothing", "[text]") {
    CHECK(parse_number<unsigned>("42") == 42u);
    CHECK(parse_number<unsigned>("0") == 0u);
    CHECK_FALSE(parse_number<unsigned>(""));
    CHECK_FALSE(parse_number<unsigned>(" 42"));
    CHECK_FALSE(parse_number<unsigned>("42 "));
    CHECK_FALSE(parse_number<unsigned>("42x"));
    CHECK_FALSE(parse_number<unsigned>("-1"));
    CHECK_FALSE(parse_number<unsigned>("+1"));
    CHECK_FALSE(parse_number<unsigned>("4294967296")); // out of range, not wrapped
    CHECK(parse_number<std::uint64_t>("18446744073709551615") == UINT64_MAX);
    CHECK(parse_number<long long>("-5") == -5);
    CHECK(parse_number<unsigned long>("ff", 16) == 255ul);
    CHECK_FALSE(parse_number<unsigned long>("0xff", 16));
    CHECK(parse_number<double>("2.5") == 2.5);
    CHECK(parse_number<double>("1e3") == 1000.0);
    CHECK_FALSE(parse_number<double>("1e400")); // out of range
    CHECK_FALSE(parse_number<double>("5%"));
    CHECK_FALSE(parse_number<double>(""));
    const auto inf = parse_number<double>("inf");
    REQUIRE(inf); // the caller bounds it
    CHECK(std::isinf(*inf));
}
