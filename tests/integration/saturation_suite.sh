#!/usr/bin/env bash
# `linkperf run --suite saturation` and `--suite contention` on this machine: the
# saturation run finishes in under 60 s (natively), writes one saturation record per host path
# (read, copy, write) whose knee and plateau match its own cases' medians, prints them, and the
# HTML report shows each curve with its knee; the contention run verifies its aggressor and
# writes the interference ratio; bad --suite/--sweep/--knee values are usage errors (exit 2).
set -u
here=$(cd "$(dirname "$0")/../reports" && pwd)
DATA=${DATA:-unused}
. "$here/lib.sh"

start=$(date +%s)
"$lp" run --suite saturation --out "$tmp/sat.json" >"$tmp/sat.out" 2>"$tmp/sat.err"
code=$?
took=$(( $(date +%s) - start ))
cat "$tmp/sat.out"
check "saturation run exits 0 (got $code)" test "$code" -eq 0
echo "saturation suite took $took s"
emulated=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["context"]["linkperf"].get("emulated", False))' "$tmp/sat.json" 2>/dev/null)
# Under an emulator (the riscv64 cross suite) time says nothing about the sweep.
if [ "$emulated" != "True" ] && [[ "$lp" != *-emulated ]]; then
  check "saturation suite finishes in under 60 s (took $took s)" test "$took" -lt 60
fi
check "no CUDA device: the GPU sweeps are skipped with the reason" \
  bash -c "grep -q 'GPU paths skipped' '$tmp/sat.out' '$tmp/sat.err' || grep -q 'ce.all_to_host' '$tmp/sat.out'"
pycheck "one saturation record per host path, knee and plateau from its own cases" "$tmp/sat.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
lp = doc["context"]["linkperf"]
problems = []
if lp["suite"] != "saturation":
    problems.append(f"suite {lp['suite']}")
records = {r["path"]: r for r in lp.get("saturation", [])}
for path in ("host.read", "host.copy", "host.write"):
    r = records.get(path)
    if r is None:
        problems.append(f"no saturation record for {path}")
        continue
    points = [e["linkperf"] for e in doc["benchmarks"]
              if e["linkperf"]["path"] == path and e["linkperf"]["status"] == "ok"
              and e["linkperf"]["extra"].get("sweep") == "threads"
              and e["linkperf"]["size_bytes"] == r["size_bytes"]]
    medians = {p["threads"]: p["stats"]["median"] for p in points}
    if sorted(medians) != [p["concurrency"] for p in r["points"]] or len(medians) < 2:
        problems.append(f"{path}: record points {r['points']} vs cases {medians}")
        continue
    plateau = max(medians.values())
    knee = min(t for t, m in medians.items() if m >= r["knee_fraction"] * plateau)
    if abs(r["plateau"] - plateau) > 1e-9 * plateau or r["knee"] != knee:
        problems.append(f"{path}: knee {r['knee']} plateau {r['plateau']}, cases give {knee} {plateau}")
    if r["plateau_reached"] != (knee < max(medians)):
        problems.append(f"{path}: plateau_reached {r['plateau_reached']} with knee {knee}")
    if not r["finding"] or len(r["step_efficiency"]) != len(medians) - 1:
        problems.append(f"{path}: finding/steps {r}")
    print(f"{path}: knee {r['knee']:g} threads, plateau {r['plateau']:.2f} GB/s: {r['finding']}")
PY
check "the run prints each link's knee" bash -c "grep -c '^saturation: host\.' '$tmp/sat.out' | grep -qx 3"

"$lp" report "$tmp/sat.json" --html "$tmp/sat.html" --md "$tmp/sat.md" --csv "$tmp/sat.csv" 2>"$tmp/err"
check "report of the saturation run exits 0" test $? -eq 0
check "HTML draws 3 saturation curves" bash -c "[ \$(grep -c 'class=\"saturation-chart\"' '$tmp/sat.html') -eq 3 ]"
check "HTML marks each knee or says no plateau" bash -c "[ \$(grep -c 'class=\"finding' '$tmp/sat.html') -eq 3 ]"
check "HTML opens with the scorecard" bash -c "grep -o 'id=\"[a-z]*\"' '$tmp/sat.html' | head -1 | grep -q scorecard"
check "Markdown carries the knees" grep -q '^### Saturation' "$tmp/sat.md"
check "CSV carries knee and plateau rows" bash -c "grep -q ',knee,' '$tmp/sat.csv' && grep -q ',plateau,' '$tmp/sat.csv'"

