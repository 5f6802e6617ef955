# Fleet integration tests: topo/--check on recorded sysfs trees and the live
# machine, NFD feature files, Prometheus metrics of a real run (promtool when installed) and
# the Kubernetes manifests in deploy/.
set(_fleet ${CMAKE_CURRENT_SOURCE_DIR}/fleet)
set(_fleet_env LINKPERF=${LINKPERF_EXE} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data
  DEPLOY=${PROJECT_SOURCE_DIR}/deploy)

linkperf_script_test("fleet: topo matrix and topo --check on recorded machines" ${_fleet}/topo_check.sh
  ENV ${_fleet_env}
  PROPERTIES LABELS "fleet;integration" TIMEOUT 300)

linkperf_script_test("fleet: nfd writes valid Kubernetes labels atomically" ${_fleet}/nfd.sh
  ENV ${_fleet_env}
  PROPERTIES LABELS "fleet;integration" TIMEOUT 300)

# Also checks deploy/gate-config.yaml with `linkperf compare` on the run's results file.
# It measures (a few host cases): keep it off the cores other tests use.
linkperf_script_test("fleet: run --prom passes promtool and records telemetry" ${_fleet}/prom_run.sh
  ENV ${_fleet_env}
  PROPERTIES LABELS "fleet;integration" TIMEOUT 600 RUN_SERIAL TRUE SKIP_RETURN_CODE 77)

add_test(NAME "fleet: deploy manifests are valid Kubernetes objects"
  COMMAND ${CMAKE_COMMAND} -E env ${_fleet_env}
    python3 ${_fleet}/check_deploy.py ${PROJECT_SOURCE_DIR}/deploy)
set_tests_properties("fleet: deploy manifests are valid Kubernetes objects" PROPERTIES
  LABELS "fleet" TIMEOUT 120 SKIP_RETURN_CODE 77)

# `linkperf check` against expectation profiles (docs/health.md): auto from recorded sysfs
# trees, shipped profiles, outputs, exit codes; it runs a tiny real suite for `run --check`.
linkperf_script_test("fleet: check judges results against expectation profiles" ${_fleet}/check.sh
  ENV ${_fleet_env} PROFILES=${PROJECT_SOURCE_DIR}/profiles DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results
  PROPERTIES LABELS "fleet;integration;health" TIMEOUT 300 RUN_SERIAL TRUE)
linkperf_script_test("fleet: a profile learned from 300 canaries catches exactly the slow nodes"
  ${_fleet}/check_fleet_profile.sh
  ENV ${_fleet_env} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results
  PROPERTIES LABELS "fleet;integration;health" TIMEOUT 600)
linkperf_script_test("fleet: the NPD plugin maps check's exit codes to NPD's protocol"
  ${_fleet}/npd_plugin.sh
  ENV ${_fleet_env} DATA=${CMAKE_CURRENT_SOURCE_DIR}/data/results
  PROPERTIES LABELS "fleet;integration;health" TIMEOUT 300)
