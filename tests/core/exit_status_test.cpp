#include "core/exit_status.hpp"

#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <new>
#include <stdexcept>

using namespace linkperf;

namespace {

template <typename E> ExitStatus status_of(E e) {
    return exit_status_of(std::make_exception_ptr(e));
}

} // namespace

TEST_CASE("an Error ends the program with its own exit code", "[exit_status]") {
    const ExitStatus usage = status_of(usage_error("no such option value"));
    CHECK(usage.code == 2);
    CHECK(usage.message() == "error: no such option value");
    CHECK(usage.cause == ExitStatus::Cause::error);
    CHECK(status_of(environment_error("no GPU 3")).code == 3);
    CHECK(status_of(measurement_error("verification failed")).code == 1);
    CHECK(status_of(Error(ExitCode::timeout, "hung")).code == 4);
}

TEST_CASE("out of memory is an environment failure", "[exit_status]") {
    const ExitStatus s = status_of(std::bad_alloc());
    CHECK(s.code == 3);
    CHECK(s.message() == "error: out of memory");
}

TEST_CASE("another std::exception fails the run, unless stdout lost what was printed",
          "[exit_status]") {
    const ExitStatus s = status_of(std::runtime_error("boom"));
    CHECK(s.code == 1);
    CHECK(s.message() == "error: boom");

    // stdout on a full disk: the print failed, which is a usage error (README), not a failure.
    std::fflush(stdout);
    const int saved = ::dup(1);
    REQUIRE(saved >= 0);
    const int full = ::open("/dev/full", O_WRONLY);
    if (full < 0) {
        ::close(saved);
        SUCCEED("no /dev/full here");
        return;
    }
    ::dup2(full, 1);
    ::close(full);
    std::fputs("lost\n", stdout);
    const ExitStatus lost = status_of(std::runtime_error("format error"));
    std::clearerr(stdout);
    ::dup2(saved, 1);
    ::close(saved);
    CHECK(lost.code == 2);
    CHECK(lost.cause == ExitStatus::Cause::lost_stdout);
    CHECK(lost.message().rfind("error: cannot write to standard output: ", 0) == 0);
}

TEST_CASE("an exception of no known type fails the run", "[exit_status]") {
    const ExitStatus s = exit_status_of(std::make_exception_ptr(42));
    CHECK(s.code == 1);
    CHECK(s.message() == "error: unknown failure");
}
