#!/usr/bin/env bash
# The run-level gate from the command line: `baseline save` of several runs, run-level
# verdicts with inconclusive listed first (failing only under --strict), JUnit properties,
# the single-run note and "nothing comparable" said first.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
host=$data/host-small-x86_64.json
coll=$data/coll-small-x86_64.json

# Five "runs" of one build: the real run with each run's cases scaled a little.
i=0
for f in 1.00 1.02 0.99 1.01 0.98; do
  i=$((i + 1))
  derive "$host" "$tmp/run$i.json" "scale_by_direction($f, 1 / $f)"
done
expect 0 "baseline save of five runs" -- baseline save "$tmp/run1.json" "$tmp/run2.json" "$tmp/run3.json" "$tmp/run4.json" "$tmp/run5.json" five --dir "$tmp/b"
check "the stored baseline has 5 passes" python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
passes = {e['linkperf']['pass'] for e in d['benchmarks']}
sys.exit(0 if d['context']['linkperf']['repeat']['passes'] == 5 and passes == set(range(5)) else 1)" "$tmp/b/five.json"

# A candidate of five runs: unchanged, and no single-run note.
derive "$tmp/b/five.json" "$tmp/same.json" "pass"
expect 0 "five runs against five runs of the same build" -- compare five "$tmp/same.json" --baselines-dir "$tmp/b" --junit "$tmp/same.xml"
check "no single-run note" sh -c "! grep -q 'single runs' '$tmp/out'"
check "JUnit carries run_spread and min_detectable_change" python3 -c "
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1])
props = [{p.get('name'): p.get('value') for p in c.iter('property')} for c in t.iter('testcase')]
sys.exit(0 if props and all('run_spread' in p and 'min_detectable_change' in p and p['runs'] == '5 vs 5' for p in props) else 1)" "$tmp/same.xml"

# host.copy 30% slower in every pass: regressed by the U test on run medians.
derive "$tmp/b/five.json" "$tmp/slow.json" 'scale("host.copy", 0.7)'
expect 1 "host.copy 30% slower in five runs" -- compare five "$tmp/slow.json" --baselines-dir "$tmp/b"
check "regressed by the U test on run medians" grep -q "^regressed  host.copy .*U test on run medians" "$tmp/out"

# Two candidate runs only: too few to test: inconclusive, listed first, exit 0; 1 with --strict.
derive "$tmp/slow.json" "$tmp/two.json" '
doc["benchmarks"] = [e for e in doc["benchmarks"] if e["linkperf"]["pass"] < 2]
doc["context"]["linkperf"]["repeat"]["passes"] = 2'
derive "$tmp/b/five.json" "$tmp/base2.json" '
doc["benchmarks"] = [e for e in doc["benchmarks"] if e["linkperf"]["pass"] < 2]'
expect 0 "2 vs 2 runs 30% slower: inconclusive passes" -- compare "$tmp/base2.json" "$tmp/two.json" --junit "$tmp/two.xml"
check "inconclusive listed first with why" sh -c "head -1 '$tmp/out' | grep -q '^inconclusive  host.copy .*too few runs'"
check "stderr says inconclusive cases pass" grep -q "inconclusive case(s) pass the gate" "$tmp/err"
check "JUnit lists inconclusive as skipped" grep -q 'skipped message="inconclusive: ' "$tmp/two.xml"
expect 1 "--strict fails inconclusive" -- compare "$tmp/base2.json" "$tmp/two.json" --strict --junit "$tmp/strict.xml"
check "JUnit under --strict: a failure of type inconclusive" grep -q 'failure type="inconclusive"' "$tmp/strict.xml"

# Contended passes carry the slowdown: inconclusive (contended: ...).
derive "$tmp/slow.json" "$tmp/contended.json" '
for e in doc["benchmarks"]:
    e["linkperf"]["contention"] = {"contended": True, "why": "steal 20%"}'
expect 0 "a slowdown carried only by contended passes" -- compare five "$tmp/contended.json" --baselines-dir "$tmp/b"
check "inconclusive (contended: steal 20%)" grep -q "^inconclusive  host.copy .*contended: steal 20%" "$tmp/out"

# Two single-run files: the note; an old single-run baseline still judges as before.
expect 0 "two single runs" -- compare "$host" "$host"
check "says it cannot separate noise from a change" grep -q "^note: both files are single runs: the gate cannot separate noise from a change" "$tmp/out"
expect 0 "a single-run baseline against five runs" -- compare "$host" "$tmp/same.json"
check "notes the baseline cannot know its noise" grep -q "^note: the baseline is one run" "$tmp/out"

# Unrelated files: "nothing comparable" first and no missing lines.
expect 3 "host against collectives" -- compare "$host" "$coll"
check "no missing lines on stdout" sh -c "! grep -q '^missing' '$tmp/out'"
check "one line: nothing comparable with counts" grep -q "nothing comparable: .*case(s) only in the baseline" "$tmp/err"
# A real --repeat run: --prom carries each case's median of pass medians (as the results file
# and the gate read it), not the last pass's figure.
expect 0 "run --repeat 3 with --prom" -- run --filter '^host\.(read|latency)/' --sizes 4K,64K --threads 1 --repeat 3 --seed 7 --out "$tmp/rep.json" --prom "$tmp/rep.prom"
check "--prom holds the median of the pass medians" python3 -c "
import json, re, statistics, sys
d = json.load(open(sys.argv[1]))
med = {}
for e in d['benchmarks']:
    l = e['linkperf']
    if l['status'] == 'ok':
        med.setdefault((l['path'], l['size_bytes']), []).append(l['stats']['median'])
want = {k: statistics.median(v) for k, v in med.items() if len(v) == 3}
got = {}
for line in open(sys.argv[2]):
    m = re.match(r'linkperf_(bandwidth_bytes_per_second|latency_seconds)\\{(.*)\\} (\\S+)', line)
    if m:
        lab = dict(re.findall(r'(\\w+)=\"([^\"]*)\"', m.group(2)))
        scale = 1e9 if m.group(1).startswith('bandwidth') else 1e-9
        got[(lab['path'], int(lab['size']))] = float(m.group(3)) / scale
ok = want and all(k in got and abs(got[k] - v) <= 1e-6 * v for k, v in want.items())
sys.exit(0 if ok else 1)" "$tmp/rep.json" "$tmp/rep.prom"
finish
