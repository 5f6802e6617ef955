#!/usr/bin/env bash
# --budget bounds each size by the wall time of its batches: a p2p.bw window of 64 x 4 MiB
# (256 MiB per op) runs batches of fewer than -n ops instead of 5+ batches of 20 (the budget
# once added up per-op times, and such sizes ran minutes each); --progress 0 prints a progress
# line on stderr after every size.
set -euo pipefail
source "$(dirname "$0")/common.sh"
expect_code 0 "${MPIRUN[@]}" -np 2 "$LINKPERF_COLL" p2p.bw,all_reduce -b 4M -e 4M --budget 0.2 \
    --progress 0 -T 120 --out "$work/budget.json"
grep -Eq '^# linkperf-coll: [0-9]+ s: p2p.bw at .* done \(op 1 of 2\)' "$err_file" ||
    { cat "$err_file" >&2; fail "no progress line on stderr"; }
grep -Eq '^# linkperf-coll: [0-9]+ s: all_reduce at .* done \(op 2 of 2\)' "$err_file" ||
    { cat "$err_file" >&2; fail "no progress line for the second op"; }
python3 - "$work/budget.json" <<'PY' || fail "the batches were not sized to the budget"
import json, sys
entries = json.load(open(sys.argv[1]))["benchmarks"]
bw = [e for e in entries if e["linkperf"]["path"] == "coll.p2p.bw"]
assert len(bw) == 1, bw
x = bw[0]["linkperf"]["extra"]
# One op moves 64 x 4 MiB: -n 20 of them cannot fit 6 batches in 0.2 s on any host here.
assert 1 <= x["iters"] < 20, x["iters"]
assert x["warmup_iters"] <= x["iters"] + 1, x
samples = len(bw[0]["linkperf"]["samples"])
# At least --batches; and well below the 50-batch cap the per-op budget used to run to.
assert 5 <= samples < 20, samples
for e in entries:
    assert e["linkperf"]["status"] == "ok", e["linkperf"]
PY
echo "ok: p2p.bw 4M and all_reduce 4M: batches sized to --budget, progress lines printed"
