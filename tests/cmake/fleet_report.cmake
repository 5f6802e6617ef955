# `linkperf fleet`: a synthetic fleet from real results files must give exactly the
# planted verdicts; its HTML report in headless Chromium (skipped without chromium).
set(_fleet_report_env LINKPERF=${LINKPERF_EXE} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results)

linkperf_script_test("fleet: fleet report finds exactly the planted nodes" ${CMAKE_CURRENT_SOURCE_DIR}/fleet/fleet_report.sh
  ENV ${_fleet_report_env}
  PROPERTIES LABELS "fleet;reports;integration" TIMEOUT 600)

linkperf_script_test("fleet: fleet HTML report renders in headless chromium" ${CMAKE_CURRENT_SOURCE_DIR}/fleet/fleet_html_browser.sh
  ENV ${_fleet_report_env}
  PROPERTIES LABELS "fleet;reports;integration;browser" TIMEOUT 300 SKIP_RETURN_CODE 77)
