#!/usr/bin/env bash
# `linkperf run --prom FILE`: a few real host cases; the metrics file must pass
# `promtool check metrics` (Debian package prometheus, scripts/packages/fleet.txt) and hold a
# sample per case in base units; the results file must carry telemetry per case.
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$lp" run --suite quick --filter '^host\.(copy|latency)/' --sizes 64K --out "$tmp/r.json" \
  --prom "$tmp/m.prom" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] || { fail "run exited $rc"; cat "$tmp/out" "$tmp/err"; }
[ -s "$tmp/m.prom" ] || { echo "FAIL: no metrics file"; exit 1; }
cat "$tmp/m.prom"

if command -v promtool >/dev/null 2>&1; then
  # promtool prints lint problems (e.g. naming) on stdout/stderr; a parse error exits non-zero.
  promtool check metrics <"$tmp/m.prom" >"$tmp/lint" 2>&1 || { fail "promtool rejected the file"; cat "$tmp/lint"; }
  if [ -s "$tmp/lint" ]; then fail "promtool lint findings"; cat "$tmp/lint"; fi
  echo "promtool check metrics: ok"
  promtool_ran=1
else
  echo "note: promtool not installed (apt-get install prometheus): parse check left to the unit test's strict reader"
  promtool_ran=0
fi

python3 - "$tmp/r.json" "$tmp/m.prom" <<'PY' || fail "metrics do not match the results file"
import json, re, sys
doc = json.load(open(sys.argv[1]))
prom = open(sys.argv[2]).read()
benches = [b for b in doc["benchmarks"] if b["linkperf"]["status"] == "ok"]
assert benches, "no ok case"
for b in benches:
    lp = b["linkperf"]
    t = lp["telemetry"]
    assert isinstance(t["throttled"], bool), t
    assert isinstance(t["cpu_mhz"], dict) or t["cpu_mhz"].startswith("unavailable"), t
    assert isinstance(t["gpu"], list) or t["gpu"].startswith("unavailable"), t
    src = lp["source"]; dst = lp["destination"]
    name = "linkperf_bandwidth_bytes_per_second" if lp["metric"] == "bandwidth" else "linkperf_latency_seconds"
    scale = 1e9 if lp["metric"] == "bandwidth" else 1e-9
    pat = re.compile(r'^%s\{path="%s",[^}]*size="%d",threads="%d"\} (\S+)$' %
                     (name, re.escape(lp["path"]), lp["size_bytes"], lp["threads"]), re.M)
    values = [float(m.group(1)) for m in pat.finditer(prom)]
    want = lp["stats"]["median"] * scale
    assert any(abs(v - want) <= 1e-6 * abs(want) for v in values), (lp["path"], values, want)
n = len(doc["benchmarks"])
assert len(re.findall(r"^linkperf_case_failed\{", prom, re.M)) == n, "one case_failed per case"
assert re.search(r"^linkperf_last_run_timestamp_seconds \S+$", prom, re.M)
n_tel = sum(1 for b in doc["benchmarks"] if "telemetry" in b["linkperf"])
assert len(re.findall(r"^linkperf_case_throttled\{", prom, re.M)) == n_tel, "one case_throttled per case with telemetry"
print(f"{len(benches)} ok case(s) match their metrics; telemetry recorded per case")
PY

# The gate config shipped in deploy/gate-config.yaml must be one `linkperf compare` accepts.
if [ -n "${DEPLOY:-}" ] && "$lp" compare --help >/dev/null 2>&1 &&
   python3 -c 'import yaml' 2>/dev/null; then
  python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["data"]["gate.json"])' \
    "$DEPLOY/gate-config.yaml" >"$tmp/gate.json"
  "$lp" compare "$tmp/r.json" "$tmp/r.json" --threshold 5% --config "$tmp/gate.json" >"$tmp/gate.out" 2>&1 ||
    { fail "linkperf compare refused deploy/gate-config.yaml's gate.json"; cat "$tmp/gate.out"; }
else
  echo "note: gate config not checked (no DEPLOY, no linkperf compare, or no python3-yaml)"
fi

"$lp" run --suite quick --filter '^host\.copy/' --sizes 4K --out "$tmp/r2.json" \
  --prom "$tmp/missing/dir/m.prom" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] || fail "--prom into a missing directory: want exit 2 before measuring"

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
[ "$promtool_ran" -eq 1 ] || exit 77
echo "all prom checks passed"
