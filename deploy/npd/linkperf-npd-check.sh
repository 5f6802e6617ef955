#!/bin/sh
# Node Problem Detector custom plugin (deploy/npd/linkperf-check-monitor.json): judges the
# node's newest canary results with `linkperf check` and answers in NPD's plugin protocol,
# exit 0 OK, 1 NonOK (a problem), 2 Unknown, with one short line on stdout as the message
# (docs/health.md). linkperf check's codes (README):
#   0 ok                      -> 0 OK
#   5 warnings only           -> 0 OK (the message names the warnings; no condition is set)
#   1 failing                 -> 1 NonOK: the node condition LinkperfLinksBelowExpectation
#   6 nothing matched, 2 bad input, anything else (a crash, a missing binary) -> 2 Unknown
# Settings (environment):
#   LINKPERF          the linkperf binary (default: linkperf on PATH)
#   LINKPERF_RESULTS  a results file (default: the newest *.json in LINKPERF_RESULTS_DIR)
#   LINKPERF_RESULTS_DIR  default /var/lib/linkperf/results (the canary Job's hostPath)
#   LINKPERF_PROFILE  a profile file or auto (default auto)
#   LINKPERF_SYSFS    the sysfs root auto reads (default /sys)
lp=${LINKPERF:-linkperf}
dir=${LINKPERF_RESULTS_DIR:-/var/lib/linkperf/results}
results=${LINKPERF_RESULTS:-}
if [ -z "$results" ]; then
  # Canary file names carry a UTC timestamp (deploy/canary-job.yaml): the last one sorts last.
  results=$(ls -1 "$dir"/*.json 2>/dev/null | tail -n 1)
fi
if [ -z "$results" ] || [ ! -f "$results" ]; then
  echo "linkperf check: no results file in $dir: unknown"
  exit 2
fi
out=$("$lp" check "$results" --profile "${LINKPERF_PROFILE:-auto}" \
  --sysfs "${LINKPERF_SYSFS:-/sys}" --quiet 2>&1)
rc=$?
# The summary is check's last line; a usage error is its only line.
msg=$(printf '%s\n' "$out" | tail -n 1 | cut -c1-190)
case $rc in
  0 | 5) echo "$msg"; exit 0 ;;
  1) echo "$msg"; exit 1 ;;
  *) echo "unknown (linkperf check exit $rc): $msg"; exit 2 ;;
esac
