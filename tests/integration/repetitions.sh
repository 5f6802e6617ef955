#!/usr/bin/env bash
# `-- --benchmark_repetitions=3` writes three entries of the case, each its own measurement
# (repetition_index 0, 1, 2; distinct samples), so a gate never pools copies of one repetition.
set -euo pipefail
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$lp" run --filter '^host\.read/.*/4K/threads:1$' --out "$tmp/rep.json" \
  -- --benchmark_repetitions=3 >"$tmp/out" 2>&1 || { cat "$tmp/out"; exit 1; }
python3 - "$tmp/rep.json" <<'PY'
import json, sys
entries = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b["run_type"] == "iteration"]
idx = sorted(b["repetition_index"] for b in entries)
assert idx == [0, 1, 2], f"repetition indexes {idx}"
assert all(b["repetitions"] == 3 for b in entries), "repetitions field"
samples = [tuple(b["linkperf"]["samples"]) for b in entries]
assert len(set(samples)) == 3, "the repetitions are copies of one measurement"
print("3 repetitions, each its own measurement")
PY
