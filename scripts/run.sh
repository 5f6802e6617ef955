#!/usr/bin/env bash
# The main job: install missing packages, build (Release) into build/, run the default suite
# on this machine, write results/<host>-<date>.json and print the tables.
# Usage: scripts/run.sh [linkperf run options...]   (default: --suite quick)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" core
mkdir -p "$root/build"
LINKPERF_BUILD_DIR="$root/build" "$root/scripts/build.sh" -DLINKPERF_BUILD_TESTS=OFF >/dev/null
cd "$root"
if [ $# -eq 0 ]; then set -- --suite quick; fi
exec "$root/build/bin/linkperf" run "$@"
