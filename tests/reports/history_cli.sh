#!/usr/bin/env bash
# `linkperf history` and `linkperf compare --history` end to end on nightly histories built by
# scripts/make-history.py from two committed real runs (so every value is one this kind of
# machine measured): a planted 15% step on host.copy with a kernel update on the same night is
# found with its date, magnitude and the kernel change; an unchanged history has no change point;
# compare --history passes an unchanged candidate and fails a 30% slower one; bad input exits 2.
set -u
lp=${LINKPERF:?set LINKPERF}
data=${DATA:?set DATA}
root=${SOURCE_DIR:?set SOURCE_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
pool=("$data/host-small-x86_64.json" "$data/host-small-x86_64-rerun.json")

python3 "$root/scripts/make-history.py" --out "$tmp/h" --pool "${pool[@]}" --nodes 2 --nights 40 \
  --seed 3 --step 1:host.copy:25:1.15 --kernel 1:25:6.1.0-99-amd64 || fail "make-history"
"$lp" history "$tmp/h" --html "$tmp/h.html" --json "$tmp/h.json" --csv "$tmp/h.csv" \
  >"$tmp/out" 2>"$tmp/err"
rc=$?
cat "$tmp/out" "$tmp/err"
[ "$rc" -eq 0 ] || fail "history exited $rc"
python3 - "$tmp/h.json" "$tmp/h.csv" "$tmp/h.html" <<'PY' || fail "history outputs"
import csv, json, sys
doc = json.load(open(sys.argv[1]))
ch = doc["changes"]
assert doc["linkperf_history"]["runs"] == 80, doc["linkperf_history"]
assert ch, "no change point found"
for c in ch:
    assert c["node"] == "node001", c            # node000 is unchanged
    assert c["case"].startswith("host.copy"), c
    assert c["date"].startswith("2026-09-26"), c  # night 25 from 2026-09-01
    assert -0.17 < c["magnitude"] < -0.11, c     # bandwidth down 1/1.15 - 1 = -13%
    assert c["ci_low"] < c["magnitude"] < c["ci_high"], c
    assert c["worse"] > 0, c
    facts = {x["fact"]: x for x in c["context"]}
    assert facts["kernel"]["after"] == "6.1.0-99-amd64", c["context"]
copies = {s["case"] for s in doc["series"] if s["node"] == "node001" and s["case"].startswith("host.copy")}
found = {c["case"] for c in ch}
assert found == copies, (found, copies)       # every host.copy case of node001, nothing else
rows = list(csv.DictReader(open(sys.argv[2])))
assert len(rows) == len(ch), (len(rows), len(ch))
assert "kernel" in rows[0]["context"]
html = open(sys.argv[3]).read()
assert html.index('id="changes"') < html.index('id="trends"')
assert html.count("<figure") == len(doc["series"])
assert html.count('<details class="figures">') == len(doc["series"])
print(f"{len(ch)} change point(s) on node001 host.copy at night 25 with the kernel change")
PY
grep -q "change point" "$tmp/out" || fail "no summary line"

# --node: only that node's runs.
"$lp" history "$tmp/h" --node node000 --json "$tmp/n0.json" >/dev/null 2>&1 || fail "--node"
python3 -c "import json,sys; d=json.load(open('$tmp/n0.json')); assert d['changes']==[] and d['linkperf_history']['runs']==40, d['linkperf_history']" ||
  fail "node000 alone: changes or wrong run count"

# The nightly CronJob's layout: <night>/results/<node>.json with pod names as hostnames.
python3 - "$tmp/h/node001" "$tmp/cron" <<'PY'
import json, os, sys
for i, f in enumerate(sorted(os.listdir(sys.argv[1]))):
    d = json.load(open(os.path.join(sys.argv[1], f)))
    d["context"]["linkperf"]["hostname"] = f"linkperf-nightly-{i}-x7k2q"
    os.makedirs(os.path.join(sys.argv[2], f[8:16], "results"))
    json.dump(d, open(os.path.join(sys.argv[2], f[8:16], "results", "node001.json"), "w"))
PY
"$lp" history "$tmp"/cron/*/results --node-name file --json "$tmp/cron.json" >/dev/null 2>&1 ||
  fail "--node-name file"
python3 -c "
import json; d=json.load(open('$tmp/cron.json'))
assert d['linkperf_history']['nodes'] == 1 and {s['node'] for s in d['series']} == {'node001'}, d['linkperf_history']
assert d['changes'] and all(c['date'].startswith('2026-09-26') for c in d['changes']), d['changes']" ||
  fail "--node-name file: not one node node001 with its change"
"$lp" history "$tmp"/cron/*/results --json "$tmp/pods.json" >/dev/null 2>&1
python3 -c "import json; assert json.load(open('$tmp/pods.json'))['linkperf_history']['nodes'] == 40" ||
  fail "hostname naming: want one node per pod name"

# compare --history: the newest night of node001 against its last stable segment passes; a
# candidate 30% slower on every case fails (exit 1).
newest=$(ls "$tmp/h/node001"/*.json | tail -1)
"$lp" compare --history "$tmp/h" "$newest" >"$tmp/c1" 2>&1
rc=$?
cat "$tmp/c1"
[ "$rc" -eq 0 ] || fail "compare --history of an unchanged night exited $rc"
python3 - "$newest" "$tmp/slow.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for b in d["benchmarks"]:
    lp = b["linkperf"]; f = 1 / 1.3 if lp.get("higher_is_better", True) else 1.3
    for k in ("min", "max", "mean", "median", "p5", "p95", "stddev"):
        if k in lp.get("stats", {}): lp["stats"][k] *= f
    lp["samples"] = [s * f for s in lp.get("samples", [])]
json.dump(d, open(sys.argv[2], "w"))
PY
"$lp" compare --history "$tmp/h" "$tmp/slow.json" >"$tmp/c2" 2>&1
rc=$?
[ "$rc" -eq 1 ] || { cat "$tmp/c2"; fail "compare --history of a 30% slower run exited $rc, want 1"; }
grep -q "^regressed" "$tmp/c2" || fail "no regressed line"

# Bad input: exit 2 with one line.
expect2() {
  local what=$1; shift
  "$lp" "$@" >"$tmp/o" 2>"$tmp/e"
  local rc=$?
  [ "$rc" -eq 2 ] || { fail "$what: exit $rc, want 2"; cat "$tmp/o" "$tmp/e"; }
}
expect2 "missing dir" history "$tmp/nope"
mkdir "$tmp/empty"
expect2 "empty dir" history "$tmp/empty"
expect2 "unknown node" history "$tmp/h" --node nobody
expect2 "window < 2 min-segment" history "$tmp/h" --window 8 --min-segment 6
expect2 "p-value 0" history "$tmp/h" --p-value 0
expect2 "p-value 1.5" history "$tmp/h" --p-value 1.5
expect2 "min-magnitude text" history "$tmp/h" --min-magnitude lots
expect2 "bad --node-name" history "$tmp/h" --node-name pod
expect2 "output over an input" history "$tmp/h/node000" --json "$(ls "$tmp/h/node000"/*.json | head -1)"
expect2 "--history with a baseline" compare --history "$tmp/h" "$newest" "$newest"
expect2 "--history of another node" compare --history "$tmp/h/node000" "$newest"
# A FIFO and a truncated file in the directory are left out with a line, not a hang.
mkfifo "$tmp/h/node000/fifo.json"
printf '{"context":' >"$tmp/h/node000/broken.json"
timeout 60 "$lp" history "$tmp/h" >"$tmp/o" 2>"$tmp/e"
rc=$?
[ "$rc" -eq 0 ] || { fail "history with a FIFO and a broken file exited $rc"; cat "$tmp/e"; }
grep -q "left out" "$tmp/e" || fail "broken file not named"

[ "$fails" -eq 0 ] && echo "history cli: ok"
exit $((fails > 0))
