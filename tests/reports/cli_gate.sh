#!/usr/bin/env bash
# `linkperf compare` and `linkperf baseline` on real results files: exit codes 0/1/2/3, JUnit
# naming the regressed case, noise that is not a regression, bad input that never crashes.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
host=$data/host-small-x86_64.json
coll=$data/coll-small-x86_64.json

expect 0 "a file against itself" -- compare "$host" "$host"
check "self: every case unchanged" grep -q "0 improved, 0 regressed, 0 unjudged, 10 unchanged, 0 noisy, 0 missing" "$tmp/out"

derive "$host" "$tmp/slow.json" 'scale("host.copy", 0.5)'
expect 1 "host.copy samples halved" -- compare "$host" "$tmp/slow.json" --junit "$tmp/junit.xml" --md "$tmp/gate.md"
check "stdout names a regressed host.copy case" grep -q "^regressed  host.copy " "$tmp/out"
check "JUnit is well-formed XML" python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" "$tmp/junit.xml"
check "JUnit has a failure for host.copy local(numa)->local(numa) threads:1@4K" \
  python3 -c "
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1])
names = [c.get('name') for c in t.iter('testcase') if c.find('failure') is not None]
classes = {c.get('classname') for c in t.iter('testcase') if c.find('failure') is not None}
sys.exit(0 if 'host.copy local(numa)->local(numa) threads:1@4K' in names and classes == {'host.copy'} else 1)" "$tmp/junit.xml"
check "Markdown says regression" grep -q "\*\*regression\*\*" "$tmp/gate.md"

derive "$host" "$tmp/jitter.json" '
i = 0
for e in doc["benchmarks"]:
    out = []
    for s in e["linkperf"]["samples"]:
        i += 1
        out.append(s * (1 + 0.01 * math.sin(i * 1.7)))
    e["linkperf"]["samples"] = out'
expect 0 "1% noise on every sample is not a regression" -- compare "$host" "$tmp/jitter.json"

derive "$host" "$tmp/latency.json" 'scale("host.latency", 2.0)'
expect 1 "host.latency doubled (lower is better)" -- compare "$host" "$tmp/latency.json"
derive "$host" "$tmp/faster.json" 'scale("host.latency", 0.5); scale("host.copy", 2.0)'
expect 0 "faster is an improvement, not a regression" -- compare "$host" "$tmp/faster.json"
check "improvements are reported" grep -q "^improved " "$tmp/out"

cat >"$tmp/gate.toml" <<'TOML'
# host.copy may lose 60% before the gate fails
threshold = "5%"
[paths]
"host.copy" = "60%"
TOML
expect 0 "a per-path threshold from a TOML config" -- compare "$host" "$tmp/slow.json" --config "$tmp/gate.toml"
echo '{"paths": {"host.*": "60%"}}' >"$tmp/gate.json"
expect 0 "a per-path threshold from a JSON config" -- compare "$host" "$tmp/slow.json" --config "$tmp/gate.json"
expect 1 "--threshold on the command line" -- compare "$host" "$tmp/slow.json" --threshold 40%
expect 2 "a bad threshold" -- compare "$host" "$host" --threshold lots
for t in "" " " "%" "-5" "-0.1%" "nan" "inf" "1e400" "5000%" "1000" "0x10" "5%%" "5 %x"; do
  expect 2 "--threshold '$t'" -- compare "$host" "$host" --threshold "$t"
done
expect 2 "--config ''" -- compare "$host" "$host" --config ""
python3 -c "print('{\"paths\": ' * 100000 + '1' + '}' * 100000)" >"$tmp/deep.json"
expect 2 "a gate config nested 100000 levels" -- compare "$host" "$host" --config "$tmp/deep.json"
python3 -c "print('[' * 100000 + ']' * 100000)" >"$tmp/deep-array.json"
expect 2 "a gate config that is 100000 nested arrays" -- compare "$host" "$host" --config "$tmp/deep-array.json"
printf '{"family": {"collectives.small": "12%%"}, "paths": {"host.*": {"bandwidth": "3%%"}}}' >"$tmp/family.json"
expect 0 "a config setting a family threshold" -- compare "$host" "$host" --config "$tmp/family.json"
echo '{"family": {"bandwidth.tiny": "3%"}}' >"$tmp/badfamily.json"
expect 2 "an unknown family" -- compare "$host" "$host" --config "$tmp/badfamily.json"

# Collectives: judged (>= 2 samples per side), a 20% worse copy fails; with one sample per
# side the same change is "unjudged", which fails unless --allow-unjudged, and JUnit says why.
derive "$coll" "$tmp/coll-slow.json" 'scale_by_direction(0.8, 1.2)'
expect 0 "collectives file against itself" -- compare "$coll" "$coll"
expect 1 "collectives 20% worse" -- compare "$coll" "$tmp/coll-slow.json"
check "every collectives case fails: regressed, or unjudged where its spread is wider than 20%" \
  grep -Eq "0 improved, [0-9]+ regressed, [0-9]+ unjudged, 0 unchanged, 0 noisy, 0 missing" "$tmp/out"
