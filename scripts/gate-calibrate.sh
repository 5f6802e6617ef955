#!/usr/bin/env bash
# Measures the run-level regression gate with the CI recipe of docs/reports.md on this machine,
# as a benchmark (not a timed test): N recipe runs of one build back to back, then
#  - A/A: `linkperf compare` of every candidate run j against a baseline saved (`baseline save`)
#    from B other runs, each a separate process (the recipe: --baseline-runs, default 3; every
#    B-subset of the other runs, so -n 4 gives 4 x 1 = 4 pairs): how many pairs exit 1, how
#    many case comparisons fail (regressed) and how many are inconclusive;
#  - planted slowdown: the same pairs with every run of every case of the candidate scaled
#    (bandwidth x0.8, latency x1.25: a 20% slowdown that keeps the real run-to-run noise; each
#    case's verdict depends on that case alone, so scaling all at once is one try per case);
#    per case the share caught, its run-to-run spread and minimum detectable change (MDC);
#  - in-process vs between-process noise: per case, the spread of the passes inside one run
#    against the spread of the runs' medians (modes that switch only between processes);
#  - the recipe's wall time and the load (1-minute loadavg) before and after every run.
# The same for collectives on 2 ranks (linkperf-coll --repeat) unless --no-coll.
#
# Usage: scripts/gate-calibrate.sh [-n RUNS] [--repeat P] [--out DIR] [--no-host] [--no-coll]
#          [--host-args "ARGS"] [--coll-args "ARGS"] [--slowdown 0.2] [--analyze-only]
#          [--config GATE.json]
#   -n RUNS          recipe runs per suite (default 6)
#   --repeat P       passes per run (default 5: the recipe)
#   --baseline-runs B  runs (separate processes) a baseline is saved from (default 3)
#   --out DIR        where the results files go (default results/calibrate-<time>)
#   --analyze-only   reuse DIR's host-*.json and coll-*.json, run nothing
#   --config F       judge with this gate config (JSON, docs/reports.md), e.g. another
#                    {"spread_k": 1}; with --analyze-only it calibrates a config on
#                    runs already made
# Environment: LINKPERF_BUILD_DIR (default build), MPIEXEC (default mpirun).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LINKPERF_BUILD_DIR:-$root/build}
runs=6
repeat=5
baseline_runs=3
baseline_given=0
out=""
host=1
coll=1
analyze_only=0
slowdown=0.2
config=""
host_args="--suite quick"
coll_args="all_reduce,all_gather,broadcast,alltoall,p2p.latency --sizes 1K,64K,2M -n 10 -w 2"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --baseline-runs) baseline_runs=$2; baseline_given=1; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-host) host=0; shift ;;
    --no-coll) coll=0; shift ;;
    --coll-args) coll_args=$2; shift 2 ;;
    --host-args) host_args=$2; shift 2 ;;
    --slowdown) slowdown=$2; shift 2 ;;
    --analyze-only) analyze_only=1; shift ;;
    --config) config=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "linkperf: gate-calibrate: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$runs" "$repeat" "$baseline_runs"; do
  case "$v" in
    ''|*[!0-9]*) echo "linkperf: gate-calibrate: -n and --repeat take whole numbers" >&2; exit 2 ;;
  esac
done
# The default recipe baseline needs 4 runs; fewer runs take all the others.
if [ "$baseline_given" = 0 ] && [ "$runs" -gt 1 ] && [ "$baseline_runs" -ge "$runs" ]; then
  baseline_runs=$((runs - 1))
fi
if [ "$runs" -lt 2 ] || [ "$runs" -gt 50 ] || [ "$repeat" -lt 1 ] || [ "$repeat" -gt 50 ] ||
  [ "$baseline_runs" -lt 1 ] || [ "$baseline_runs" -ge "$runs" ]; then
  echo "linkperf: gate-calibrate: -n takes 2 to 50 runs, --repeat 1 to 50 passes, --baseline-runs 1 to n-1" >&2; exit 2
