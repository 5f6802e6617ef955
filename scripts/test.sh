#!/usr/bin/env bash
# Installs missing packages, builds linkperf with its tests into build-test/ and runs ctest.
# Exits non-zero on any failure. GPU tests (label gpu) report SKIPPED where no device exists.
# Usage: scripts/test.sh [ctest arguments...]
#        scripts/test.sh --riscv64 [cross-riscv64.sh arguments...]  (cross build + emulated suite)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = "--riscv64" ]; then
  shift
  exec "$root/scripts/cross-riscv64.sh" "$@"
fi
"$root/scripts/install-deps.sh"
build=${LINKPERF_TEST_BUILD_DIR:-$root/build-test}
LINKPERF_BUILD_DIR="$build" "$root/scripts/build.sh" -DLINKPERF_BUILD_TESTS=ON -DLINKPERF_WERROR=ON
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 600 "$@"
# The results loader under libFuzzer on the committed corpus (LINKPERF_FUZZ_SECONDS=0: off).
[ "${LINKPERF_FUZZ_SECONDS:-60}" = 0 ] || "$root/scripts/fuzz-results.sh" "${LINKPERF_FUZZ_SECONDS:-60}"
