#!/usr/bin/env bash
# `linkperf nfd`: a features.d file with valid Kubernetes label names and values under
# linkperf.dev/, an expiry directive, written atomically (no dotfile left behind).
# lp, data (DATA: tests/data here), tmp and fails come from the reports tests' lib.sh.
. "$(dirname "$0")/../reports/lib.sh"
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# Kubernetes' rules, independent of linkperf's own validator.
validate() { # validate FILE -> prints labels; non-zero on an invalid line
  python3 - "$1" <<'PY'
import re, sys
seg = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$")
dns = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
lines = open(sys.argv[1]).read().splitlines()
assert any(re.match(r"^# \+expiry-time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", l) for l in lines), "no expiry"
labels = {}
for l in lines:
    if l.startswith("#") or not l:
        continue
    name, sep, value = l.partition("=")
    assert sep, "no = in " + l
    prefix, slash, short = name.rpartition("/")
    assert slash and prefix == "linkperf.dev", "prefix of " + name
    assert len(prefix) <= 253 and dns.match(prefix), "prefix " + prefix
    assert seg.match(short), "name " + name
    assert value == "" or seg.match(value), "value " + repr(value)
    assert name not in labels, "duplicate " + name
    labels[name] = value
for k, v in labels.items():
    print(f"{k}={v}")
PY
}

out=$tmp/features.d/linkperf
mkdir -p "$tmp/features.d"
"$lp" nfd --sysfs "$data/sysfs/dgx-h100" --out "$out" --verdict pass --date 2026-11-28 2>"$tmp/err" ||
  fail "nfd --sysfs dgx-h100 exited $?: $(cat "$tmp/err")"
labels=$(validate "$out") || fail "invalid feature file: $(cat "$out")"
echo "$labels"
for want in linkperf.dev/gpu.count=4 linkperf.dev/gpu.link=pcie5x16 linkperf.dev/numa.nodes=2 \
            linkperf.dev/numa.cpuless=0 linkperf.dev/canary.verdict=pass \
            linkperf.dev/canary.date=2026-11-28 linkperf.dev/gpu.coherent=unknown; do
  grep -qx "$want" <<<"$labels" || fail "missing label $want"
done
isa=${LINKPERF_EXPECT_ISA:-$(uname -m)}
grep -q "^linkperf.dev/isa=$isa$" <<<"$labels" || fail "isa label is not $isa"
[ -z "$(find "$tmp/features.d" -name '.*' -print)" ] || fail "a temporary dotfile was left behind"
[ "$(stat -c %a "$out")" = 644 ] || fail "feature file mode is $(stat -c %a "$out"), want 644"

# The verdict of a results file (read by the results loader): a failed case makes it "fail".
case_json() { # case_json PATH STATUS (a JSON value: '"ok"', '"failed"', 1)
  printf '{"name": "%s", "linkperf": {"path": "%s", "metric": "bandwidth", "source": {"role": "cpu"},
   "destination": {"role": "local"}, "size_bytes": 4096, "status": %s, "stats": {"median": 10}}}' \
    "$1" "$1" "$2"
}
cat >"$tmp/results.json" <<JSON
{"context": {"linkperf": {"schema_version": 1, "complete": true,
  "finished_at": "2026-11-27T03:10:00Z"}},
 "benchmarks": [$(case_json host.read '"ok"'), $(case_json host.write '"failed"')]}
JSON
"$lp" nfd --sysfs "$data/sysfs/gh200" --results "$tmp/results.json" >"$tmp/stdout" ||
  fail "nfd --results exited $?"
labels=$(validate "$tmp/stdout") || fail "invalid labels on stdout: $(cat "$tmp/stdout")"
for want in linkperf.dev/canary.verdict=fail linkperf.dev/canary.date=2026-11-27 \
            linkperf.dev/gpu.count=1 linkperf.dev/numa.cpuless=1 linkperf.dev/gpu.link=unknown; do
  grep -qx "$want" <<<"$labels" || fail "gh200: missing label $want"
done

# The live machine.
"$lp" nfd --out "$tmp/features.d/live" || fail "nfd on the live machine exited $?"
validate "$tmp/features.d/live" >/dev/null || fail "live labels invalid: $(cat "$tmp/features.d/live")"

# Bad input: documented exit codes.
"$lp" nfd --verdict maybe >/dev/null 2>&1; [ $? -eq 2 ] || fail "--verdict maybe: want exit 2"
# Options that would change nothing are refused, not ignored.
"$lp" nfd --date 2026-11-28 >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "^linkperf: .*--date dates a canary verdict" "$tmp/err" ||
  fail "--date without a verdict: want exit 2 and the reason, got $rc: $(cat "$tmp/err")"
"$lp" nfd --node n1 >/dev/null 2>"$tmp/err"; rc=$?
[ "$rc" -eq 2 ] && grep -q "^linkperf: .*--node names this node in a fleet verdict file" "$tmp/err" ||
  fail "--node without a fleet verdict file: want exit 2 and the reason, got $rc: $(cat "$tmp/err")"
echo '{"not": "results"}' >"$tmp/bad.json"
"$lp" nfd --results "$tmp/bad.json" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--results not a results file: want exit 2"
# Fields of the wrong type: exit 2 with the results loader's one line naming the field, not a
# library exception.
bad_type() { # bad_type NAME JSON WANT_IN_MESSAGE
  printf '%s\n' "$2" >"$tmp/typed.json"
  "$lp" nfd --sysfs "$data/sysfs/gh200" --results "$tmp/typed.json" >/dev/null 2>"$tmp/err"
  local got=$?
  [ "$got" -eq 2 ] || fail "$1: exit $got, want 2: $(cat "$tmp/err")"
  [ "$(grep -c . "$tmp/err")" -eq 1 ] || fail "$1: want one line on stderr: $(cat "$tmp/err")"
  grep -qF "$3" "$tmp/err" || fail "$1: message does not name $3: $(cat "$tmp/err")"
  ! grep -q "type_error\|\[json" "$tmp/err" || fail "$1: raw library message: $(cat "$tmp/err")"
}
bad_type '"complete": "yes"' \
  '{"context": {"linkperf": {"schema_version": 1, "complete": "yes"}}, "benchmarks": []}' \
  "context.linkperf: field 'complete'"
bad_type '"status": 1' \
  "{\"context\": {\"linkperf\": {\"schema_version\": 1}}, \"benchmarks\": [$(case_json host.read 1)]}" \
  "benchmarks[0].linkperf: field 'status'"
"$lp" nfd --out "$tmp/no/such/dir/f" >/dev/null 2>&1; [ $? -eq 2 ] || fail "--out into a missing directory: want exit 2"

[ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
echo "all nfd checks passed"