derive "$coll" "$tmp/coll-one.json" 'first_samples(1)'
derive "$tmp/coll-slow.json" "$tmp/coll-one-slow.json" 'first_samples(1)'
expect 1 "one sample per side, 20% worse: unjudged fails the gate" -- compare "$tmp/coll-one.json" "$tmp/coll-one-slow.json" --junit "$tmp/unjudged.xml" --md "$tmp/unjudged.md"
check "the summary counts unjudged cases" grep -q "0 regressed, 15 unjudged" "$tmp/out"
check "the Markdown says unjudged" grep -q "— \*\*unjudged\*\*" "$tmp/unjudged.md"
check "stderr says unjudged and how to allow it" grep -q "15 unjudged.*--allow-unjudged" "$tmp/err"
check "JUnit marks unjudged cases failed with the reason" python3 -c "
import sys, xml.etree.ElementTree as ET
f = [c.find('failure') for c in ET.parse(sys.argv[1]).iter('testcase')]
sys.exit(0 if len(f) == 15 and all(x is not None and x.get('type') == 'unjudged' and 'too few samples' in x.text for x in f) else 1)" "$tmp/unjudged.xml"
expect 0 "--allow-unjudged passes them" -- compare "$tmp/coll-one.json" "$tmp/coll-one-slow.json" --allow-unjudged --junit "$tmp/allowed.xml"
check "allowed unjudged cases are skipped in JUnit" python3 -c "
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1])
sys.exit(0 if not list(t.iter('failure')) and len(list(t.iter('skipped'))) == 15 else 1)" "$tmp/allowed.xml"
derive "$tmp/coll-one.json" "$tmp/coll-one-fast.json" 'scale_by_direction(1.25, 0.8)'
expect 0 "one sample per side, 25% better: noisy, not a failure" -- compare "$tmp/coll-one.json" "$tmp/coll-one-fast.json"
echo 'threshold = ' >"$tmp/bad.toml"
expect 2 "a malformed config" -- compare "$host" "$host" --config "$tmp/bad.toml"

derive "$host" "$tmp/fewer.json" 'doc["benchmarks"] = doc["benchmarks"][:3]'
expect 0 "a candidate with fewer cases: missing, not a failure" -- compare "$host" "$tmp/fewer.json"
check "missing cases are counted" grep -q "7 missing" "$tmp/out"
expect 3 "nothing comparable (host vs collectives)" -- compare "$host" "$coll"

derive "$host" "$tmp/allfailed.json" '
for e in doc["benchmarks"]:
    e["linkperf"]["status"] = "failed"
    e["linkperf"]["error"] = "data verification failed"'
expect 1 "every candidate case failed: a regression (1), not nothing comparable (3)" -- compare "$host" "$tmp/allfailed.json"
check "all 10 failed cases regress" grep -q "0 improved, 10 regressed" "$tmp/out"

derive "$host" "$tmp/hostile.json" '
doc["context"]["linkperf"]["hostname"] = "h\x01\x0b<x>&\"\x27\n\t\r\ufffe\uffff ![img](http://e/x.png) @team"'
expect 0 "a hostile hostname" -- compare "$host" "$tmp/hostile.json" --junit "$tmp/hostile.xml" --md "$tmp/hostile.md"
check "JUnit with a hostile hostname parses (expat/minidom), newline kept in the attribute" python3 -c "
import sys, xml.dom.minidom as m
d = m.parse(sys.argv[1])
v = [p.getAttribute('value') for p in d.getElementsByTagName('property') if p.getAttribute('name') == 'candidate.host'][0]
sys.exit(0 if '\n' in v and '<x>' in v and '\ufffe' not in v else 1)" "$tmp/hostile.xml"
check "Markdown with a hostile hostname has no image, link or mention" python3 -c "
import re, sys
t = open(sys.argv[1], encoding='utf-8').read()
# Unescaped markup only: an escaped bracket opens no image or link, an escaped @ no mention.
sys.exit(1 if re.search(r'!\[|(?<!\\\\)\]\(|(?<!\\\\)@team', t) else 0)" "$tmp/hostile.md"

# Bad inputs: exit 2 with one line, never a crash.
: >"$tmp/empty.json"
head -c 5000 "$host" >"$tmp/truncated.json"
echo 'not json at all' >"$tmp/text.json"
printf '\x00\xff\xfe binary' >"$tmp/binary.json"
derive "$host" "$tmp/newer.json" 'doc["context"]["linkperf"]["schema_version"] = 99'
derive "$host" "$tmp/noschema.json" 'del doc["context"]["linkperf"]["schema_version"]'
derive "$host" "$tmp/badtype.json" 'doc["benchmarks"][0]["linkperf"]["size_bytes"] = "big"'
derive "$host" "$tmp/flipped.json" '
for e in doc["benchmarks"]:
    e["linkperf"]["metric"] = "bandwidth" if e["linkperf"]["metric"] == "latency" else "latency"'
