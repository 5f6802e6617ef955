# Integration tests of reports and the regression gate: `linkperf compare`,
# `linkperf report`, `linkperf baseline`, golden files and the HTML report in headless Chromium.
set(_reports ${CMAKE_CURRENT_SOURCE_DIR}/reports)
set(_reports_env LINKPERF=${LINKPERF_EXE} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results)

add_test(NAME "reports: compare gate exit codes, JUnit and baselines"
  COMMAND ${CMAKE_COMMAND} -E env ${_reports_env} bash ${_reports}/cli_gate.sh)
set_tests_properties("reports: compare gate exit codes, JUnit and baselines" PROPERTIES
  LABELS "reports;integration" TIMEOUT 300)

add_test(NAME "reports: golden CSV, Markdown and JUnit"
  COMMAND ${CMAKE_COMMAND} -E env ${_reports_env} bash ${_reports}/golden.sh)
set_tests_properties("reports: golden CSV, Markdown and JUnit" PROPERTIES
  LABELS "reports;integration" TIMEOUT 300)

add_test(NAME "reports: HTML report renders in headless chromium"
  COMMAND ${CMAKE_COMMAND} -E env ${_reports_env} bash ${_reports}/html_in_browser.sh)
set_tests_properties("reports: HTML report renders in headless chromium" PROPERTIES
  LABELS "reports;integration;browser" TIMEOUT 300 SKIP_RETURN_CODE 77)

# Gate accuracy: A/A on real run pairs passes; 2x/4x/8x-threshold slowdowns
# injected into a seeded third of the cases are all caught. Pure C++ on committed files, so it
# runs under the riscv64 emulator too (no MPI needed).
add_executable(linkperf_gate_accuracy ${CMAKE_CURRENT_SOURCE_DIR}/reports/gate_accuracy.cpp)
target_link_libraries(linkperf_gate_accuracy PRIVATE linkperf_reports linkperf_warnings)
add_test(NAME "reports: gate accuracy (A/A passes, injected 2x-8x threshold slowdowns caught)"
  COMMAND linkperf_gate_accuracy ${CMAKE_CURRENT_SOURCE_DIR}/data/results)
set_tests_properties("reports: gate accuracy (A/A passes, injected 2x-8x threshold slowdowns caught)"
  PROPERTIES LABELS "reports" TIMEOUT 300)
