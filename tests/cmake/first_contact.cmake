# Interrupted runs: SIGINT or SIGTERM mid-run keeps the finished cases, says so and exits 130/143.
set(_first ${CMAKE_CURRENT_SOURCE_DIR}/integration)
if(CMAKE_CROSSCOMPILING_EMULATOR)
  set(_emulated 1)
else()
  set(_emulated 0)
endif()
add_test(NAME "cli: SIGINT/SIGTERM mid-run keep the finished cases and exit 130/143"
  COMMAND ${CMAKE_COMMAND} -E env LINKPERF=${LINKPERF_EXE} LINKPERF_EMULATED=${_emulated}
    bash ${_first}/interrupt.sh)
set_tests_properties("cli: SIGINT/SIGTERM mid-run keep the finished cases and exit 130/143"
  PROPERTIES LABELS "cli" TIMEOUT 300 SKIP_RETURN_CODE 77)
