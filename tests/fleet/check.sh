# `linkperf check` end to end (docs/health.md): the auto profile on recorded sysfs trees (x16 vs
# x8, Gen5 vs Gen3, a slot wired x8), warnings-only and no-expectation exit codes, a shipped
# profile, JSON/Prometheus/NFD outputs, refused profiles, and `linkperf run --check`.
. "$(dirname "$0")/../reports/lib.sh"
sysfs=$DATA/../sysfs
profiles=$PROFILES
make() { python3 "$(dirname "$0")/make_gpu_results.py" "$@" --template "$data/host-small-x86_64.json"; }

# code WANT DESCRIPTION -- ARGS...: linkperf's exit code (findings on stdout, notes on stderr).
code() {
  local want=$1 what=$2
  shift 3
  total=$((total + 1))
  "$lp" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: $what: exit $got, want $want (linkperf $*)"; cat "$tmp/out" "$tmp/err"
    fails=$((fails + 1))
  else
    echo "ok: $what -> $got: $(tail -1 "$tmp/out")"
  fi
}

# PCIe Gen5 x16 moves 63.0 GB/s per direction: a healthy copy engine 53.5 (85%), x8 26.8,
# Gen3 x16 13.4 (85% of their rates), a weak one 44 (70%: warning).
make "$tmp/healthy.json" --gbps 53.5 --link 5:16
make "$tmp/x8.json" --gbps 26.8 --link 5:8:5:16
make "$tmp/gen3.json" --gbps 13.4 --link 3:16:5:16
make "$tmp/weak.json" --gbps 44 --link 5:16

code 0 "auto: a Gen5 x16 GPU at 85% of its link is ok" -- \
  check "$tmp/healthy.json" --profile auto --sysfs "$sysfs/pcie-gen5-x16"
check "one line per finding, with measured, expected, level and provenance" \
  grep -q '^ok .*ce.h2d.*measured 53.5 GB/s, expected >= 47.* \[ce.h2d PCIe gen5 x16; theoretical: PCIe gen5 x16' "$tmp/out"
code 1 "auto: trained x8 of x16 is failing, with no baseline" -- \
  check "$tmp/x8.json" --profile auto --sysfs "$sysfs/pcie-gen5-x8"
check "the x8 finding says FAILING" grep -q '^FAILING .*ce.h2d.*measured 26.8 GB/s' "$tmp/out"
check "the summary line counts it" grep -q '^linkperf check: FAILING: 0 ok, 0 warning, 2 failing' "$tmp/out"
code 1 "auto: trained Gen3 of Gen5 is failing" -- \
  check "$tmp/gen3.json" --profile auto --sysfs "$sysfs/pcie-gen3"
code 0 "auto: a slot wired x8 expects x8" -- \
  check "$tmp/x8.json" --profile auto --sysfs "$sysfs/pcie-slot-x8"
code 5 "warnings only: exit 5" -- check "$tmp/weak.json" --profile auto --sysfs "$sysfs/pcie-gen5-x16"
code 6 "no expectation matched: exit 6, never a silent pass" -- \
  check "$data/host-small-x86_64.json" --profile auto --sysfs "$sysfs/pcie-gen5-x16"
check "unmatched says so" grep -q '^linkperf check: UNMATCHED' "$tmp/out"
code 0 "--quiet prints the summary only when all is ok" -- \
  check "$tmp/healthy.json" --sysfs "$sysfs/pcie-gen5-x16" --quiet
check "--quiet: one line" test "$(wc -l <"$tmp/out")" -eq 1
code 1 "several results files: the worst decides" -- \
  check "$tmp/healthy.json" "$tmp/x8.json" --sysfs "$sysfs/pcie-gen5-x8"

# A shipped profile of public figures: the Azure node health check levels for H100.
code 0 "shipped H100 profile: 53.5 GB/s is ok" -- \
  check "$tmp/healthy.json" --profile "$profiles/nvidia-h100-hgx.json"
check "its provenance is public, with the source" \
  grep -q 'public: .*(https://github.com/Azure/azurehpc-health-checks' "$tmp/out"
code 6 "the shipped H200 profile does not judge an H100" -- \
  check "$tmp/healthy.json" --profile "$profiles/nvidia-h200-hgx.json"
make "$tmp/h100-50.json" --gbps 50 --link 5:16
code 5 "shipped H100 profile: 50 GB/s is a warning" -- \
  check "$tmp/h100-50.json" --profile "$profiles/nvidia-h100-hgx.json"
code 1 "shipped H100 profile: x8 fails" -- \
  check "$tmp/x8.json" --profile "$profiles/nvidia-h100-hgx.json"
make "$tmp/gh200.json" --gbps 380 --c2c --gpu "NVIDIA GH200 480GB"
code 0 "shipped GH200 profile: 380 GB/s over C2C is ok" -- \
  check "$tmp/gh200.json" --profile "$profiles/nvidia-gh200.json"
code 6 "shipped GH200 profile does not judge a PCIe H100" -- \
  check "$tmp/healthy.json" --profile "$profiles/nvidia-gh200.json"
pycheck "every figure of every shipped profile is public and cites a source" "$profiles" <<'PY'
import glob, json, os
files = sorted(glob.glob(os.path.join(sys.argv[1], "*.json")))
if len(files) < 3:
    problems.append(f"only {len(files)} shipped profiles")
