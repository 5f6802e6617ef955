# Integration tests of the `linkperf` command itself: bad input gets a documented exit code, the
# quick suite writes a plausible results file, each benchmark repetition is its own measurement.
set(_core ${CMAKE_CURRENT_SOURCE_DIR}/integration)

add_test(NAME "cli: bad input gets a documented exit code"
  COMMAND ${CMAKE_COMMAND} -E env LINKPERF=${LINKPERF_EXE} bash ${_core}/bad_input.sh)
set_tests_properties("cli: bad input gets a documented exit code" PROPERTIES LABELS "cli" TIMEOUT 300)

# Instrumented or unoptimized code has no cache-vs-DRAM shape to check.
if(LINKPERF_SANITIZE OR CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(_perf_checks 0)
else()
  set(_perf_checks 1)
endif()
add_test(NAME "cli: quick suite writes a plausible results file"
  COMMAND ${CMAKE_COMMAND} -E env LINKPERF=${LINKPERF_EXE} LINKPERF_PERF_CHECKS=${_perf_checks}
    bash ${_core}/quick_suite.sh)
# The quick suite measures bandwidth: it must not share the 2 cores with other tests.
set_tests_properties("cli: quick suite writes a plausible results file" PROPERTIES
  LABELS "cli;integration" TIMEOUT 600 RUN_SERIAL TRUE)

add_test(NAME "cli: each benchmark repetition is its own measurement"
  COMMAND ${CMAKE_COMMAND} -E env LINKPERF=${LINKPERF_EXE} bash ${_core}/repetitions.sh)
set_tests_properties("cli: each benchmark repetition is its own measurement" PROPERTIES
  LABELS "cli" TIMEOUT 300)
