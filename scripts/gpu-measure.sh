#!/usr/bin/env bash
# The measuring step of scripts/gpu-check.sh and of the GPU bundle's gpu-check.sh (one copy,
# shipped in the bundle). Key figures first, then the rest as the budget allows:
#   1. the key figures of every GPU (suite standard: every GPU, near and far node; only the
#      cases `linkperf gpu-figures` reports, at 256M, nvbandwidth's 2 MiB chains, 4K copies)
#      into OUT, within 240 s for the first GPU and 120 s for each further one;
#   2. the key figures with their nvbandwidth testcases and targets (`linkperf gpu-figures`);
#   3. every other GPU path at 4K, 1M and 256M (suite full) into REST (OUT with -rest.json for
#      .json) in what is left of LINKPERF_GPU_MEASURE_SECONDS (default 420 s in all). A run
#      stopped by its limit keeps every case that finished (linkperf stops on SIGTERM after the
#      case in flight and closes its results file).
# Usage: gpu-measure.sh LINKPERF OUT LOGDIR [TESTS_RC [TESTS_LOG]]
#   TESTS_RC, TESTS_LOG: how the caller's GPU tests ended and where their log is (a failed test
#   is reported here, after the measurements: a lent GPU is scarce).
# Environment: CUDA_VISIBLE_DEVICES (its length sets the key figures' limit),
#              LINKPERF_GPU_MEASURE_SECONDS (the whole measuring budget, default 420)
# Exit, the first that applies: 2 usage; 1 the GPU tests failed, a case failed or the key-figure
# run wrote no results; 4 the key-figure run passed its limit (key figures partial); 5 a key
# figure missed its target (or was not measured); 4 the rest passed the budget (partial);
# else 0.
set -euo pipefail
usage="usage: gpu-measure.sh LINKPERF OUT LOGDIR [TESTS_RC [TESTS_LOG]]"
[ $# -ge 3 ] && [ $# -le 5 ] || { echo "$usage" >&2; exit 2; }
linkperf=$1 out=$2 logs=$3 tests_rc=${4:-0} tests_log=${5:-$3}
start=$((-${LINKPERF_GPU_CHECK_ELAPSED:-0})) # the caller's clock, for its step lines
begin=$SECONDS
step() { echo "== [$((SECONDS - start))s] $*"; }
budget=${LINKPERF_GPU_MEASURE_SECONDS:-420}
[[ "$budget" =~ ^[0-9]+$ ]] && [ "$budget" -gt 0 ] ||
  { echo "gpu-measure: LINKPERF_GPU_MEASURE_SECONDS: want seconds > 0, got '$budget'" >&2; exit 2; }
case $out in
  *.json) rest=${out%.json}-rest.json ;;
  *) rest=$out-rest.json ;;
esac
IFS=, read -r -a visible <<<"${CUDA_VISIBLE_DEVICES:-0}"
gpus=${#visible[@]}
[ "$gpus" -ge 1 ] || gpus=1
key_limit=$((240 + 120 * (gpus - 1)))
[ "$key_limit" -le "$budget" ] || key_limit=$budget

# The key figures' cases (case names: path/source/destination/size/threads:N): what
# reports/gpu_key_figures.cpp looks for, and nothing else.
ep='[a-z]+[0-9]+(:(pinned|mapped|device|managed))?'
key="^((ce\\.(h2d|d2h|bidir|d2d|p2p|host_to_all|all_to_host)|sm\\.(h2d|d2h|bidir_loaded|d2d|p2p)"
key+="|um\\.prefetch|lat\\.(gpu_host|gpu_peer|gpu_local))/$ep/$ep/256M/"
key+="|lat\\.(gpu_host_stride|gpu_peer_stride|pingpong)/|lat\\.copy/$ep/$ep/4K/)"

# run NAME LIMIT OUTFILE ARGS...: linkperf run under a time limit; sets run_rc.
run() {
  local name=$1 limit=$2 file=$3
  shift 3
  run_rc=0
  timeout -s TERM -k 30 "$limit" "$linkperf" run "$@" --out "$file" >"$logs/$name.log" 2>&1 ||
    run_rc=$?
  tail -3 "$logs/$name.log"
}

mkdir -p "$(dirname "$out")"
step "key figures of $gpus GPU(s), limit ${key_limit}s -> $out"
run key-figures "$key_limit" "$out" --suite standard --sizes 4K,256M --filter "$key"
key_rc=$run_rc
if [ ! -s "$out" ]; then
  echo "gpu-check: linkperf run (exit $key_rc) wrote no results to $out; its log ends:" >&2
  tail -50 "$logs/key-figures.log" >&2
  exit 1
fi
[ "$key_rc" -ne 124 ] ||
  echo "gpu-check: the key figures passed their ${key_limit} s limit: $out holds the cases" \
    "that finished" >&2

step "key figures"
figures_rc=0
"$linkperf" gpu-figures "$out" || figures_rc=$?

left=$((budget - (SECONDS - begin)))
rest_rc=0
if [ "$left" -ge 30 ]; then
  step "the other GPU paths at 4K, 1M, 256M (suite full), ${left}s left -> $rest"
  run rest "$left" "$rest" --suite full --sizes 4K,1M,256M --filter "^(?!$key)(ce|sm|um|lat)\\."
  rest_rc=$run_rc
  [ "$rest_rc" -ne 124 ] ||
    echo "gpu-check: the other GPU paths passed the budget (${budget} s in all): $rest holds" \
      "the cases that finished (LINKPERF_GPU_MEASURE_SECONDS for more)" >&2
else
  rest_rc=124
  echo "gpu-check: no time left for the other GPU paths (budget ${budget} s)" >&2
fi
step "done (GPU tests exit $tests_rc, key figures exit $key_rc, figures $figures_rc," \
  "rest exit $rest_rc; logs in $logs)"
[ "$tests_rc" -eq 0 ] || { echo "gpu-check: GPU tests failed: see $tests_log" >&2; exit 1; }
[ "$key_rc" -ne 1 ] && [ "$rest_rc" -ne 1 ] || { echo "gpu-check: a case failed" >&2; exit 1; }
[ "$key_rc" -ne 124 ] || exit 4
# linkperf run's 3: every key-figure case was skipped here (no usable CUDA device for them), not
# a missed target.
[ "$key_rc" -ne 3 ] || { echo "gpu-check: no key-figure case could run here (see $logs)" >&2; exit 3; }
[ "$figures_rc" -eq 0 ] || { echo "gpu-check: a key figure missed its target" >&2; exit 5; }
[ "$rest_rc" -ne 124 ] || exit 4
for rc in "$key_rc" "$rest_rc"; do
  [ "$rc" -eq 0 ] || exit "$rc"
done
exit 0
