#!/bin/sh
# `linkperf gpu-figures`, the key-figure printout of gpu-check (and of the bundle's), names on
# every key-figure line the nvbandwidth testcase it corresponds to and whether the convention is
# the same. Fed a results file with a GPU but no GPU case (no figure is made up): every line then
# says "not measured", every target misses and the exit is 1; a file that is not a results file
# exits 2.
# Usage: key_figures_test.sh LINKPERF
set -eu
linkperf=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cat >"$dir/r.json" <<'JSON'
{"context": {"linkperf": {"schema_version": 1, "cuda": {"driver_version": 13000,
 "devices": [{"index": 0, "name": "no GPU here", "pci_bus_id": "0000:19:00.0"}]}}},
 "benchmarks": []}
JSON
rc=0
"$linkperf" gpu-figures "$dir/r.json" >"$dir/out.txt" 2>&1 || rc=$?
cat "$dir/out.txt"
[ "$rc" = 1 ] || fail "every target missed: exit $rc, want 1"
lines=$(grep -c 'not measured  \[nvbandwidth: [^]]*\]$' "$dir/out.txt" || true)
[ "$lines" -eq 21 ] || fail "$lines key-figure lines name their nvbandwidth testcase, want 21"
for t in host_to_device_memcpy_ce device_to_host_memcpy_ce host_to_device_bidirectional_memcpy_ce \
  host_to_device_memcpy_sm device_to_host_memcpy_sm host_to_device_bidirectional_memcpy_sm \
  device_local_copy device_to_device_memcpy_write_ce device_to_device_memcpy_write_sm \
  host_to_all_memcpy_ce all_to_host_memcpy_ce host_device_latency_sm device_to_device_latency_sm; do
  grep -q "nvbandwidth: $t (\(same convention\|convention differs\)" "$dir/out.txt" ||
    fail "no line names $t with its convention"
done
grep -q "key figures: 0 targets met, 6 missed" "$dir/out.txt" || fail "no target summary"
# A GPU name from the file with a terminal escape (set the title, ring the bell) is printed
# escaped, never raw.
sed 's/"no GPU here"/"evil \\u001b]0;pwned\\u0007 GPU"/' "$dir/r.json" >"$dir/evil.json"
"$linkperf" gpu-figures "$dir/evil.json" >"$dir/evil.txt" 2>&1 || true
grep -q 'evil' "$dir/evil.txt" || fail "the hostile GPU name is not shown at all"
! grep -q "$(printf '\033')" "$dir/evil.txt" || fail "a raw escape reached the terminal"
rc=0
echo '{"not": "results"}' >"$dir/bad.json"
"$linkperf" gpu-figures "$dir/bad.json" >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "not a results file: exit $rc, want 2"
echo "key figures: $lines lines, each with its nvbandwidth testcase and convention"
