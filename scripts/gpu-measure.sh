#!/usr/bin/env bash
# The measuring step of scripts/gpu-check.sh and of the GPU bundle's gpu-check.sh (one copy,
# shipped in the bundle): linkperf's GPU paths at 4K, 1M and 256M into OUT, then the key
# figures with their nvbandwidth testcase names.
# Usage: gpu-measure.sh LINKPERF OUT LOGDIR KEY_FIGURES_PY [TESTS_RC [TESTS_LOG]]
#   TESTS_RC, TESTS_LOG: how the caller's GPU tests ended and where their log is (a failed test
#   is reported here, after the measurements: a lent GPU is scarce).
# Exit: 4 when the run passed its 390 s limit (results incomplete); 1 when it wrote no results
# or the GPU tests failed; else linkperf's exit code.
set -euo pipefail
usage="usage: gpu-measure.sh LINKPERF OUT LOGDIR KEY_FIGURES_PY [TESTS_RC [TESTS_LOG]]"
[ $# -ge 4 ] && [ $# -le 6 ] || { echo "$usage" >&2; exit 2; }
linkperf=$1 out=$2 logs=$3 figures=$4 tests_rc=${5:-0} tests_log=${6:-$3}
start=$((-${LINKPERF_GPU_CHECK_ELAPSED:-0})) # the caller's clock, for its step lines
step() { echo "== [$((SECONDS - start))s] $*"; }

step "GPU paths at 4K, 1M, 256M -> $out"
mkdir -p "$(dirname "$out")"
rc=0
timeout 390 "$linkperf" run --suite full --sizes 4K,1M,256M \
  --filter '^(ce|sm|um|lat)\.' --out "$out" >"$logs/run.log" 2>&1 || rc=$?
tail -5 "$logs/run.log"
if [ "$rc" -eq 124 ]; then
  echo "gpu-check: linkperf run passed the 390 s limit and was stopped: results incomplete" \
    "(measure fewer GPUs: LINKPERF_GPU_CHECK_DEVICES=0)" >&2
  exit 4
fi
if [ ! -s "$out" ]; then
  echo "gpu-check: linkperf run (exit $rc) wrote no results to $out; its log ends:" >&2
  tail -50 "$logs/run.log" >&2
  exit 1
fi

step "key figures"
python3 "$figures" "$out"
step "done (GPU tests exit $tests_rc, linkperf exit $rc; logs in $logs)"
[ "$tests_rc" -eq 0 ] || { echo "gpu-check: GPU tests failed: see $tests_log" >&2; exit 1; }
exit "$rc"
