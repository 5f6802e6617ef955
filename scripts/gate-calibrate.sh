#!/usr/bin/env bash
# Measures the regression gate's false-alarm rate on this machine (docs/reports.md): runs the
# same suites N times back to back (the host quick suite and a small collectives sweep), then
# `linkperf compare`s every ordered pair of runs of one suite. No run is a regression, so every
# case that fails the gate is a false alarm. Prints, per threshold family (gate_config.hpp), the
# false-alarm rate at the shipped defaults and the smallest threshold that keeps it under 1%.
#
# Usage: scripts/gate-calibrate.sh [-n RUNS] [--out DIR] [--no-host] [--no-coll]
#          [--ranks N] [--coll-args "ARGS"] [--host-args "ARGS"] [--analyze-only]
#   -n RUNS          runs per suite (default 4: 12 ordered pairs)
#   --out DIR        where the results files go (default results/calibrate-<time>)
#   --analyze-only   reuse DIR's host-*.json and coll-*.json, run nothing (a fleet points it
#                    at its canaries' stored results)
# Environment: LINKPERF_BUILD_DIR (default build), MPIEXEC (default mpirun).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LINKPERF_BUILD_DIR:-$root/build}
runs=4
out=""
host=1
coll=1
ranks=4
analyze_only=0
host_args="--suite quick"
coll_args="all_reduce,all_gather,broadcast,alltoall,p2p.latency --sizes 1K,64K,2M -n 10 -w 2"
while [ $# -gt 0 ]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-host) host=0; shift ;;
    --no-coll) coll=0; shift ;;
    --ranks) ranks=$2; shift 2 ;;
    --coll-args) coll_args=$2; shift 2 ;;
    --host-args) host_args=$2; shift 2 ;;
    --analyze-only) analyze_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "linkperf: gate-calibrate: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$runs" in
  ''|*[!0-9]*) echo "linkperf: gate-calibrate: -n takes a whole number >= 2" >&2; exit 2 ;;
esac
if [ "$runs" -lt 2 ] || [ "$runs" -gt 50 ]; then
  echo "linkperf: gate-calibrate: -n takes 2 to 50 runs" >&2; exit 2
fi
lp=$build/bin/linkperf
lpc=$build/bin/linkperf-coll
[ -x "$lp" ] || { echo "linkperf: gate-calibrate: $lp not built (scripts/build.sh)" >&2; exit 3; }
out=${out:-$root/results/calibrate-$(date -u +%Y%m%d-%H%M%S)}
mkdir -p "$out"

if [ "$analyze_only" = 0 ]; then
  echo "# gate-calibrate: $runs back-to-back runs per suite into $out (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  for i in $(seq 1 "$runs"); do
    if [ "$host" = 1 ]; then
      start=$(date +%s)
      # shellcheck disable=SC2086 # host_args is a list of arguments
      "$lp" run $host_args --out "$out/host-$i.json" >"$out/host-$i.log" 2>&1 ||
        { echo "linkperf: gate-calibrate: host run $i failed (see $out/host-$i.log)" >&2; exit 1; }
      echo "# host run $i: $(( $(date +%s) - start )) s"
    fi
    if [ "$coll" = 1 ] && [ -x "$lpc" ]; then
      start=$(date +%s)
      # shellcheck disable=SC2086 # coll_args is a list of arguments
      "${MPIEXEC:-mpirun}" --allow-run-as-root --oversubscribe --bind-to none \
        --mca btl_vader_single_copy_mechanism none -np "$ranks" \
        "$lpc" $coll_args --out "$out/coll-$i.json" >"$out/coll-$i.log" 2>&1 ||
        { echo "linkperf: gate-calibrate: collectives run $i failed (see $out/coll-$i.log)" >&2; exit 1; }
      echo "# collectives run $i ($ranks ranks): $(( $(date +%s) - start )) s"
    fi
  done
fi