"$lp" run --suite contention --out "$tmp/cont.json" >"$tmp/cont.out" 2>"$tmp/cont.err"
code=$?
cat "$tmp/cont.out"
cpus=$(nproc)
if [ "$cpus" -ge 2 ]; then
  check "contention run exits 0 (got $code)" test "$code" -eq 0
  pycheck "contention pairs: ratio, aggressor running throughout, data verified" "$tmp/cont.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
problems = []
pairs = [e["linkperf"] for e in doc["benchmarks"]]
if sorted(p["path"] for p in pairs) != ["contention.host.copy+host.copy", "contention.host.read+host.copy"]:
    problems.append(f"pairs {[p['path'] for p in pairs]}")
for p in pairs:
    x, run = p["extra"], p["extra"].get("aggressor_run", {})
    ratio = p["stats"]["median"] / x["alone"]["median"]
    if abs(x["interference_ratio"] - ratio) > 1e-9 * ratio:
        problems.append(f"{p['path']}: ratio {x['interference_ratio']} != {ratio}")
    if not (run.get("running_before_victim") and run.get("running_after_victim")
            and run.get("passes_during_victim", 0) > 0 and run.get("data_verified")):
        problems.append(f"{p['path']}: aggressor not verified running: {run}")
    if not p["data_verified"] or p["status"] != "ok":
        problems.append(f"{p['path']}: victim {p['status']} verified {p['data_verified']}")
    if set(run.get("cpus", [])) & set(p["placement"]["cpus_ran_on"]):
        problems.append(f"{p['path']}: victim and aggressor share a CPU")
    print(f"{p['path']}: ratio {x['interference_ratio']:.3f}, aggressor {run['gbps_during_victim']:.2f} GB/s")
PY
  "$lp" report "$tmp/cont.json" --html "$tmp/cont.html" 2>"$tmp/err"
  check "HTML has the interference table" grep -q 'class="interference"' "$tmp/cont.html"
else
  check "one CPU: contention says why and exits 2" test "$code" -eq 2
fi

expect 2 "unknown suite" -- run --suite saturated --out "$tmp/x.json"
expect 2 "unknown sweep" -- run --sweep thread --out "$tmp/x.json"
expect 2 "empty sweep item" -- run --sweep threads,,gpus --out "$tmp/x.json"
expect 2 "empty sweep list" -- run --sweep "" --out "$tmp/x.json"
expect 2 "knee not finite" -- run --suite saturation --knee inf --out "$tmp/x.json"
expect 2 "--sweep with another suite" -- run --suite full --sweep threads --out "$tmp/x.json"
expect 2 "knee of zero" -- run --suite saturation --knee 0 --out "$tmp/x.json"
expect 2 "knee above one" -- run --suite saturation --knee 1.5 --out "$tmp/x.json"
expect 2 "knee not a number" -- run --suite saturation --knee abc --out "$tmp/x.json"
expect 2 "report knee negative" -- report "$tmp/sat.json" --knee -1
expect 0 "list the saturation plan" -- list --suite saturation --sweep threads
check "the plan lists the thread sweep" grep -q 'host.read/.*threads:2' "$tmp/out"
if ! grep -q '"available": true' "$tmp/sat.json" 2>/dev/null; then
  "$lp" run --sweep gpus,peers --out "$tmp/x.json" >"$tmp/out" 2>"$tmp/err"
  code=$?
  check "only GPU sweeps without a device: exit 2 (got $code), the reason and no case" \
    bash -c "[ $code -eq 2 ] && grep -q 'GPU paths skipped' '$tmp/err' && grep -q 'no case to run' '$tmp/err'"
fi
finish
