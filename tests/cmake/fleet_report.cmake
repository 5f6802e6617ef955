# `linkperf fleet`: a synthetic fleet from real results files must give exactly the
# planted verdicts; its HTML report in headless Chromium (skipped without chromium).
set(_fleet_report_env LINKPERF=${LINKPERF_EXE} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results)

add_test(NAME "fleet: fleet report finds exactly the planted nodes"
  COMMAND ${CMAKE_COMMAND} -E env ${_fleet_report_env}
    bash ${CMAKE_CURRENT_SOURCE_DIR}/fleet/fleet_report.sh)
set_tests_properties("fleet: fleet report finds exactly the planted nodes" PROPERTIES
  LABELS "fleet;reports;integration" TIMEOUT 600)

add_test(NAME "fleet: fleet HTML report renders in headless chromium"
  COMMAND ${CMAKE_COMMAND} -E env ${_fleet_report_env}
    bash ${CMAKE_CURRENT_SOURCE_DIR}/fleet/fleet_html_browser.sh)
set_tests_properties("fleet: fleet HTML report renders in headless chromium" PROPERTIES
  LABELS "fleet;reports;integration;browser" TIMEOUT 300 SKIP_RETURN_CODE 77)