# One compare per ordered pair at --threshold 0: a case fails the gate at threshold T exactly
# when it fails at 0 (regressed or unjudged: worse and significant, or worse and untestable)
# and got worse by more than T. Each JUnit testcase names its family and its change.
pairs=$out/pairs
rm -rf "$pairs" && mkdir -p "$pairs"
for suite in host coll; do
  files=("$out/$suite"-*.json)
  [ -e "${files[0]}" ] || continue
  for a in "${files[@]}"; do
    for b in "${files[@]}"; do
      [ "$a" = "$b" ] && continue
      tag=$suite-$(basename "$a" .json)-vs-$(basename "$b" .json)
      set +e
      "$lp" compare "$a" "$b" --threshold 0 --junit "$pairs/$tag.zero.xml" >/dev/null 2>"$pairs/$tag.err"
      z=$?
      "$lp" compare "$a" "$b" --junit "$pairs/$tag.default.xml" >/dev/null 2>>"$pairs/$tag.err"
      d=$?
      set -e
      if [ "$z" -ge 2 ] || [ "$d" -ge 2 ]; then
        echo "linkperf: gate-calibrate: compare $a $b failed: $(head -1 "$pairs/$tag.err")" >&2
        exit 1
      fi
    done
  done
done

if ! compgen -G "$pairs/*.zero.xml" >/dev/null; then
  echo "linkperf: gate-calibrate: no pair to compare: $out needs two or more host-*.json or coll-*.json" >&2
  exit 2
fi
python3 - "$pairs" <<'PY'
import glob, os, re, sys, xml.etree.ElementTree as ET
pairs = sys.argv[1]
grid = [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100]
order = ["bandwidth.small", "bandwidth.large", "latency.small", "latency.large",
         "collectives.small", "collectives.large"]
worse = {}     # family -> [worse % of each comparison that fails at threshold 0, or None]
default = {}   # family -> [cases, failures at the shipped defaults, threshold %]
npairs = 0
for zero in sorted(glob.glob(os.path.join(pairs, "*.zero.xml"))):
    npairs += 1
    for case in ET.parse(zero).iter("testcase"):
        fam = [p.get("value") for p in case.iter("property") if p.get("name") == "family"]
        if not fam:
            continue  # missing on one side: not a comparison
        f = fam[0]
        fail = case.find("failure")
        w = None
        if fail is not None:
            m = re.search(r"worse by ([0-9.]+)%", fail.text or "")
            w = float(m.group(1)) if m else float("inf")
        worse.setdefault(f, []).append(w)
    for case in ET.parse(zero.replace(".zero.xml", ".default.xml")).iter("testcase"):
        fam = [p.get("value") for p in case.iter("property") if p.get("name") == "family"]
        if not fam:
            continue
        d = default.setdefault(fam[0], [0, 0, None])
        d[0] += 1
        d[1] += case.find("failure") is not None
        text = "".join(case.itertext()) + "".join(e.get("message", "") for e in case.iter())
        m = re.search(r"threshold ([0-9.]+)%", text)
        if m:
            d[2] = float(m.group(1))
print(f"# {npairs} ordered pairs compared; a false alarm = a case failing the gate (regressed "
      "or unjudged) between two runs of the same build")
print(f"{'family':<18} {'comparisons':>11} {'default':>8} {'false alarms':>13} "
      f"{'needed for <1%':>15}  false-alarm rate by threshold")
recommend = {}
for f in [x for x in order if x in worse] + sorted(set(worse) - set(order)):
    ws = worse[f]
    n = len(ws)
    rates = []
    need = None
    for t in grid:
        k = sum(1 for w in ws if w is not None and w > t)
        rates.append((t, k / n))
        if need is None and k / n < 0.01:
            need = t
    recommend[f] = need
    cases, fails, thr = default.get(f, [n, 0, None])
    thr_text = f"{thr:g}%" if thr is not None else "?"
    curve = " ".join(f"{t}%:{r*100:.1f}" for t, r in rates if t <= 50)
    print(f"{f:<18} {n:>11} {thr_text:>8} {fails:>6} ({fails / max(cases, 1) * 100:4.1f}%) "
          f"{(str(need) + '%') if need else '>100%':>15}  {curve}")
    if n < 100:
        print(f"{'':<18} note: {n} comparisons resolve a rate of {100 / n:.1f}% at best: "
              "run more pairs (-n) before trusting '<1%'")
print("\n# a gate config with these thresholds (linkperf compare --config gate.toml):")
print("[family]")
for f, t in recommend.items():
    print(f'"{f}" = "{t}%"' if t else f'# "{f}": no threshold up to 100% keeps it under 1%')
PY
