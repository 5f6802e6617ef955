# Cold-cache host cases (`linkperf run --cold`, docs/cold-cache.md): opt-in, planned only at
# in-cache sizes, and slower than the warm cases they twin.
if(LINKPERF_SANITIZE OR CMAKE_BUILD_TYPE STREQUAL "Debug")
  set(_cold_perf_checks 0) # instrumented code has no cache-vs-memory shape to check
else()
  set(_cold_perf_checks 1)
endif()
add_test(NAME "cli: cold-cache cases are opt-in and slower than warm ones in cache"
  COMMAND ${CMAKE_COMMAND} -E env LINKPERF=${LINKPERF_EXE}
    LINKPERF_PERF_CHECKS=${_cold_perf_checks} bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/cold_cache.sh)
# It compares timings: it must not share the 2 cores with other tests.
set_tests_properties("cli: cold-cache cases are opt-in and slower than warm ones in cache"
  PROPERTIES LABELS "cli;integration" TIMEOUT 600 RUN_SERIAL TRUE)
