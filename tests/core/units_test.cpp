#include "core/error.hpp"
#include "core/units.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;

TEST_CASE("sizes parse with binary multiples", "[units]") {
    CHECK(parse_size("4096") == 4096);
    CHECK(parse_size("4K") == 4096);
    CHECK(parse_size("4k") == 4096);
    CHECK(parse_size("64KiB") == 65536);
    CHECK(parse_size("1M") == 1048576);
    CHECK(parse_size("1G") == 1073741824ULL);
    CHECK(parse_size(" 2G ") == 2147483648ULL);
}

TEST_CASE("malformed sizes are usage errors", "[units]") {
    for (const char* bad : {"12Q", "-1", "", "K", "0", "1.5M", "99999999999999999999", "1:0"}) {
        INFO(bad);
        try {
            parse_size(bad);
            FAIL("accepted " << bad);
        } catch (const Error& e) {
            CHECK(e.code() == ExitCode::usage);
        }
    }
    CHECK_THROWS_AS(parse_size("17179869184G"), Error); // overflows 64 bits
    // Sizes stop at 1 PiB, so no check that multiplies a size can overflow.
    CHECK(parse_size("1024T") == kMaxSizeBytes);
    for (const char* huge : {"1025T", "18446744073709551615", "1125899906842625"}) {
        INFO(huge);
        CHECK_THROWS_AS(parse_size(huge), Error);
    }
    CHECK_THROWS_AS(parse_size_spec("1G:18446744073709551615"), Error);
}

TEST_CASE("size ranges and lists", "[units]") {
    CHECK(parse_size_spec("4K:64K:x2") ==
          std::vector<std::uint64_t>{4096, 8192, 16384, 32768, 65536});
    CHECK(parse_size_spec("4K:1G:x4").size() == 10); // 4K,16K,...,1G
    CHECK(parse_size_spec("4K:1G:x4").back() == (1ULL << 30));
    CHECK(parse_size_spec("4K:10K") == std::vector<std::uint64_t>{4096, 8192});
    CHECK(parse_size_spec("1M,4K,64K,4K") == std::vector<std::uint64_t>{4096, 65536, 1048576});
    CHECK_THROWS_AS(parse_size_spec("1:0"), Error);   // zero end
    CHECK_THROWS_AS(parse_size_spec("1M:4K"), Error); // end before start
    CHECK_THROWS_AS(parse_size_spec("4K:1M:x1"), Error);
    CHECK_THROWS_AS(parse_size_spec("4K:1M:2"), Error);
    CHECK_THROWS_AS(parse_size_spec("4K,,8K"), Error);
    CHECK_THROWS_AS(parse_size_spec(""), Error);
}

TEST_CASE("sizes format back to their shortest exact name", "[units]") {
    CHECK(format_size(4096) == "4K");
    CHECK(format_size(1536) == "1536");
    CHECK(format_size(1ULL << 30) == "1G");
    CHECK(format_size(3ULL << 20) == "3M");
    CHECK(to_gbps(1e9, 0.5) == Approx(2.0));
}
