# Integration tests of the `linkperf` command itself: bad input gets a documented exit code, the
# quick suite writes a plausible results file, each benchmark repetition is its own measurement.
set(_core ${CMAKE_CURRENT_SOURCE_DIR}/integration)

linkperf_script_test("cli: bad input gets a documented exit code" ${_core}/bad_input.sh
  ENV LINKPERF=${LINKPERF_EXE}
  PROPERTIES LABELS "cli" TIMEOUT 300)
linkperf_script_test("cli: hostile inputs, outputs and signals end cleanly" ${_core}/hostile_inputs.sh
  ENV LINKPERF=${LINKPERF_EXE}
  PROPERTIES LABELS "cli" TIMEOUT 600)

# Instrumented or unoptimized code has no cache-vs-DRAM shape to check.
if(LINKPERF_SANITIZE OR CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(_perf_checks 0)
else()
  set(_perf_checks 1)
endif()
# The quick suite measures bandwidth: it must not share the 2 cores with other tests.
linkperf_script_test("cli: quick suite writes a plausible results file" ${_core}/quick_suite.sh
  ENV LINKPERF=${LINKPERF_EXE} LINKPERF_PERF_CHECKS=${_perf_checks}
  PROPERTIES LABELS "cli;integration" TIMEOUT 600 RUN_SERIAL TRUE)

linkperf_script_test("cli: each benchmark repetition is its own measurement" ${_core}/repetitions.sh
  ENV LINKPERF=${LINKPERF_EXE}
  PROPERTIES LABELS "cli" TIMEOUT 300)