fi
lp=$build/bin/linkperf
lpc=$build/bin/linkperf-coll
[ -x "$lp" ] || { echo "linkperf: gate-calibrate: $lp not built (scripts/build.sh)" >&2; exit 3; }
out=${out:-$root/results/calibrate-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"
load() { cut -d' ' -f1 /proc/loadavg; }

if [ "$analyze_only" = 0 ]; then
  echo "# gate-calibrate: $runs recipe runs (--repeat $repeat) per suite into $out, commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  : >"$out/runs.tsv"
  for i in $(seq 1 "$runs"); do
    if [ "$host" = 1 ]; then
      l0=$(load); start=$(date +%s.%N)
      # shellcheck disable=SC2086 # host_args is a list of arguments
      "$lp" run $host_args --repeat "$repeat" --out "$out/host-$i.json" >"$out/host-$i.log" 2>&1 ||
        { echo "linkperf: gate-calibrate: host run $i failed (see $out/host-$i.log)" >&2; exit 1; }
      s=$(echo "$(date +%s.%N) - $start" | bc)
      printf 'host\t%s\t%.1f\t%s\t%s\n' "$i" "$s" "$l0" "$(load)" >>"$out/runs.tsv"
      echo "# host run $i: $s s, load $l0 -> $(load)"
    fi
    if [ "$coll" = 1 ] && [ -x "$lpc" ]; then
      l0=$(load); start=$(date +%s.%N)
      # shellcheck disable=SC2086 # coll_args is a list of arguments
      "${MPIEXEC:-mpirun}" --allow-run-as-root --oversubscribe --bind-to none \
        --mca btl_vader_single_copy_mechanism none -np 2 \
        "$lpc" $coll_args --repeat "$repeat" --out "$out/coll-$i.json" >"$out/coll-$i.log" 2>&1 ||
        { echo "linkperf: gate-calibrate: collectives run $i failed (see $out/coll-$i.log)" >&2; exit 1; }
      s=$(echo "$(date +%s.%N) - $start" | bc)
      printf 'coll\t%s\t%.1f\t%s\t%s\n' "$i" "$s" "$l0" "$(load)" >>"$out/runs.tsv"
      echo "# collectives run $i (2 ranks): $s s, load $l0 -> $(load)"
    fi
  done
fi

pairs=$out/pairs
rm -rf "$pairs" && mkdir -p "$pairs"
for suite in host coll; do
  files=("$out/$suite"-*.json)
  [ -e "${files[0]}" ] || continue
  for b in "${files[@]}"; do
    python3 - "$b" "$pairs/$(basename "$b" .json).slow.json" "$slowdown" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
d = float(sys.argv[3])
for e in doc["benchmarks"]:
    lp = e.get("linkperf", {})
    f = (1 - d) if lp.get("higher_is_better", lp.get("metric") == "bandwidth") else 1 / (1 - d)
    lp["samples"] = [s * f for s in lp.get("samples", [])]
    for k in ("min", "max", "mean", "median", "p5", "p95", "stddev"):
        if k in lp.get("stats", {}):
            lp["stats"][k] *= f
json.dump(doc, open(sys.argv[2], "w"))
PY
  done
  # Each candidate j against every baseline saved from B of the other runs (at most 40 pairs).
  python3 - "$baseline_runs" "${files[@]}" >"$pairs/$suite.plan" <<'PY'
import itertools, sys
b, files = int(sys.argv[1]), sys.argv[2:]
combos = [(j, c) for j in files for c in itertools.combinations([f for f in files if f != j], b)]
for j, c in combos[:40]:
    print(j, *c)
PY
  # The same compares with contention ignored (config `contention = false`): what the gate
  # would say if it trusted contended passes.
  python3 - "$config" "$pairs/judge.json" "$pairs/blind.json" <<'PY'
import json, sys
cfg = json.load(open(sys.argv[1])) if sys.argv[1] else {}
json.dump(cfg, open(sys.argv[2], "w"))
cfg["contention"] = False
json.dump(cfg, open(sys.argv[3], "w"))
PY
  k=0
  while read -r cand base_files; do
    k=$((k + 1))
    tag=$suite-$k-$(basename "$cand" .json)
    # shellcheck disable=SC2086 # base_files is a list of files
    "$lp" baseline save $base_files "base-$k" --dir "$pairs/$suite-baselines" >/dev/null 2>"$pairs/$tag.err" ||
      { echo "linkperf: gate-calibrate: baseline save $base_files failed: $(head -1 "$pairs/$tag.err")" >&2; exit 1; }
    base=$pairs/$suite-baselines/base-$k.json
    set +e
    "$lp" compare "$base" "$cand" --config "$pairs/judge.json" --junit "$pairs/$tag.aa.xml" \
      >/dev/null 2>>"$pairs/$tag.err"
    echo $? >"$pairs/$tag.aa.code"
    "$lp" compare "$base" "$pairs/$(basename "$cand" .json).slow.json" --config "$pairs/judge.json" \
      --junit "$pairs/$tag.slow.xml" >/dev/null 2>>"$pairs/$tag.err"
    echo $? >"$pairs/$tag.slow.code"
    "$lp" compare "$base" "$cand" --config "$pairs/blind.json" --junit "$pairs/$tag.aablind.xml" \
      >/dev/null 2>>"$pairs/$tag.err"
    echo $? >"$pairs/$tag.aablind.code"
    "$lp" compare "$base" "$pairs/$(basename "$cand" .json).slow.json" --config "$pairs/blind.json" \
      --junit "$pairs/$tag.slowblind.xml" >/dev/null 2>>"$pairs/$tag.err"
    set -e
    if [ "$(cat "$pairs/$tag.aa.code")" -ge 2 ] || [ "$(cat "$pairs/$tag.slow.code")" -ge 2 ]; then
      echo "linkperf: gate-calibrate: compare $base $cand failed: $(head -1 "$pairs/$tag.err")" >&2
      exit 1
    fi
  done <"$pairs/$suite.plan"
done

python3 - "$out" "$slowdown" <<'PY'
import glob, json, os, statistics, sys, xml.etree.ElementTree as ET
out, slowdown = sys.argv[1], float(sys.argv[2])
pairs = os.path.join(out, "pairs")

def robust_cv(v):
    if len(v) < 2:
        return None
    m = statistics.median(v)
    return 1.4826 * statistics.median([abs(x - m) for x in v]) / m if m > 0 else None

def cases(path):
    res = {}
    for tc in ET.parse(path).iter("testcase"):
        props = {p.get("name"): p.get("value") for p in tc.iter("property")}
        if "family" not in props:
            continue  # missing on one side: not a comparison
        sk = tc.find("skipped")
        so = tc.find("system-out")
        kind = ("regressed" if tc.find("failure") is not None else
                "inconclusive" if sk is not None and (sk.get("message") or "").startswith("inconclusive") else
                (so.text.split(":")[0] if so is not None and so.text else "missing"))
        res[tc.get("classname") + " " + tc.get("name")] = (kind, props)
    return res

def report(aa, aa_ext, slow_ext, show_cases):
    exit1 = sum(1 for x in aa if open(x.replace(".aa.xml", aa_ext + ".code")).read().strip() == "1")
    comps = fails = inconc = 0
    per_case = {}
    for x in aa:
        a = cases(x.replace(".aa.xml", aa_ext + ".xml"))
        s = cases(x.replace(".aa.xml", slow_ext + ".xml"))
        for k, (kind, props) in a.items():
            comps += 1
            fails += kind == "regressed"
            inconc += kind == "inconclusive"
            pc = per_case.setdefault(k, {"caught": 0, "tries": 0, "inconclusive": 0, "mdc": [], "spread": []})
            if k in s:
                pc["tries"] += 1
                pc["caught"] += s[k][0] == "regressed"
                pc["inconclusive"] += s[k][0] == "inconclusive"
            if "min_detectable_change" in props:
                pc["mdc"].append(float(props["min_detectable_change"]))
                pc["spread"].append(float(props["run_spread"]))
    print(f"A/A: {exit1} of {len(aa)} pairs exit 1; {fails} of {comps} case comparisons fail "
          f"({100 * fails / max(comps, 1):.2f}%); {inconc} inconclusive ({100 * inconc / max(comps, 1):.2f}%, "
          "fail only under --strict)")
    if show_cases:
        print(f"\n{'case':<64} {'spread':>7} {'MDC':>6} {'caught':>8} {'inconcl':>8}")
    reach = eligible = caught95 = 0
    for k in sorted(per_case):
        pc = per_case[k]
        mdc = statistics.median(pc["mdc"]) if pc["mdc"] else None
        spread = statistics.median(pc["spread"]) if pc["spread"] else None
        rate = pc["caught"] / pc["tries"] if pc["tries"] else 0
        reach += rate >= 0.95
        if mdc is not None and mdc <= slowdown:
            eligible += 1
            caught95 += rate >= 0.95
        if show_cases:
            print(f"{k[:64]:<64} {('%.1f%%' % (spread * 100)) if spread is not None else '-':>7} "
                  f"{('%.1f%%' % (mdc * 100)) if mdc is not None and mdc < 1 else 'none':>6} "
                  f"{pc['caught']:>3}/{pc['tries']:<4} {pc['inconclusive']:>8}")
    print(f"planted {slowdown * 100:.0f}% slowdown (every run of every case of the candidate scaled): "
          f"{reach} of {len(per_case)} cases caught in >= 95% of tries; {eligible} cases have a median "
          f"MDC <= {slowdown * 100:.0f}%, of which {caught95} are caught in >= 95%")

def within_between(suite):
    within, between = {}, {}
    for f in sorted(glob.glob(os.path.join(out, suite + "-*.json"))):
        meds = {}
        for e in json.load(open(f))["benchmarks"]:
            lp = e.get("linkperf", {})
            if lp.get("status") == "ok":
                meds.setdefault(e["name"], []).append(lp["stats"]["median"])
        for n, v in meds.items():
            cv = robust_cv(v)
            if cv is not None:
                within.setdefault(n, []).append(cv)
            between.setdefault(n, []).append(statistics.median(v))
    print("\nrun-to-run spread per case (robust CV): inside one process (median over runs of the "
          "spread of its passes) vs between processes (spread of the runs' medians)")
    rows = []
    for n in sorted(within):
        b = robust_cv(between.get(n, []))
        if b is not None:
            w = statistics.median(within[n])
            rows.append((b, w))
            print(f"  {n[:64]:<64} in {w * 100:5.1f}%  between {b * 100:5.1f}%")
    if rows:
        print(f"cases whose between-process spread exceeds twice the in-process one: "
              f"{sum(1 for b, w in rows if b > 2 * w)} of {len(rows)}")

for suite in ("host", "coll"):
    aa = sorted(glob.glob(os.path.join(pairs, suite + "-*.aa.xml")))
    if not aa:
        continue
    tsv = os.path.join(out, "runs.tsv")
    runs = [l.rstrip("\n").split("\t") for l in open(tsv)] if os.path.exists(tsv) else []
    runs = [r for r in runs if r[0] == suite]
    print(f"\n## {suite}: {len(aa)} A/A pairs (a candidate run against a baseline saved from other "
          f"runs) of {len(glob.glob(os.path.join(out, suite + '-*.json')))} recipe runs")
    if runs:
        secs = [float(r[2]) for r in runs]
        loads = [float(r[3]) for r in runs] + [float(r[4]) for r in runs]
        print(f"recipe run wall time: median {statistics.median(secs):.0f} s (min {min(secs):.0f}, "
              f"max {max(secs):.0f}); load (1-min loadavg at start/end of runs): "
              f"{min(loads):.1f} .. {max(loads):.1f}, median {statistics.median(loads):.1f}")
    contended = total = 0
    for f in glob.glob(os.path.join(out, suite + "-*.json")):
        for e in json.load(open(f))["benchmarks"]:
            k = e.get("linkperf", {}).get("contention")
            if k is not None:
                total += 1
                contended += bool(k.get("contended"))
    print(f"case passes marked contended: {contended} of {total}")
    print("\n### contention honoured (default)")
    report(aa, ".aa", ".slow", True)
    print("\n### contention ignored (config contention = false)")
    report(aa, ".aablind", ".slowblind", True)
    within_between(suite)
PY
