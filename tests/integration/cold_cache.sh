#!/usr/bin/env bash
# `--cold` (docs/cold-cache.md): opt-in (the default plan has no cold case), cold twins only at
# sizes that fit in the last-level cache, refused with a study; on real hardware a flushed
# in-cache buffer is slower than the warm one: host.latency.cold above host.latency at 32K,
# host.read.cold below host.read at 256K.
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
perf_checks=${LINKPERF_PERF_CHECKS:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$lp" list >"$tmp/default.txt" 2>/dev/null || fail "list exits non-zero"
grep -q '\.cold/' "$tmp/default.txt" && fail "the default plan has cold cases"
"$lp" list --cold >"$tmp/cold.txt" 2>/dev/null || fail "list --cold exits non-zero"
grep -q '^host\.read\.cold/.*/threads:1 ' "$tmp/cold.txt" || fail "list --cold has no host.read.cold case"
grep -q '^host\.latency\.cold/' "$tmp/cold.txt" || fail "list --cold has no host.latency.cold case"
grep -q '^host\.read\.cold/.*threads:[02-9]' "$tmp/cold.txt" && fail "a cold read with more than one thread"
"$lp" list --suite saturation --cold >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q '^linkperf:.*--cold' "$tmp/err" || fail "--cold with --suite saturation is not a usage error"

# Under an emulator there are no caches to compare (and no flush instruction: an eviction
# buffer twice the last-level cache is walked before every pass), so one small case checks
# the data only.
emulated=0
[[ "$lp" == *-emulated ]] && emulated=1
if [ "$emulated" = 1 ]; then
  sizes=4K
  filter='^host\.latency\.cold/'
else
  sizes=32K,256K
  filter='^host\.(latency|read)(\.cold)?/node[0-9]+/[^/]+/(32K|256K)/threads:1$'
fi
if ! "$lp" run --cold --sizes "$sizes" --filter "$filter" --out "$tmp/r.json" >"$tmp/run.out" 2>&1; then
  cat "$tmp/run.out"; fail "run --cold exits non-zero"
fi
python3 - "$tmp/r.json" "$emulated" "$perf_checks" <<'PY' || fails=$((fails + 1))
import json, sys
doc = json.load(open(sys.argv[1]))
emulated, perf = sys.argv[2] == "1", sys.argv[3] == "1"
cases = {}
for b in doc["benchmarks"]:
    lp = b["linkperf"]
    if lp["source"]["role"] != "local":
        continue
    cases[(lp["path"], lp["size_bytes"])] = lp
problems = []
for (path, size), lp in cases.items():
    if lp["status"] != "ok" or not lp["data_verified"]:
        problems.append(f"{path} {size}: {lp['status']} {lp['error']}")
    if path.endswith(".cold") and lp["extra"].get("cache_flush") != doc["context"]["linkperf"]["isa_features"]["cache_flush"]:
        problems.append(f"{path} {size}: flush method {lp['extra'].get('cache_flush')} not the build's")
cold = [k for k in cases if k[0].endswith(".cold")]
if not cold:
    problems.append("no cold case ran")
if not emulated and perf:
    def median(path, size):
        return cases[(path, size)]["stats"]["median"]
    warm_lat, cold_lat = median("host.latency", 32768), median("host.latency.cold", 32768)
    warm_read, cold_read = median("host.read", 262144), median("host.read.cold", 262144)
    print(f"32K latency: warm {warm_lat:.1f} ns, cold {cold_lat:.1f} ns; "
          f"256K read: warm {warm_read:.1f} GB/s, cold {cold_read:.1f} GB/s")
    if not cold_lat > 2 * warm_lat:
        problems.append(f"cold 32K latency {cold_lat:.1f} ns is not above twice the warm {warm_lat:.1f} ns")
    if not cold_read < warm_read:
        problems.append(f"cold 256K read {cold_read:.1f} GB/s is not below the warm {warm_read:.1f} GB/s")
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
[ "$fails" -eq 0 ] && echo "cold-cache cases: all checks passed" || { echo "$fails check(s) failed"; exit 1; }
