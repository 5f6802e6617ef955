# Saturation sweeps and contention pairs: the host suites run here and are reported; their
# curves, knees and interference render in headless Chromium; the GPU sweeps run on a device.
set(_sat_env LINKPERF=${LINKPERF_EXE} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results)

add_test(NAME "cli: saturation and contention suites run here and are reported"
  COMMAND ${CMAKE_COMMAND} -E env ${_sat_env}
    bash ${CMAKE_CURRENT_SOURCE_DIR}/integration/saturation_suite.sh)
# It measures bandwidth: it must not share the 2 cores with other tests.
set_tests_properties("cli: saturation and contention suites run here and are reported"
  PROPERTIES LABELS "cli;integration" TIMEOUT 900 RUN_SERIAL TRUE)

add_test(NAME "reports: saturation curves, knees and interference render in headless chromium"
  COMMAND ${CMAKE_COMMAND} -E env ${_sat_env}
    bash ${CMAKE_CURRENT_SOURCE_DIR}/reports/saturation_in_browser.sh)
set_tests_properties(
  "reports: saturation curves, knees and interference render in headless chromium"
  PROPERTIES LABELS "reports;integration;browser" TIMEOUT 300 SKIP_RETURN_CODE 77)

# GPU sweeps and GPU contention pairs on a device; skipped (77) without one.
linkperf_script_test("gpu: saturation sweeps and contention pairs on the devices" ${CMAKE_CURRENT_SOURCE_DIR}/gpu/saturation_gpu.sh
  ENV LINKPERF=${LINKPERF_EXE}
  PROPERTIES LABELS gpu SKIP_RETURN_CODE 77 TIMEOUT 900 RUN_SERIAL TRUE)