n = 0
for f in files:
    for e in json.load(open(f))["expectations"]:
        n += 1
        p = e["provenance"]
        if p["kind"] != "public" or not p.get("source", "").startswith("https://"):
            problems.append(f"{f}: {e['name']}: provenance {p}")
summary = f"{n} figures in {len(files)} profiles, each public with a source"
PY

# Outputs: JSON, Prometheus, NFD, and the profile used.
code 1 "outputs" -- check "$tmp/x8.json" --sysfs "$sysfs/pcie-gen5-x8" --json "$tmp/c.json" \
  --prom "$tmp/c.prom" --nfd "$tmp/features" --emit-profile "$tmp/auto.json"
pycheck "JSON: level, counts and one finding per case with its provenance" "$tmp/c.json" <<'PY'
import json
d = json.load(open(sys.argv[1]))
if d["level"] != "failing" or d["exit_code"] != 1 or d["failing"] != 2:
    problems.append(f"header {d}")
for f in d["findings"]:
    if f["level"] != "failing" or f["provenance"]["kind"] != "theoretical" or f["measured"] != 26.8:
        problems.append(f"finding {f}")
PY
check "Prometheus: a level per finding (2 = failing)" \
  grep -q '^linkperf_check_level{path="ce.h2d",src="local:pinned",dst="gpu0:device",size="268435456",threads="1",expectation="ce.h2d PCIe gen5 x16",provenance="theoretical"} 2$' "$tmp/c.prom"
check "Prometheus: the exit code" grep -q '^linkperf_check_exit_code 1$' "$tmp/c.prom"
if command -v promtool >/dev/null; then
  check "promtool accepts the metrics" sh -c "promtool check metrics <'$tmp/c.prom'"
fi
check "NFD: linkperf.dev/health=failing" grep -qx 'linkperf.dev/health=failing' "$tmp/features"
code 1 "the emitted auto profile reads back and judges alike" -- \
  check "$tmp/x8.json" --profile "$tmp/auto.json"
code 6 "NFD: unmatched" -- check "$data/host-small-x86_64.json" --sysfs "$sysfs/vm" --nfd "$tmp/f2"
check "NFD: linkperf.dev/health=unmatched" grep -qx 'linkperf.dev/health=unmatched' "$tmp/f2"

# Profiles that are not profiles, and outputs that are inputs: exit 2, one line.
sed 's/"min_size"/"min_sise"/' "$profiles/nvidia-h100-hgx.json" >"$tmp/typo.json"
expect 2 "a misspelt match key is refused" -- check "$tmp/healthy.json" --profile "$tmp/typo.json"
check "... naming the key" grep -q "unknown key 'min_sise'" "$tmp/err"
sed 's/"linkperf_profile": 1/"linkperf_profile": 9/' "$profiles/nvidia-h100-hgx.json" >"$tmp/v9.json"
expect 2 "a newer schema version is refused" -- check "$tmp/healthy.json" --profile "$tmp/v9.json"
expect 2 "a missing profile" -- check "$tmp/healthy.json" --profile "$tmp/none.json"
mkfifo "$tmp/fifo"
expect 2 "a FIFO as profile never blocks" -- check "$tmp/healthy.json" --profile "$tmp/fifo"
expect 2 "a results file as profile" -- check "$tmp/healthy.json" --profile "$tmp/x8.json"
expect 2 "an output naming an input" -- check "$tmp/healthy.json" --json "$tmp/healthy.json" \
  --sysfs "$sysfs/pcie-gen5-x16"
expect 2 "an empty --profile" -- check "$tmp/healthy.json" --profile ''
expect 2 "a missing results file" -- check "$tmp/nope.json"
head -c 100 "$tmp/healthy.json" >"$tmp/cut.json"
expect 2 "a truncated results file" -- check "$tmp/cut.json" --sysfs "$sysfs/pcie-gen5-x16"

# linkperf report --profile: a single run judged instead of "no baseline".
code 0 "report --profile auto" -- report "$tmp/x8.json" --profile auto \
  --sysfs "$sysfs/pcie-gen5-x8" --html "$tmp/r.html" --md "$tmp/r.md"
check "the HTML scorecard judges host<->GPU: failing" grep -q 'verdict health-failing">failing: 2 of 2' "$tmp/r.html"
check "the charts draw the levels" grep -q '<line class="level failing"' "$tmp/r.html"
check "the figures tables show them" grep -q '<th>expected (profile)</th>' "$tmp/r.html"
check "the Markdown scorecard too" grep -q 'judged against expectations' "$tmp/r.md"

# linkperf run --check: a real run here (no GPU, no SMBIOS in this VM: nothing matches).
expect 2 "run --check refuses results on stdout" -- run --check auto --out - --filter '^host\.copy/'
expect 2 "run --check with a bad profile fails before measuring" -- \
  run --check "$tmp/typo.json" --out "$tmp/run.json" --filter '^host\.copy/'
check "... and measured nothing" test ! -e "$tmp/run.json"
code 6 "run --check auto on this VM: nothing to judge, exit 6" -- \
  run --suite quick --filter '^host\.copy/' --sizes 4K --out "$tmp/run.json" --check auto
check "run --check printed the check's summary" grep -q '^linkperf check: UNMATCHED' "$tmp/out"
finish
