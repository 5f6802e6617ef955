#!/usr/bin/env bash
# deploy/monitoring/: the alert rules pass `promtool check rules` and `promtool test rules` on
# series whose names and labels linkperf itself wrote (a real `run --prom` on this machine,
# `history --prom` over nights built from that run, `fleet --prom` over nodes built from it);
# every query of the Grafana dashboard and of the rules names metrics found in those files.
set -u
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
root=${SOURCE_DIR:?set SOURCE_DIR to the source tree}
rules=$root/deploy/monitoring/linkperf-alerts.yaml
dash=$root/deploy/monitoring/grafana/linkperf-dashboard.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

command -v promtool >/dev/null 2>&1 || { echo "SKIP: promtool not installed (apt-get install prometheus)"; exit 77; }
python3 -c 'import yaml' 2>/dev/null || { echo "SKIP: python3-yaml not installed"; exit 77; }

# 1. A real run's metrics (two host cases).
"$lp" run --suite quick --filter '^host\.(copy|latency)/' --sizes 64K --out "$tmp/r.json" \
  --prom "$tmp/run.prom" >"$tmp/out" 2>&1 || { cat "$tmp/out"; fail "run failed"; exit 1; }
# 2. Thirty nights of two nodes from that run, node001 10% worse on host.copy from night 20 and
#    the last three nights 8% worse again; history's metrics.
python3 "$root/scripts/make-history.py" --out "$tmp/hist" --pool "$tmp/r.json" --nodes 2 \
  --nights 30 --step 1:host.copy:20:1.10 --step 1:host.copy:27:1.08 || fail "make-history"
# A single pool run repeats the same figures: add a little seeded noise so the t-test has spread.
python3 - "$tmp/hist" <<'PY'
import json, os, random, sys
rng = random.Random(5)
for d, _, files in os.walk(sys.argv[1]):
    for f in sorted(files):
        p = os.path.join(d, f); doc = json.load(open(p))
        for b in doc["benchmarks"]:
            s = b["linkperf"].get("stats", {})
            if "median" in s: s["median"] *= 1 + rng.gauss(0, 0.005)
        json.dump(doc, open(p, "w"))
PY
"$lp" history "$tmp/hist" --prom "$tmp/history.prom" --min-segment 3 >"$tmp/hout" 2>&1 ||
  { cat "$tmp/hout"; fail "history failed"; }
cat "$tmp/hout"
# 3. The fleet view of six nodes built from the run, one of them 40% slower: quarantined.
python3 "$root/tests/fleet/make_fleet.py" --out "$tmp/fleet" --nodes 6 --template "$tmp/r.json" \
  --plant 2:slow:host.copy:1.4 >/dev/null || fail "make_fleet"
