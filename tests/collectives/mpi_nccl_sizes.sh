#!/usr/bin/env bash
# nccl-tests' habitual sizes on 4 ranks: `all -b 8 -e 1M -f 4` runs every op with 0
# wrong, sizes an op cannot split are rounded (the size used printed and recorded, the size
# asked for kept as requested_size_bytes), every case has the default >= 5 timed batches, and
# the regression gate fails a copy with every figure 20% worse in every case (exit 1), passes
# the file itself, and calls a one-batch run's worse copy "unjudged", which fails unless allowed.
set -euo pipefail
source "$(dirname "$0")/common.sh"
LP=${LINKPERF:?set LINKPERF to the linkperf binary}
expect_code 0 "${MPIRUN[@]}" -np 4 "$LINKPERF_COLL" all -b 8 -e 1M -f 4 -w 2 -n 5 --budget 0.05 -T 120 \
    --out "$work/r.json"
cat "$work/stdout"
ok=$(grep -c "^# Out of bounds values : 0 OK" "$work/stdout")
[ "$ok" -eq 9 ] || fail "$ok of 9 tables report 0 wrong"
grep -q "^# 8 B rounded to 16 B: all_gather on 4 ranks runs at multiples of 16 B" "$work/stdout" ||
    fail "the rounding of 8 B for all_gather is not printed"
python3 - "$work/r.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
cases = doc["benchmarks"]
ops = {e["linkperf"]["extra"]["op"] for e in cases}
assert len(ops) == 9, ops
for e in cases:
    lp = e["linkperf"]
    x = lp["extra"]
    assert lp["status"] == "ok", (e["name"], lp["status"])
    assert x["wrong"] == 0, e["name"]
    assert len(lp["samples"]) >= 5, (e["name"], len(lp["samples"]))
    if x["op"] in ("all_gather", "reduce_scatter", "alltoall"):
        assert lp["size_bytes"] % 16 == 0, e["name"]
ag = [e["linkperf"] for e in cases if e["linkperf"]["extra"]["op"] == "all_gather"]
small = min(ag, key=lambda lp: lp["size_bytes"])
assert small["size_bytes"] == 16 and small["extra"]["requested_size_bytes"] == 8, small
print(f"{len(cases)} cases, 9 ops, 0 wrong, >= 5 samples each; all_gather 8 B ran at 16 B")
PY
python3 - "$work/r.json" "$work/slow.json" "$work/one.json" "$work/one-slow.json" <<'PY'
import json, sys
src, slow, one, one_slow = sys.argv[1:]
def write(path, slower, keep=None):
    doc = json.load(open(src))
    for e in doc["benchmarks"]:
        lp = e["linkperf"]
        worse = 1 - slower if lp["higher_is_better"] else 1 + slower
        lp["samples"] = [s * worse for s in lp["samples"][:keep]]
        for k in ("min", "max", "mean", "median", "p5", "p95", "stddev"):
            lp["stats"][k] *= worse
    json.dump(doc, open(path, "w"))
write(slow, 0.2)          # every figure 20% worse
write(one, 0.0, keep=1)    # one batch per case, as linkperf-coll once took
write(one_slow, 0.2, keep=1)
PY
expect_code 0 "$LP" compare "$work/r.json" "$work/r.json"
expect_code 1 "$LP" compare "$work/r.json" "$work/slow.json" --junit "$work/j.xml"
# Every case fails: regressed, or unjudged where its batches spread wider than 20% (this VM).
grep -Eq "0 improved, [0-9]+ regressed, [0-9]+ unjudged, 0 unchanged, 0 noisy, 0 missing" \
    "$work/stdout" || fail "20% worse: a case passed: $(tail -1 "$work/stdout")"
expect_code 1 "$LP" compare "$work/one.json" "$work/one-slow.json" --junit "$work/j1.xml"
grep -q "^unjudged " "$work/stdout" || fail "one batch per side is not reported unjudged"
expect_message "unjudged"
python3 -c "
import sys, xml.etree.ElementTree as ET
f = [c.find('failure') for c in ET.parse(sys.argv[1]).iter('testcase')]
t = [x.get('type') for x in f if x is not None]
sys.exit(0 if t and set(t) == {'unjudged'} and 'too few samples' in (f[0].text or '') else 1)" \
    "$work/j1.xml" || fail "JUnit does not mark unjudged cases failed with the reason"
expect_code 0 "$LP" compare "$work/one.json" "$work/one-slow.json" --allow-unjudged
echo "nccl-tests sizes: every op ran, rounded sizes recorded, the gate judges every case"
