#!/usr/bin/env bash
# `linkperf fleet` on a synthetic fleet built from real results files (tests/fleet/make_fleet.py:
# two host types, seeded run-to-run noise, planted slow nodes on one path or one size, a faster
# node, one incomplete and one failed run): the verdict file names exactly the planted nodes with
# the right verdicts and cases and no other node; the CSV agrees; `linkperf nfd --results` turns
# the verdicts into labels; link facts are named; bad input gets exit 2 with one line. Under
# emulation (LINKPERF_EMULATOR, set by scripts/cross-riscv64.sh) the fleet is smaller.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../reports/lib.sh"
root=${DATA%/results}
nodes=160
[ -n "${LINKPERF_EMULATOR:-}" ] && nodes=60
x86=$data/host-small-x86_64.json
rv=$data/quick-riscv64-emulated.json
# Even nodes are x86_64 (host-small), odd ones riscv64 (the quick suite).
python3 "$here/make_fleet.py" --out "$tmp/fleet" --nodes "$nodes" --template "$x86" --template "$rv" \
  --seed 7 --manifest "$tmp/manifest.json" \
  --plant 4:slow:host.copy:1.6 --plant 10:slow:host.copy:4194304:1.4 \
  --plant 16:slow:host.latency:262144:1.5 --plant 7:slow:host.read:1.8 \
  --plant 13:slow:host.write:67108864:1.5 --plant 20:fast:host.copy:1.3 \
  --plant 22:incomplete --plant 25:failed:host.copy:4096 || exit 1

