# Integration tests of reports and the regression gate: `linkperf compare`,
# `linkperf report`, `linkperf baseline`, golden files and the HTML report in headless Chromium.
set(_reports ${CMAKE_CURRENT_SOURCE_DIR}/reports)
set(_reports_env LINKPERF=${LINKPERF_EXE} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results)

linkperf_script_test("reports: compare gate exit codes, JUnit and baselines" ${_reports}/cli_gate.sh
  ENV ${_reports_env}
  PROPERTIES LABELS "reports;integration" TIMEOUT 300)

linkperf_script_test("reports: run-level gate from the command line (repeats, inconclusive, contended)"
  ${_reports}/cli_run_gate.sh
  ENV ${_reports_env}
  PROPERTIES LABELS "reports;integration" TIMEOUT 300)

linkperf_script_test("reports: the documented report writer is a real entry of the writer table"
  ${_reports}/docs_writer_entry.sh
  PROPERTIES LABELS "reports" TIMEOUT 60)

linkperf_script_test("reports: golden CSV, Markdown and JUnit" ${_reports}/golden.sh
  ENV ${_reports_env}
  PROPERTIES LABELS "reports;integration" TIMEOUT 300)

linkperf_script_test("reports: HTML report renders in headless chromium" ${_reports}/html_in_browser.sh
  ENV ${_reports_env}
  PROPERTIES LABELS "reports;integration;browser" TIMEOUT 300 SKIP_RETURN_CODE 77)

# Gate accuracy: A/A on real run pairs passes; 2x/4x/8x-threshold slowdowns
# injected into a seeded third of the cases are all caught. Pure C++ on committed files, so it
# runs under the riscv64 emulator too (no MPI needed).
add_executable(linkperf_gate_accuracy ${CMAKE_CURRENT_SOURCE_DIR}/gate/gate_accuracy.cpp)
target_link_libraries(linkperf_gate_accuracy PRIVATE linkperf_gate linkperf_warnings)
add_test(NAME "reports: gate accuracy (A/A passes, injected 2x-8x threshold slowdowns caught)"
  COMMAND linkperf_gate_accuracy ${CMAKE_CURRENT_SOURCE_DIR}/data/results)
set_tests_properties("reports: gate accuracy (A/A passes, injected 2x-8x threshold slowdowns caught)"
  PROPERTIES LABELS "reports" TIMEOUT 300)
