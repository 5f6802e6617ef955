#!/bin/sh
# scripts/gpu-measure.sh, the measuring step gpu-check.sh and the GPU bundle share. Without a
# GPU it says the run wrote no results and exits 1 (real linkperf); with a linkperf that writes a
# results file it prints the key figures and passes linkperf's exit code on; a run stopped by
# its time limit exits 4 (a stub that exits 124, as timeout(1) does); GPU tests that failed
# before it make it exit 1 after measuring.
set -eu
measure=$1 linkperf=$2 figures=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

rc=0
"$measure" "$linkperf" "$dir/none.json" "$dir" "$figures" >"$dir/out1.txt" 2>&1 || rc=$?
cat "$dir/out1.txt"
if grep -q "no CUDA device" "$dir/run.log"; then
  [ "$rc" = 1 ] || fail "no device: exit $rc, want 1"
  grep -q "wrote no results to $dir/none.json" "$dir/out1.txt" || fail "no 'wrote no results' line"
fi

# A stand-in linkperf: writes a results file without GPU cases to --out, exits 5.
cat >"$dir/linkperf" <<'STUB'
#!/bin/sh
while [ $# -gt 0 ]; do [ "$1" = --out ] && out=$2; shift; done
printf '{"context": {"linkperf": {"cuda": {"devices": []}}}, "benchmarks": []}\n' >"$out"
exit 5
STUB
chmod +x "$dir/linkperf"
cp "$dir/linkperf" "$dir/stub"
rc=0
"$measure" "$dir/linkperf" "$dir/r.json" "$dir" "$figures" >"$dir/out2.txt" 2>&1 || rc=$?
[ "$rc" = 5 ] || fail "stub run: exit $rc, want linkperf's 5"
grep -q "key figures" "$dir/out2.txt" || fail "no key figures printed"
grep -q "nvbandwidth: host_to_device_memcpy_ce" "$dir/out2.txt" || fail "key figures incomplete"

printf '#!/bin/sh\nexit 124\n' >"$dir/linkperf"
rc=0
"$measure" "$dir/linkperf" "$dir/t.json" "$dir" "$figures" >"$dir/out3.txt" 2>&1 || rc=$?
[ "$rc" = 4 ] || fail "time limit: exit $rc, want 4"
grep -q "passed the 390 s limit" "$dir/out3.txt" || fail "no time-limit line"
# GPU tests that failed earlier: the measurements still ran, then exit 1 naming their log.
sed 's/^exit 5$/exit 0/' "$dir/stub" >"$dir/linkperf"
rc=0
"$measure" "$dir/linkperf" "$dir/f.json" "$dir" "$figures" 1 "$dir/tests.log" >"$dir/out4.txt" 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "failed GPU tests: exit $rc, want 1"
grep -q "GPU tests failed: see $dir/tests.log" "$dir/out4.txt" || fail "no line naming the tests' log"
rc=0
"$measure" a b c >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "three arguments: exit $rc, want 2"
echo "gpu-measure: no-device, results and time-limit paths behave as documented"
