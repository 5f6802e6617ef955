#!/usr/bin/env bash
# Times `linkperf fleet` on a synthetic fleet of quick-suite results files (docs/fleet.md,
# "Scale"): N nodes (default 2000) copied from the real quick-suite run in tests/data with seeded
# noise and a few planted problems (tests/fleet/make_fleet.py), then the fleet report with HTML,
# JSON and CSV; prints wall time, peak memory (GNU time's maximum resident set size), the input
# and output sizes and the load of the machine while it ran.
# Usage: scripts/bench-fleet.sh [NODES] (LINKPERF: the binary, default build/bin/linkperf)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
nodes=${1:-2000}
lp=${LINKPERF:-$root/build/bin/linkperf}
[ -x "$lp" ] || { echo "bench-fleet: no linkperf at $lp (scripts/build.sh, or set LINKPERF)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench-fleet: needs GNU time (apt-get install time)" >&2; exit 2; }
case "$nodes" in '' | *[!0-9]*) echo "bench-fleet: NODES must be a number" >&2; exit 2 ;; esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
data=$root/tests/data/results
python3 "$root/tests/fleet/make_fleet.py" --out "$tmp/fleet" --nodes "$nodes" \
  --template "$data/quick-riscv64-emulated.json" --seed 2026 \
  --plant 17:slow:host.copy:1.5 --plant 401:slow:host.read:67108864:1.4 \
  --plant 999:slow:host.latency:1.3 --plant 1200:incomplete --plant 1500:failed:host.write:4096
echo "input: $(find "$tmp/fleet" -name '*.json' | wc -l) files, $(du -sh "$tmp/fleet" | cut -f1)," \
  "$(nproc) CPUs, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f '%e s wall, %U s user, %S s system, %M KiB max RSS' -o "$tmp/time" \
  "$lp" fleet "$tmp"/fleet/*.json --baseline "$data/quick-riscv64-emulated.json" \
  --html "$tmp/fleet.html" --json "$tmp/verdicts.json" --csv "$tmp/verdicts.csv" >"$tmp/summary"
head -n 12 "$tmp/summary"
echo "linkperf fleet, $nodes nodes: $(cat "$tmp/time")"
echo "outputs: HTML $(du -h "$tmp/fleet.html" | cut -f1), JSON $(du -h "$tmp/verdicts.json" | cut -f1)," \
  "CSV $(du -h "$tmp/verdicts.csv" | cut -f1); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
