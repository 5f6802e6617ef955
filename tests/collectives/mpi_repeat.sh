#!/usr/bin/env bash
# --repeat 3 on 2 ranks: every case has one entry per pass, the context records the passes and
# the seed, every entry records its contention (a contended pass is inconclusive for the gate),
# and the run-level gate reads the file (a file against itself: no regression).
set -euo pipefail
source "$(dirname "$0")/common.sh"
expect_code 0 "${MPIRUN[@]}" -np 2 "$LINKPERF_COLL" all_reduce,broadcast --sizes 1K,64K \
    -w 1 -n 3 --budget 0.02 -T 60 --repeat 3 --out "$work/r.json"
python3 - "$work/r.json" <<'PY'
import collections, json, sys
d = json.load(open(sys.argv[1]))
rep = d["context"]["linkperf"]["repeat"]
if rep["passes"] != 3 or rep["seed"] != 1:
    sys.exit("context repeat: %r" % rep)
passes = collections.Counter()
for b in d["benchmarks"]:
    lp = b["linkperf"]
    passes[(lp["extra"]["op"], lp["size_bytes"], lp["extra"]["in_place"])] += 1
    if lp["pass"] not in (0, 1, 2):
        sys.exit("pass %r" % lp["pass"])
    c = lp.get("contention")
    if not isinstance(c, dict) or not isinstance(c.get("contended"), bool) or c.get("cpus", 0) < 1:
        sys.exit("no contention record: %r" % c)
    if c["contended"] != bool(c["why"]):
        sys.exit("contended without a reason, or a reason without contended: %r" % c)
if len(passes) != 8 or set(passes.values()) != {3}:
    sys.exit("want 8 cases x 3 passes, got %r" % passes)
print("repeat entries ok")
PY
if [ -n "${LINKPERF:-}" ]; then
  expect_code 0 "$LINKPERF" compare "$work/r.json" "$work/r.json" --junit "$work/j.xml"
  grep -q 'name="runs" value="3 vs 3"' "$work/j.xml" || fail "JUnit lacks the run-level properties"
fi
