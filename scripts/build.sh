#!/usr/bin/env bash
# Configures and builds linkperf (Release) into build/ (or $LINKPERF_BUILD_DIR).
# Extra arguments go to the cmake configure step.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LINKPERF_BUILD_DIR:-$root/build}
mkdir -p "$build"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@" >"$build/configure.log" 2>&1 ||
  { cat "$build/configure.log" >&2; exit 1; }
cmake --build "$build" -j"$(nproc)"
