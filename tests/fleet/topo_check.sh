#!/usr/bin/env bash
# `linkperf topo` and `topo --check` on the live machine, recorded sysfs trees
# (tests/data/sysfs) and hwloc exports (tests/data/topologies): exit codes and findings.
# lp, data (DATA: tests/data here), tmp and fails come from the reports tests' lib.sh.
. "$(dirname "$0")/../reports/lib.sh"

check() { # check WANT_EXIT WANT_FAIL_LINES DESCRIPTION -- ARGS...
  local want=$1 want_fails=$2 what=$3
  shift 4
  "$lp" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$? nfail
  nfail=$(grep -c '^FAIL ' "$tmp/out")
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, want $want (linkperf $*)"; cat "$tmp/out" "$tmp/err"; fails=$((fails + 1))
  elif [ "$want_fails" != "-" ] && [ "$nfail" -ne "$want_fails" ]; then
    echo "FAIL: $what: $nfail FAIL lines, want $want_fails"; cat "$tmp/out"; fails=$((fails + 1))
  elif [[ " $* " == *" --check "* && " $* " != *" --json "* ]] &&
       grep -v -E '^(FAIL|WARN) [^ ]+: .+$|^topo --check: ' "$tmp/out" | grep -q .; then
    echo "FAIL: $what: a line that is neither a finding nor the summary"; cat "$tmp/out"; fails=$((fails + 1))
  else
    echo "ok: $what -> exit $got, $nfail failure line(s)"
  fi
}

sys=$data/sysfs
# The live machine: no GPU here passes; a GPU host passes or names each failure on one line.
live_gpus=$("$lp" topo --check --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["gpus"])')
if [ "$live_gpus" -eq 0 ]; then
  check 0 0 "live machine without GPUs passes" -- topo --check
else
  echo "note: live machine has $live_gpus GPU(s): its findings are shown, not judged"
  "$lp" topo --check --allow-idle-downtrain
fi
check 1 1 "live: --expect-gpus one more than present fails" -- topo --check --expect-gpus $((live_gpus + 1))
check 0 0 "live: text matrix" -- topo
check 0 0 "live: JSON" -- topo --json

check 0 0 "dgx-h100: healthy, 4 GPUs, IOMMU on" -- topo --check --sysfs "$sys/dgx-h100" --expect-gpus 4 --require-iommu
check 0 0 "dgx-h100-noacs: a GPU's own downstream port in its IOMMU group" -- topo --check --sysfs "$sys/dgx-h100-noacs" --expect-gpus 4 --require-iommu
grep -q '^WARN ' "$tmp/out" && { echo "FAIL: dgx-h100-noacs: a bridge in the group is not even a warning"; cat "$tmp/out"; fails=$((fails + 1)); }
check 1 1 "dgx-h100: 8 GPUs expected" -- topo --check --sysfs "$sys/dgx-h100" --expect-gpus 8
check 1 4 "faulty: x8, Gen4, shared IOMMU group, empty NUMA node" -- topo --check --sysfs "$sys/faulty"
check 1 3 "faulty: idle downtrain allowed" -- topo --check --sysfs "$sys/faulty" --allow-idle-downtrain
check 1 2 "hgx: idle Gen1 GPU and narrow switch uplink" -- topo --check --sysfs "$sys/hgx"
check 1 1 "hgx: the uplink still fails with --allow-idle-downtrain" -- topo --check --sysfs "$sys/hgx" --allow-idle-downtrain
check 0 0 "gh200: C2C GPU without a PCIe link" -- topo --check --sysfs "$sys/gh200"
check 1 1 "vm: --require-iommu without IOMMU groups" -- topo --check --sysfs "$sys/vm" --require-iommu
check 0 0 "vm: emulated root port is not judged" -- topo --check --sysfs "$sys/vm"
check 1 - "faulty: JSON findings" -- topo --check --json --sysfs "$sys/faulty"
if ! python3 - "$tmp/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
assert j["ok"] is False and j["gpus"] == 5, j
sev = [f["severity"] for f in j["findings"]]
assert sev.count("failure") == 4 and sev.count("warning") == 2, sev
PY
then echo "FAIL: faulty JSON findings"; fails=$((fails + 1)); fi

check 0 - "dgx-h100: matrix JSON" -- topo --json --sysfs "$sys/dgx-h100"
if ! python3 - "$tmp/out" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
m = j["gpu_matrix"]
assert m["connection"][0] == ["X", "PIX", "SYS", "SYS"], m["connection"]
assert m["peer_access"].startswith("unavailable"), m["peer_access"]
assert all(g["link_kind"] == "pcie5x16" for g in j["gpus"])
assert [n["cpu_less"] for n in j["numa_nodes"]] == [False, False]
assert j["numa_distances"] == [[10, 21], [21, 10]]
PY
then echo "FAIL: dgx-h100 matrix JSON"; fails=$((fails + 1)); fi
check 0 - "gh200: CPU-less memory node in the text" -- topo --sysfs "$sys/gh200"
grep -q "(none: GPU or CXL memory)" "$tmp/out" || { echo "FAIL: gh200 CPU-less node not shown"; fails=$((fails + 1)); }

for xml in "$data"/topologies/*.xml; do
  check 0 - "hwloc export $(basename "$xml")" -- topo --json --topology "$xml"
  python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert len(j["gpu_matrix"]["connection"]) == len(j["gpus"])' "$tmp/out" ||
    { echo "FAIL: $(basename "$xml") matrix"; fails=$((fails + 1)); }
done
check 0 - "hwloc export with a sysfs tree" -- topo --topology "$data/topologies/nvidiaDGX2.xml" --sysfs "$sys/dgx-h100"

check 2 0 "--check of an export needs --sysfs" -- topo --check --topology "$data/topologies/nvidiaDGX2.xml"
check 2 0 "--sysfs must be a directory" -- topo --sysfs "$tmp/none"
check 2 0 "--expect-gpus needs --check" -- topo --expect-gpus 2

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all topo checks passed"
