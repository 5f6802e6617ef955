# Integration tests of reports and the regression gate (issue 5): `linkperf compare`,
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
