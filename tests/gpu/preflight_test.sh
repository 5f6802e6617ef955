#!/usr/bin/env bash
# The GPU bundle's up-front checks (scripts/gpu-preflight.sh with linkperf-gpu-preflight), no
# GPU needed: fake libcuda.so.1 libraries built here report an old driver, no device, zero
# devices or two; a missing library, one without the driver's symbols and a glibc older than
# the bundle needs each get their one line and exit code.
# Usage: preflight_test.sh PREFLIGHT_SH BIN_DIR   (BIN_DIR holds linkperf-gpu-preflight)
set -euo pipefail
script=$1
bin=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
cc=$(command -v cc || command -v gcc) || { echo "SKIPPED: no C compiler"; exit 77; }

# fake VERSION INIT_RC COUNT: a driver library answering like a real one would.
fake() {
  cat >"$work/fake.c" <<C
int cuDriverGetVersion(int* v) { *v = $1; return 0; }
int cuInit(unsigned flags) { (void)flags; return $2; }
int cuDeviceGetCount(int* n) { *n = $3; return 0; }
C
  "$cc" -shared -fPIC -o "$work/libcuda-$1-$2-$3.so.1" "$work/fake.c"
  echo "$work/libcuda-$1-$2-$3.so.1"
}
# expect RC TEXT LIBRARY [GLIBC_NEEDED [GLIBC_NEEDED_COLL]]
expect() {
  local want=$1 text=$2 lib=$3 glibc=${4:-2.17} rc=0
  LINKPERF_LIBCUDA=$lib CUDA_VISIBLE_DEVICES=0 "$script" "$bin" 13000 "$glibc" ${5:+"$5"} \
    >"$work/out" 2>&1 || rc=$?
  cat "$work/out"
  [ "$rc" = "$want" ] || fail "exit $rc, want $want ($lib)"
  [ "$(wc -l <"$work/out")" = 1 ] || fail "more than one line ($lib)"
  grep -qF -- "$text" "$work/out" || fail "no '$text' ($lib)"
}

expect 6 "gpu-check: no NVIDIA driver found ($work/none/libcuda.so.1 cannot be loaded" \
  "$work/none/libcuda.so.1"
echo 'int unrelated(void) { return 0; }' >"$work/other.c"
"$cc" -shared -fPIC -o "$work/libother.so.1" "$work/other.c"
expect 6 "no NVIDIA driver found ($work/libother.so.1 lacks cuDriverGetVersion" \
  "$work/libother.so.1"
expect 7 "gpu-check: driver supports CUDA 12.4; this bundle needs 13.0 (driver 580+); on older \
drivers build from source with CUDA 12.2+, see README" "$(fake 12040 0 1)"
expect 3 "gpu-check: no GPU visible (cuInit/cuDeviceGetCount: CUDA error 100 (no device); \
driver supports CUDA 13.0; CUDA_VISIBLE_DEVICES=0)" "$(fake 13000 100 0)"
expect 3 "no GPU visible (the driver counts 0 devices" "$(fake 13000 0 0)"
expect 0 "driver supports CUDA 13.1, 2 GPU(s) visible" "$(fake 13010 0 2)"
# glibc is checked first: the bundle's binaries would not start.
expect 8 "this bundle needs glibc 99.1 or newer" "$(fake 13010 0 2)" 99.1
# linkperf-coll's own floor (Open MPI's libraries) only says the NCCL test will be skipped.
expect 0 "2 GPU(s) visible; linkperf-coll needs glibc 99.2 (Open MPI's libraries): the NCCL test \
is skipped" "$(fake 13010 0 2)" 2.17 99.2
expect 0 "2 GPU(s) visible" "$(fake 13010 0 2)" 2.17 2.17
! grep -q "linkperf-coll" "$work/out" || fail "a glibc new enough for linkperf-coll was reported"
# gpu-check.sh asks the same glibc figure whether linkperf-coll can run (the NCCL test).
host=$(getconf GNU_LIBC_VERSION | awk '{ print $2 }')
[ "$("$script" --glibc-below 99.2)" = "$host" ] || fail "--glibc-below 99.2 did not print glibc $host"
rc=0
"$script" --glibc-below 2.17 >/dev/null || rc=$?
[ "$rc" = 1 ] || fail "--glibc-below 2.17 exited $rc on glibc $host, want 1"
rc=0
"$bin/linkperf-gpu-preflight" 13x >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "a bad version argument exited $rc, want 2"
echo "preflight: every check has its line and exit code"
