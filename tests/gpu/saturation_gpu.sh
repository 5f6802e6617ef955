#!/usr/bin/env bash
# On a host with CUDA devices (label gpu; exit 77 = skipped without one): the GPU saturation
# sweeps write one record per swept link whose points are 1..G GPUs (1..G-1 peers), and the GPU
# contention pairs verify their aggressor and write the interference ratio.
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$lp" run --suite contention --out "$tmp/cont.json" >"$tmp/cont.out" 2>"$tmp/cont.err"
code=$?
# The run's notes (no device, no CUDA) are on stdout, under its first line.
if grep -qhE 'no CUDA device|built without CUDA' "$tmp/cont.out" "$tmp/cont.err"; then
  echo "SKIP: $(grep -hE 'no CUDA device|built without CUDA' "$tmp/cont.out" "$tmp/cont.err" | head -1)"
  exit 77
fi
cat "$tmp/cont.out" "$tmp/cont.err"
[ "$code" -eq 0 ] || { echo "FAIL: contention run exited $code"; exit 1; }
python3 - "$tmp/cont.json" <<'PY' || exit 1
import json, sys
doc = json.load(open(sys.argv[1]))
gpu = [e["linkperf"] for e in doc["benchmarks"] if "+ce." in e["linkperf"]["path"]
       or e["linkperf"]["path"].startswith("contention.ce.")]
bad = []
for p in gpu:
    if p["status"] == "skipped":
        print(f"skipped: {p['path']}: {p['error']}")
        continue
    x = p["extra"]
    run = x.get("aggressor_run", {})
    if p["status"] != "ok" or not run.get("data_verified") or run.get("passes_during_victim", 0) < 1:
        bad.append(f"{p['path']}: {p['status']} {p['error']} {run}")
    else:
        print(f"{p['path']}: ratio {x['interference_ratio']:.3f}, aggressor {run['gbps_during_victim']:.1f} GB/s")
if not gpu:
    bad.append("no GPU contention pair planned")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
"$lp" run --sweep gpus,peers --out "$tmp/sat.json" >"$tmp/sat.out" 2>"$tmp/sat.err"
code=$?
if [ "$code" -eq 2 ] && grep -q 'no case to run' "$tmp/sat.err"; then
  echo "one GPU: the GPU sweeps need two or more (nothing planned), as documented"
  exit 0
fi
cat "$tmp/sat.out"
[ "$code" -eq 0 ] || { echo "FAIL: GPU saturation run exited $code"; cat "$tmp/sat.err"; exit 1; }
python3 - "$tmp/sat.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
gpus = len(doc["context"]["linkperf"]["cuda"]["devices"])
records = doc["context"]["linkperf"].get("saturation", [])
bad = []
for path, most in (("ce.all_to_host", gpus), ("ce.host_to_all", gpus), ("ce.all_to_one", gpus - 1)):
    r = [x for x in records if x["path"] == path]
    if not r:
        bad.append(f"no record for {path}")
        continue
    levels = [p["concurrency"] for p in r[0]["points"]]
    if levels[0] != 1 or levels[-1] != most:
        bad.append(f"{path}: levels {levels}, want 1..{most}")
    print(f"{path}: {r[0]['finding']}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
