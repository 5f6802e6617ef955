# The Node Problem Detector custom plugin (deploy/npd/): the monitor config is a valid custom
# plugin config whose rule runs the shipped script, and the script answers in NPD's protocol
# (0 OK, 1 NonOK, 2 Unknown) for a healthy, a failing and a broken node (docs/health.md).
. "$(dirname "$0")/../reports/lib.sh"
npd=$DEPLOY/npd
sysfs=$DATA/../sysfs
make() { python3 "$(dirname "$0")/make_gpu_results.py" "$@" --template "$data/host-small-x86_64.json"; }

pycheck "the monitor config is an NPD custom plugin config running the shipped script" \
  "$npd/linkperf-check-monitor.json" "$npd" <<'PY'
import json, os
c = json.load(open(sys.argv[1]))
if c.get("plugin") != "custom":
    problems.append("plugin is not custom")
pc = c.get("pluginConfig", {})
for k in ("invoke_interval", "timeout", "max_output_length", "concurrency"):
    if k not in pc:
        problems.append(f"pluginConfig.{k} missing")
conditions = {x["type"] for x in c.get("conditions", [])}
for r in c.get("rules", []):
    if r.get("type") not in ("temporary", "permanent"):
        problems.append(f"rule type {r.get('type')}")
    if r.get("type") == "permanent" and r.get("condition") not in conditions:
        problems.append(f"rule condition {r.get('condition')} not among {conditions}")
    script = os.path.join(sys.argv[2], os.path.basename(r["path"]))
    if not r["path"].startswith("/opt/linkperf/npd/") or not os.access(script, os.X_OK):
        problems.append(f"rule path {r['path']}: no executable {script}")
if not c.get("rules"):
    problems.append("no rule")
PY
rule=$(python3 -c "import json,os,sys; print(os.path.basename(json.load(open(sys.argv[1]))['rules'][0]['path']))" \
  "$npd/linkperf-check-monitor.json")
plugin=$npd/$rule

# node NAME WANT ENV...: runs the plugin as NPD does; its code and one line of output.
node() {
  local what=$1 want=$2
  shift 2
  total=$((total + 1))
  env LINKPERF="$lp" LINKPERF_SYSFS="$sysfs/pcie-gen5-x16" "$@" sh "$plugin" >"$tmp/npd.out" 2>&1
  local got=$?
  if [ "$got" -ne "$want" ] || [ "$(wc -l <"$tmp/npd.out")" -ne 1 ]; then
    echo "FAIL: $what: exit $got, want $want, output:"; cat "$tmp/npd.out"; fails=$((fails + 1))
  else
    echo "ok: $what -> $got: $(cat "$tmp/npd.out")"
  fi
}

mkdir -p "$tmp/healthy" "$tmp/failing" "$tmp/empty"
make "$tmp/healthy/node-20261201.json" --gbps 20 --link 5:16
make "$tmp/healthy/node-20261207.json" --gbps 53.5 --link 5:16
make "$tmp/failing/node-20261207.json" --gbps 26.8 --link 5:8:5:16
make "$tmp/weak.json" --gbps 44 --link 5:16
head -c 200 "$tmp/healthy/node-20261207.json" >"$tmp/broken.json"

node "a healthy node: OK (the newest results file is judged)" 0 LINKPERF_RESULTS_DIR="$tmp/healthy"
node "a node trained x8: NonOK" 1 LINKPERF_RESULTS_DIR="$tmp/failing" LINKPERF_SYSFS="$sysfs/pcie-gen5-x8"
check "... its message names the failing check" grep -q 'FAILING' "$tmp/npd.out"
node "warnings only: OK, with the message" 0 LINKPERF_RESULTS="$tmp/weak.json"
check "... which says WARNING" grep -q 'WARNING' "$tmp/npd.out"
node "a broken node (truncated results): Unknown" 2 LINKPERF_RESULTS="$tmp/broken.json"
node "a node with no results at all: Unknown" 2 LINKPERF_RESULTS_DIR="$tmp/empty"
node "no expectation matched: Unknown, never OK" 2 LINKPERF_RESULTS="$data/host-small-x86_64.json"
node "no linkperf binary: Unknown" 2 LINKPERF_RESULTS="$tmp/weak.json" LINKPERF="$tmp/no-such-binary"
node "a bad profile: Unknown" 2 LINKPERF_RESULTS="$tmp/weak.json" LINKPERF_PROFILE="$tmp/weak.json"
finish