expect 0 "fleet of $nodes nodes" -- fleet "$tmp"/fleet/*.json --baseline "$x86" \
  --json "$tmp/verdicts.json" --csv "$tmp/verdicts.csv" --html "$tmp/fleet.html"
cp "$tmp/out" "$tmp/summary.txt"
cat "$tmp/summary.txt"
pycheck "the verdicts name exactly the planted nodes and cases" \
  "$tmp/manifest.json" "$tmp/verdicts.json" "$tmp/verdicts.csv" "$tmp/summary.txt" "$nodes" <<'PY'
import csv, json, sys
manifest = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
rows = list(csv.DictReader(open(sys.argv[3])))
printed = open(sys.argv[4]).read().splitlines()
n = int(sys.argv[5])
problems = []
def need(cond, what):
    if not cond:
        problems.append(what)
need(len(doc["nodes"]) == n, f"{len(doc['nodes'])} nodes in the verdict file, want {n}")
want = {k: v for k, v in manifest.items() if v["verdict"] != "ok"}
got = {e["node"]: e for e in doc["nodes"] if e["verdict"] != "ok"}
need(set(got) == set(want), f"not-ok nodes {sorted(got)} != planted {sorted(want)}")
for node, w in want.items():
    e = got.get(node)
    if not e:
        continue
    need(e["verdict"] == w["verdict"], f"{node}: verdict {e['verdict']}, want {w['verdict']}")
    cases = sorted((c["path"], c["size_bytes"]) for c in e["outlier_cases"])
    need(cases == sorted(map(tuple, w["cases"])), f"{node}: outlier cases {cases} != planted {sorted(map(tuple, w['cases']))}")
    if w["verdict"] != "outlier":
        need(e["reason"] != "", f"{node}: {w['verdict']} without a reason")
for node, w in manifest.items():
    if w["verdict"] == "ok":  # the faster node
        e = next(x for x in doc["nodes"] if x["node"] == node)
        need(e["verdict"] == "ok", f"{node} (faster) is {e['verdict']}, want ok")
c = doc["counts"]
need(c == {"ok": n - len(want), "outlier": 5, "failed": 1, "incomplete": 1}, f"counts {c}")
need(len(doc["groups"]) == 2, f"{len(doc['groups'])} host-type groups, want 2")
isas = sorted(g["host_type"]["isa"] for g in doc["groups"])
need(isas == ["riscv64", "x86_64"], f"groups {isas}")
x86g = next(g for g in doc["groups"] if g["host_type"]["isa"] == "x86_64")
need(all(k["baseline"] is not None for k in x86g["cases"]), "an x86_64 case without the baseline figure")
need(all(k["count"] >= 5 and k["p5"] <= k["median"] <= k["p95"] and k["min"] <= k["p5"] and k["p95"] <= k["max"] for g in doc["groups"] for k in g["cases"]), "a distribution out of order")
# Worst first: the outliers' severities never increase, and outliers precede failed/incomplete.
order = [e["verdict"] for e in doc["nodes"]]
need(order[:5] == ["outlier"] * 5 and order[5:7] == ["failed", "incomplete"], f"order {order[:8]}")
need(doc["nodes"][0]["node"] == "riscv64-node0007", f"worst node {doc['nodes'][0]['node']}, want riscv64-node0007 (1.8x)")
need(len(rows) == n and {r["node"]: r["verdict"] for r in rows} == {e["node"]: e["verdict"] for e in doc["nodes"]}, "CSV verdicts differ from JSON")
lines = [l for l in printed if l.startswith("  outlier")]
need(len(lines) == 5 and "riscv64-node0007: host.read" in lines[0] and "vs group median" in lines[0], f"summary outlier lines {lines}")
summary = f"{n} nodes: exactly the {len(want)} planted nodes found, with their cases"
PY

# Verdicts -> NFD labels: the outlier is quarantined, an ok node is not.
nfd_label() { # nfd_label NODE LABEL -> the label's value
  "$lp" nfd --sysfs "$root/sysfs/gh200" --results "$tmp/verdicts.json" --node "$1" 2>"$tmp/nfd.err" |
    sed -n "s|^linkperf.dev/$2=||p"
}
check "nfd: outlier -> fleet.verdict=outlier" test "$(nfd_label x8664-node0004 fleet.verdict)" = outlier
check "nfd: outlier -> fleet.quarantine=true" test "$(nfd_label x8664-node0004 fleet.quarantine)" = true
check "nfd: outlier -> canary.verdict=fail" test "$(nfd_label x8664-node0004 canary.verdict)" = fail
check "nfd: incomplete -> canary.verdict=incomplete" test "$(nfd_label x8664-node0022 canary.verdict)" = incomplete
check "nfd: ok node -> fleet.quarantine=false" test "$(nfd_label x8664-node0002 fleet.quarantine)" = false
check "nfd: ok node -> canary.verdict=pass" test "$(nfd_label x8664-node0002 canary.verdict)" = pass
check "nfd: ok node's date is its run's" test "$(nfd_label x8664-node0002 canary.date)" = 2026-11-29
expect 2 "nfd: a node not in the verdict file" -- nfd --sysfs "$root/sysfs/gh200" --results "$tmp/verdicts.json" --node nosuchnode
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d['nodes'][0]['verdict']='maybe'; json.dump(d, open(sys.argv[2],'w'))" \
  "$tmp/verdicts.json" "$tmp/bad-verdicts.json"
expect 2 "nfd: a verdict file with an unknown verdict" -- nfd --sysfs "$root/sysfs/gh200" --results "$tmp/bad-verdicts.json" --node riscv64-node0007

# Link facts: host.copy recast as ce.h2d over PCIe gen5 x16; the slow node's link at x8.
python3 "$here/make_fleet.py" --out "$tmp/gpu" --nodes 12 --template "$x86" --seed 3 --gpu-link \
  --plant 3:slow:ce.h2d:4194304:2 >/dev/null || exit 1
expect 0 "fleet with link facts" -- fleet "$tmp"/gpu/*.json
check "the outlier line names the link: x8 instead of x16" \
  grep -Eq "x8664-node0003: ce.h2d local\(pinned\)->gpu0\(device\) threads:[12]@4M -[4-5][0-9]% vs group median \(score [^)]*\), link x8 instead of x16" "$tmp/out"
check "only that node is named" test "$(grep -c '^  outlier' "$tmp/out")" -eq 1

# A truncated file is a node without usable results: incomplete, the others still judged.
head -c 2000 "$tmp/fleet/x8664-node0002.json" >"$tmp/x8664-node0002.json"
expect 0 "fleet with a truncated file" -- fleet "$tmp/x8664-node0002.json" "$tmp"/fleet/x8664-node000[4-9].json --json "$tmp/v2.json"
check "the truncated file's node is incomplete" python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); e={n['node']: n for n in d['nodes']}
sys.exit(0 if e['x8664-node0002']['verdict'] == 'incomplete' and 'not valid JSON' in e['x8664-node0002']['reason'] else 1)" "$tmp/v2.json"
check "the truncated file is named on stderr" grep -q "^linkperf: fleet: .*x8664-node0002.json" "$tmp/err"

# A verdict file caught by the glob is left out, not counted as a node.
cp "$tmp/verdicts.json" "$tmp/fleet/verdicts.json"
expect 0 "fleet with the verdict file among the inputs" -- fleet "$tmp"/fleet/*.json
check "the verdict file is not a node" grep -q "^linkperf fleet: $nodes node(s)" "$tmp/out"
check "the verdict file is named on stderr" grep -q "verdicts.json is a fleet verdict file" "$tmp/err"
rm "$tmp/fleet/verdicts.json"

# Bad input.
expect 2 "only a verdict file" -- fleet "$tmp/verdicts.json"
mkfifo "$tmp/fifo.json"
expect 2 "a FIFO" -- fleet "$tmp/fifo.json"
expect 2 "no results file" -- fleet
expect 2 "a missing file" -- fleet "$tmp/nope.json"
expect 2 "a directory" -- fleet "$tmp/fleet"
expect 2 "--limit -5%" -- fleet "$x86" --limit -5%
expect 2 "--limit abc" -- fleet "$x86" --limit abc
expect 2 "--limit 1e9%" -- fleet "$x86" --limit 1e9%
expect 2 "--limit-score -1" -- fleet "$x86" --limit-score -1
expect 2 "--limit-score nan" -- fleet "$x86" --limit-score nan
expect 2 "--min-group 0" -- fleet "$x86" --min-group 0
expect 2 "--node-name pod" -- fleet "$x86" --node-name pod
expect 2 "--json into a directory" -- fleet "$x86" --json "$tmp"
# Special files on nodes made here, never the real /dev ones: a null device is written in place.
if mknod "$tmp/null" c 1 3 2>/dev/null; then
  expect 0 "--json to a null device" -- fleet "$x86" --json "$tmp/null"
  check "the null device stays a device" test -c "$tmp/null"
fi
expect 2 "--json naming an input" -- fleet "$x86" --json "$x86"
expect 0 "--json - (stdout)" -- fleet "$x86" --json -
check "--json - writes the verdict file on stdout" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/out"
expect 0 "--node-name file" -- fleet "$x86" "$tmp/fleet/x8664-node0002.json" --node-name file
check "--node-name file names nodes by file" grep -q "2 node(s) in 1 host type" "$tmp/out"
# Two runs of one host: the newer is kept, and stderr says so.
expect 0 "two runs of one host" -- fleet "$x86" "$data/host-small-x86_64-rerun.json"
check "one node kept" grep -q "^linkperf fleet: 1 node(s)" "$tmp/out"
check "the dropped run is named" grep -q "second run of a node already given" "$tmp/err"
finish
