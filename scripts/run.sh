#!/usr/bin/env bash
# The main job: install missing packages, build (Release) into build/, run the default suite
# on this machine, write results/<host>-<date>.json, print the tables, and write the HTML
# report of the run beside it (results/<host>-<date>.html).
# Usage: scripts/run.sh [linkperf run options...]   (default: --suite quick)
# Exit: linkperf run's code (README: 0 with cases skipped for this machine, 130/143 after
# Ctrl-C/SIGTERM); the report is written whenever a results file exists, a partial one too.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" core
mkdir -p "$root/build"
LINKPERF_BUILD_DIR="$root/build" "$root/scripts/build.sh" -DLINKPERF_BUILD_TESTS=OFF >/dev/null
cd "$root"
lp=$root/build/bin/linkperf
if [ $# -eq 0 ]; then set -- --suite quick; fi
# The results path: the caller's --out, else results/<host>-<yyyymmdd-hhmmss>.json.
out=""
prev=""
for a in "$@"; do
  case "$a" in
    --out=*) out=${a#--out=} ;;
    --) break ;;
    *) [ "$prev" = "--out" ] && out=$a ;;
  esac
  prev=$a
done
if [ -z "$out" ]; then
  mkdir -p results
  out=results/$(hostname)-$(date -u +%Y%m%d-%H%M%S).json
  set -- --out "$out" "$@"
fi
rc=0
"$lp" run "$@" || rc=$?
if [ -s "$out" ]; then
  html=${out%.json}.html
  "$lp" report "$out" --html "$html" >/dev/null && echo "report: $html"
fi
exit "$rc"