expect 2 "missing file" -- compare "$host" "$tmp/nope.json"
expect 2 "empty file" -- compare "$host" "$tmp/empty.json"
expect 2 "truncated file" -- compare "$tmp/truncated.json" "$host"
expect 2 "non-JSON file" -- compare "$host" "$tmp/text.json"
expect 2 "binary file" -- compare "$host" "$tmp/binary.json"
expect 2 "newer schema" -- compare "$host" "$tmp/newer.json"
check "newer schema says so" grep -q "newer" "$tmp/err"
expect 2 "no schema_version" -- compare "$tmp/noschema.json" "$host"
expect 2 "a field of the wrong type" -- compare "$host" "$tmp/badtype.json"
expect 2 "mismatched files (metric differs per case)" -- compare "$host" "$tmp/flipped.json"
expect 2 "a directory" -- compare "$host" "$tmp"
derive "$host" "$tmp/zero.json" 'doc["benchmarks"][3]["linkperf"]["stats"]["median"] = 0'
expect 2 "an ok case with median 0" -- compare "$host" "$tmp/zero.json"
check "the error names the case" grep -q "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["benchmarks"][3]["name"])' "$host" | cut -d/ -f1)" "$tmp/err"
derive "$host" "$tmp/negative.json" 'doc["benchmarks"][3]["linkperf"]["stats"]["median"] = -2.5'
expect 2 "an ok case with a negative median" -- baseline save "$tmp/negative.json" neg --dir "$tmp/baselines-neg"
echo "min_samples = 99999999999999999999" >"$tmp/huge.toml"
expect 2 "a config integer beyond long long" -- compare "$host" "$host" --config "$tmp/huge.toml"
expect 2 "report of an empty file" -- report "$tmp/empty.json" --md "$tmp/x.md"

# report: --baseline before or after the results, repeatable; every output written.
expect 0 "report with --baseline before the results" -- report --baseline "$host" "$host" "$coll" \
  --md "$tmp/r.md" --csv "$tmp/r.csv" --html "$tmp/r.html"
check "the Markdown lists the baseline and both runs" test "$(grep -c '^| .*json' "$tmp/r.md" | head -1)" -ge 3
check "the CSV has a header and rows" test "$(wc -l <"$tmp/r.csv")" -gt 100
check "the HTML is one self-contained file" grep -q '^<!DOCTYPE html>' "$tmp/r.html"
expect 0 "report with two --baseline options" -- report "$host" --baseline "$host" --baseline "$coll" --md "$tmp/r2.md"
check "both baselines are in the report" test "$(grep -c '(baseline)' "$tmp/r2.md")" -eq 2

# Baselines: save, refuse to overwrite, --force, compare by name.
expect 0 "baseline save" -- baseline save "$host" x86-small --dir "$tmp/baselines"
check "baseline copied byte for byte" cmp -s "$host" "$tmp/baselines/x86-small.json"
check "index records the ISA" python3 -c "
import json, sys
i = json.load(open(sys.argv[1]))
b = [e for e in i['baselines'] if e['name'] == 'x86-small']
sys.exit(0 if b and b[0]['isa'] == 'x86_64' and b[0]['cases'] == 10 else 1)" "$tmp/baselines/index.json"
expect 2 "baseline save refuses to overwrite" -- baseline save "$host" x86-small --dir "$tmp/baselines"
expect 0 "baseline save --force overwrites" -- baseline save "$host" x86-small --dir "$tmp/baselines" --force
expect 2 "baseline save of a bad file" -- baseline save "$tmp/empty.json" other --dir "$tmp/baselines"
expect 2 "baseline save with a bad name" -- baseline save "$host" "../evil" --dir "$tmp/baselines"
expect 2 "a baseline name ending in .json (taken for baseline x86-small's file)" -- baseline save "$host" x86-small.json --dir "$tmp/baselines"
expect 2 "baseline list of a missing directory" -- baseline list --dir "$tmp/no-such-store"
expect 0 "baseline list" -- baseline list --dir "$tmp/baselines"
check "list shows it" grep -q "^x86-small " "$tmp/out"
expect 0 "compare against a stored baseline by name" -- compare x86-small "$host" --baselines-dir "$tmp/baselines"
expect 1 "a slowdown against a stored baseline" -- compare x86-small "$tmp/slow.json" --baselines-dir "$tmp/baselines"

# The committed x86_64 baseline loads and compares with the small run (same roles).
root=$(cd "$here/../.." && pwd)
expect 0 "committed baselines/x86_64-quick.json compares with itself" -- compare "$root/baselines/x86_64-quick.json" "$root/baselines/x86_64-quick.json"

# riscv64 vs x86_64: joins by role; an emulated run is named so in the report.
rv=$data/quick-riscv64-emulated.json
if [ -f "$rv" ]; then
  "$lp" compare "$root/baselines/x86_64-quick.json" "$rv" >"$tmp/out" 2>"$tmp/err"
  got=$?
  check "riscv64 vs x86_64 compares (exit 0 or 1, not 2/3: got $got)" test "$got" -le 1
  expect 0 "report riscv64 vs the x86_64 baseline" -- report "$rv" --baseline "$root/baselines/x86_64-quick.json" --html "$tmp/rv.html"
  check "report marks the run emulated" grep -q 'class="emulated"' "$tmp/rv.html"
else
  echo "note: $rv not present: riscv64 comparison not run"
fi
finish
