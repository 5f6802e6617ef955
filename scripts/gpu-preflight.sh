#!/usr/bin/env bash
# The up-front checks of the GPU bundle's gpu-check.sh (shipped in the bundle), before anything
# is measured, one line and one exit code each: glibc as new as the bundle's binaries need, an
# NVIDIA driver (libcuda.so.1), one that supports the bundle's CUDA version, a visible GPU (the
# last three by bin/linkperf-gpu-preflight, which needs only libc).
# GLIBC_NEEDED_COLL, when given, is linkperf-coll's own floor (Open MPI's libraries): a glibc
# older than it only adds to the all-found line that the NCCL test will be skipped.
# Usage: gpu-preflight.sh BIN_DIR CUDA_NEEDED GLIBC_NEEDED [GLIBC_NEEDED_COLL]
#        (e.g. bin 13000 2.35 2.36)
#        gpu-preflight.sh --glibc-below VERSION: exit 0 and print this host's glibc (or
#        "an unknown one") when it is older than VERSION or unknown, else exit 1; gpu-check.sh
#        asks this before the NCCL test, so both decide on one glibc figure.
# Exit: 0 all found (one line naming the driver and the GPUs); 8 glibc older than GLIBC_NEEDED;
# 6 no NVIDIA driver found; 7 the driver is too old; 3 no GPU visible; 2 usage.
set -euo pipefail
older_than() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" != "$2" ]; }
glibc=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{ print $2 }' || true)
[ -n "$glibc" ] || glibc=$( (ldd --version 2>/dev/null || true) | awk 'NR == 1 { print $NF }')
if [ $# -eq 2 ] && [ "$1" = --glibc-below ]; then
  if [ -z "$glibc" ]; then
    echo "an unknown one"
  elif older_than "$glibc" "$2"; then
    echo "$glibc"
  else
    exit 1
  fi
  exit 0
fi
[ $# -eq 3 ] || [ $# -eq 4 ] || {
  echo "usage: gpu-preflight.sh BIN_DIR CUDA_NEEDED GLIBC_NEEDED [GLIBC_NEEDED_COLL]" >&2
  echo "       gpu-preflight.sh --glibc-below VERSION" >&2
  exit 2
}
bin=$1 cuda_needed=$2 glibc_needed=$3 glibc_needed_coll=${4:-}

# glibc first: a binary that needs a newer one does not even start.
if [ -z "$glibc" ]; then
  echo "gpu-check: glibc not found (getconf GNU_LIBC_VERSION, ldd --version): this bundle needs" \
    "glibc $glibc_needed or newer" >&2
  exit 8
fi
if older_than "$glibc" "$glibc_needed"; then
  echo "gpu-check: glibc $glibc found; this bundle needs glibc $glibc_needed or newer; on this" \
    "host build from source with scripts/gpu-check.sh, see README" >&2
  exit 8
fi

rc=0
line=$("$bin/linkperf-gpu-preflight" "$cuda_needed" 2>&1) || rc=$?
if [ "$rc" -eq 0 ]; then
  coll=""
  if [ -n "$glibc_needed_coll" ] && older_than "$glibc" "$glibc_needed_coll"; then
    coll="; linkperf-coll needs glibc $glibc_needed_coll (Open MPI's libraries): the NCCL test is skipped"
  fi
  echo "gpu-check: glibc $glibc, $line$coll"
else
  echo "gpu-check: $line" >&2
fi
exit "$rc"
