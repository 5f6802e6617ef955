#!/usr/bin/env bash
# A declared dependency cycle fails configure (GLOBAL_DEPENDS_NO_CYCLES in CMakeLists.txt):
# configures the project with LINKPERF_PLANT_DEPENDENCY_CYCLE, which declares two static
# libraries that link each other and stops; without the property CMake accepts that cycle.
# Exit 0: configure failed naming the cycle; 1 otherwise.
# Usage: dependency_cycle.sh SOURCE_DIR [CMAKE_GENERATOR]
set -u
root=${1:?usage: dependency_cycle.sh SOURCE_DIR [CMAKE_GENERATOR]}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=(-S "$root" -B "$tmp" -DLINKPERF_PLANT_DEPENDENCY_CYCLE=ON)
[ -n "${2:-}" ] && args+=(-G "$2")
out=$(cmake "${args[@]}" 2>&1)
rc=$?
if [ $rc -eq 0 ]; then
  echo "dependency cycle: configure accepted linkperf_planted_a <-> linkperf_planted_b"
  exit 1
fi
if ! grep -q "linkperf_planted_a" <<<"$out" || ! grep -qi "cycle" <<<"$out"; then
  echo "dependency cycle: configure failed, but not on the planted cycle:"
  echo "$out"
  exit 1
fi
echo "dependency cycle: configure refused the planted cycle"