"$lp" fleet "$tmp"/fleet/*.json --prom "$tmp/fleet.prom" >"$tmp/fout" 2>&1 || { cat "$tmp/fout"; fail "fleet failed"; }
for f in run history fleet; do
  promtool check metrics <"$tmp/$f.prom" >"$tmp/lint" 2>&1 || { cat "$tmp/lint"; fail "promtool check metrics $f.prom"; }
  [ -s "$tmp/lint" ] && { cat "$tmp/lint"; fail "promtool lint findings in $f.prom"; }
done

promtool check rules "$rules" || fail "promtool check rules"

# 4. The rules' unit tests, on series named and labelled as linkperf wrote them (plus the
#    instance/job labels the scrape adds).
python3 - "$tmp" "$rules" >"$tmp/tests.yaml" <<'PY' || fail "could not build the rule tests"
import re, sys, yaml
tmp, rules = sys.argv[1], sys.argv[2]
scrape = {"instance": "node007:9100", "job": "node"}

def series(file, name, want=None):
    for line in open(f"{tmp}/{file}"):
        m = re.match(r'^(%s)\{(.*)\} (\S+)$' % name, line) or re.match(r'^(%s)() (\S+)$' % name, line)
        if not m:
            continue
        labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(2)))
        if want is None or all(labels.get(k) == v for k, v in want.items()):
            return labels
    raise SystemExit(f"no {name} {want or ''} in {file}")

def sel(name, labels):
    return name + "{" + ",".join(f'{k}="{v}"' for k, v in labels.items()) + "}"

bw = dict(series("run.prom", "linkperf_bandwidth_bytes_per_second"), **scrape)
dev = series("history.prom", "linkperf_history_deviation_ratio", {"node": "node001", "path": "host.copy"})
q = series("fleet.prom", "linkperf_fleet_node_quarantined", {"verdict": "outlier"})
ts = dict(series("run.prom", "linkperf_last_run_timestamp_seconds"), **scrape)
day = 24 * 60  # samples per night at 1m (within the 5-minute lookback, as a scrape would be)

def anno(summary, description):
    return {"summary": summary, "description": description}

eff_anno = anno(f"node007:9100: host.copy {bw['src']}->{bw['dst']} at 50% of its link rate",
                "linkperf measured this link below 75% of its theoretical rate on three nightly runs in a row.")
dev_anno = anno(f"node001: host.copy {dev['src']}->{dev['dst']} size {dev['size']} 8% worse than its history",
                "Three nightly runs in a row more than 5% worse than the median of the case's last stable segment (linkperf history).")
cp_anno = anno(f"node001: host.copy {dev['src']}->{dev['dst']} size {dev['size']} changed for the worse by 10%",
               "linkperf history found a change point (E-divisive, t-test) for the worse in the last 7 runs; its HTML page names the date and what changed in the context.")
q_anno = anno(f"{q['node']} quarantined by the linkperf fleet view (outlier)",
              f"linkperf fleet judged the node outlier; NFD labels it linkperf.dev/fleet.quarantine=true (docs/fleet.md).")
miss_anno = anno("node007:9100: no linkperf run for 2d 2h 0m 0s",
                 "The nightly CronJob has not written linkperf metrics on this node for two days.")
tests = [
  # Below its expectation three nights in a row fires after 50h; two bad nights then a good one never do.
  {"interval": "1m",
   "input_series": [
     {"series": sel("linkperf_link_efficiency_ratio", bw), "values": f"0.5x{3 * day}"},
     {"series": sel("linkperf_link_efficiency_ratio", dict(bw, instance="node008:9100")),
      "values": f"0.5x{2 * day - 1} 0.9x{day}"}],
   "alert_rule_test": [
     {"eval_time": "49h", "alertname": "LinkperfLinkBelowExpectation", "exp_alerts": []},
     {"eval_time": "51h", "alertname": "LinkperfLinkBelowExpectation",
      "exp_alerts": [{"exp_labels": dict(bw, severity="warning"), "exp_annotations": eff_anno}]}]},
  {"interval": "1m",
   "input_series": [{"series": sel("linkperf_history_deviation_ratio", dict(dev, **scrape)),
                     "values": f"0.08x{3 * day}"},
                    {"series": sel("linkperf_history_deviation_ratio", dict(dev, **scrape, node="node000")),
                     "values": f"0.01x{3 * day}"},
                    {"series": sel("linkperf_history_deviation_ratio", dict(dev, **scrape, node="node002")),
                     "values": f"0.08x{2 * day - 1} 0.0x{day}"}],
   "alert_rule_test": [
     {"eval_time": "49h", "alertname": "LinkperfBelowOwnHistory", "exp_alerts": []},
     {"eval_time": "51h", "alertname": "LinkperfBelowOwnHistory",
      "exp_alerts": [{"exp_labels": dict(dev, **scrape, severity="warning"), "exp_annotations": dev_anno}]}]},
  {"interval": "1h",
   "input_series": [
     {"series": sel("linkperf_history_change_worse_ratio", dict(dev, **scrape)), "values": "0.1x10"},
     {"series": sel("linkperf_history_runs_since_change", dict(dev, **scrape)), "values": "3x10"},
     {"series": sel("linkperf_history_change_worse_ratio", dict(dev, **scrape, node="node000")), "values": "0.1x10"},
     {"series": sel("linkperf_history_runs_since_change", dict(dev, **scrape, node="node000")), "values": "30x10"}],
   "alert_rule_test": [
     {"eval_time": "1h", "alertname": "LinkperfRegressionChangePoint",
      "exp_alerts": [{"exp_labels": dict(dev, **scrape, severity="warning"), "exp_annotations": cp_anno}]}]},
  {"interval": "1h",
   "input_series": [{"series": sel("linkperf_fleet_node_quarantined", dict(q, **scrape)), "values": "1x5"},
                    {"series": sel("linkperf_fleet_node_quarantined", dict(q, **scrape, node="other", verdict="ok")),
                     "values": "0x5"}],
   "alert_rule_test": [
     {"eval_time": "1h", "alertname": "LinkperfNodeQuarantined",
      "exp_alerts": [{"exp_labels": dict(q, **scrape, severity="critical"), "exp_annotations": q_anno}]}]},
  {"interval": "1m",
   "input_series": [{"series": sel("linkperf_last_run_timestamp_seconds", ts), "values": f"0x{3 * day}"}],
   "alert_rule_test": [
     {"eval_time": "47h", "alertname": "LinkperfNightlyMissing", "exp_alerts": []},
     {"eval_time": "50h", "alertname": "LinkperfNightlyMissing",
      "exp_alerts": [{"exp_labels": dict(ts, severity="warning"), "exp_annotations": miss_anno}]}]},
]
print(yaml.safe_dump({"rule_files": [rules], "evaluation_interval": "1m", "tests": tests}, sort_keys=False))
PY
promtool test rules "$tmp/tests.yaml" || fail "promtool test rules"

# 5. The dashboard and the rules query only metrics linkperf writes.
python3 "$root/tests/fleet/check_dashboard.py" "$dash" "$rules" "$tmp"/run.prom "$tmp"/history.prom \
  "$tmp"/fleet.prom --declared "$root/node/prometheus_text.cpp" || fail "dashboard or rules query a metric linkperf does not write"

# ... and the check catches a query naming a metric nobody writes.
sed 's/linkperf_latency_seconds/linkperf_latency_secs/' "$dash" >"$tmp/bad-dashboard.json"
python3 "$root/tests/fleet/check_dashboard.py" "$tmp/bad-dashboard.json" "$rules" "$tmp"/run.prom \
  "$tmp"/history.prom "$tmp"/fleet.prom >"$tmp/bad" 2>&1 &&
  fail "check_dashboard.py accepted linkperf_latency_secs"
grep -q "linkperf_latency_secs is not a metric linkperf writes" "$tmp/bad" || { cat "$tmp/bad"; fail "no finding for the bad metric"; }

[ "$fails" -eq 0 ] && echo "monitoring: ok"
exit $((fails > 0))
