#!/usr/bin/env bash
# --scaling on 4 ranks: the sweep runs on 2 then 4 ranks (sub-communicators), the report
# gives busbw and efficiency, and the entries carry both rank counts.
set -euo pipefail
source "$(dirname "$0")/common.sh"
expect_code 0 "${MPIRUN[@]}" -np 4 "$LINKPERF_COLL" all_reduce,alltoall --scaling -b 64 -e 4K \
    -f 8 -w 1 -n 3 --budget 0.02 -T 60 --out "$work/s.json"
cat "$work/stdout"
grep -q "^# scaling: all_reduce out-of-place, busbw (GB/s) and efficiency vs 2 ranks" \
    "$work/stdout" || fail "no scaling table"
python3 "$LINKPERF_CHECK_RESULTS" "$work/s.json" --ranks 2 4 --ops all_reduce alltoall \
    --sizes 64 512 4096
python3 - "$work/s.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for b in d["benchmarks"]:
    x = b["linkperf"]["extra"]
    eff = x.get("scaling_efficiency")
    if eff is None or x["scaling_base_ranks"] != 2:
        sys.exit("entry without scaling efficiency: " + b["name"])
    if x["ranks"] == 2 and abs(eff - 1.0) > 1e-12:
        sys.exit("the base rank count must have efficiency 1: " + b["name"])
    want = x["busbw"] / next(c["linkperf"]["extra"]["busbw"] for c in d["benchmarks"]
                             if c["linkperf"]["extra"]["ranks"] == 2
                             and c["linkperf"]["extra"]["op"] == x["op"]
                             and c["linkperf"]["size_bytes"] == b["linkperf"]["size_bytes"]
                             and c["linkperf"]["extra"]["in_place"] == x["in_place"])
    if abs(eff - want) > 1e-9 * max(1.0, want):
        sys.exit("efficiency %r, want %r: %s" % (eff, want, b["name"]))
print("scaling entries ok")
PY
