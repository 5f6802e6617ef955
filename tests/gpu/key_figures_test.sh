#!/bin/sh
# The key-figure printout of gpu-check (scripts/gpu_key_figures.py) names, on every key-figure
# line, the nvbandwidth testcase it corresponds to. Fed a results file without GPU cases (no
# figure is made up): every line then says "not measured" and still carries the testcase.
set -eu
script=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '{"context": {"linkperf": {"cuda": {"devices": []}}}, "benchmarks": []}\n' >"$dir/r.json"
python3 "$script" "$dir/r.json" >"$dir/out.txt"
cat "$dir/out.txt"
sed -n '/^key figures/,/^targets:/p' "$dir/out.txt" | grep '^  ' >"$dir/keys.txt" || true
lines=$(grep -c 'not measured' "$dir/keys.txt" || true)
tagged=$(grep -c '  \[nvbandwidth: [^]]*\]$' "$dir/keys.txt" || true)
[ "$lines" -ge 16 ] || { echo "FAIL: $lines key-figure lines, expected 16"; exit 1; }
[ "$tagged" -eq "$lines" ] || { echo "FAIL: $tagged of $lines lines name an nvbandwidth testcase"; exit 1; }
for t in host_to_device_memcpy_ce device_to_host_memcpy_ce host_to_device_bidirectional_memcpy_ce \
  host_to_device_memcpy_sm device_to_host_memcpy_sm device_local_copy \
  device_to_device_memcpy_write_ce device_to_device_memcpy_write_sm host_device_latency_sm \
  device_to_device_latency_sm; do
  grep -q "nvbandwidth: $t (" "$dir/out.txt" || { echo "FAIL: no line names $t"; exit 1; }
done
echo "key figures: $lines lines, each with its nvbandwidth testcase"
