# linkperf history (docs/history.md): the command end to end on histories built from committed
# real runs, and the monitoring files in deploy/monitoring/ checked with promtool on series
# linkperf itself wrote. The statistics' unit tests are tests/history/change_points_test.cpp.
set(_history_env LINKPERF=${LINKPERF_EXE} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results
  SOURCE_DIR=${PROJECT_SOURCE_DIR})

linkperf_script_test("history: change points, outputs, compare --history and bad input"
  ${CMAKE_CURRENT_SOURCE_DIR}/reports/history_cli.sh
  ENV ${_history_env}
  PROPERTIES LABELS "reports;integration" TIMEOUT 300)

# It measures (two host cases): keep it off the cores other tests use.
linkperf_script_test("fleet: alert rules pass promtool tests on linkperf's series; dashboard queries name real metrics"
  ${CMAKE_CURRENT_SOURCE_DIR}/fleet/monitoring.sh
  ENV ${_history_env}
  PROPERTIES LABELS "fleet;integration" TIMEOUT 600 RUN_SERIAL TRUE SKIP_RETURN_CODE 77)
