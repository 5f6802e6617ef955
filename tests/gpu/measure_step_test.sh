#!/bin/sh
# scripts/gpu-measure.sh, the measuring step gpu-check.sh and the GPU bundle share: key figures
# first, then the rest. Without a GPU the real linkperf writes no results: exit 1. With stand-in
# linkperfs (gpu-figures is the real one): the key-figure run gets the key-figure filter and its
# limit, a missed key figure exits 5, a key-figure run stopped by its limit exits 4 (a stand-in that
# exits 124, as timeout(1) does) and the rest still runs; a rest stopped by the budget exits 4;
# a failed case exits 1; every key-figure case skipped (run's 3) exits 3; GPU tests that failed before it exit 1 after measuring.
set -eu
measure=$1 linkperf=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

rc=0
"$measure" "$linkperf" "$dir/none.json" "$dir" >"$dir/out1.txt" 2>&1 || rc=$?
cat "$dir/out1.txt"
if grep -q "no CUDA device" "$dir/key-figures.log"; then
  [ "$rc" = 1 ] || fail "no device: exit $rc, want 1"
  grep -q "wrote no results to $dir/none.json" "$dir/out1.txt" || fail "no 'wrote no results' line"
fi

# A stand-in linkperf: `run` records its arguments and writes a results file with a GPU and
# no case to --out, then exits $KEY_RC (key-figure run) or $REST_RC (the rest); gpu-figures is
# the real one.
cat >"$dir/linkperf" <<STANDIN
#!/bin/sh
[ "\$1" = gpu-figures ] && exec "$linkperf" "\$@"
echo "\$*" >>"$dir/args"
while [ \$# -gt 0 ]; do [ "\$1" = --out ] && out=\$2; shift; done
printf '{"context": {"linkperf": {"schema_version": 1, "cuda": {"devices": [{"index": 0}]}}}, "benchmarks": []}\n' >"\$out"
case \$out in *-rest.json) exit \${REST_RC:-0} ;; esac
exit \${KEY_RC:-0}
STANDIN
chmod +x "$dir/linkperf"
run() {
  rc=0
  : >"$dir/args"
  "$measure" "$dir/linkperf" "$dir/r.json" "$dir" "$@" >"$dir/out.txt" 2>&1 || rc=$?
}
CUDA_VISIBLE_DEVICES=0,1 run
[ "$rc" = 5 ] || fail "key figures not measured: exit $rc, want 5"
grep -q "key figures of 2 GPU(s), limit 360s" "$dir/out.txt" || fail "no key-figure limit for 2 GPUs"
grep -q "a key figure missed its target" "$dir/out.txt" || fail "no 'missed its target' line"
grep -q "nvbandwidth: host_to_device_memcpy_ce" "$dir/out.txt" || fail "key figures not printed"
head -1 "$dir/args" | grep -q -- "--suite standard --sizes 4K,256M --filter ^((ce" ||
  fail "key-figure run: $(head -1 "$dir/args")"
sed -n 2p "$dir/args" | grep -q -- "--suite full --sizes 4K,1M,256M --filter ^(?!^((ce" ||
  fail "rest run: $(sed -n 2p "$dir/args")"
sed -n 2p "$dir/args" | grep -q -- "--out $dir/r-rest.json" || fail "rest not in r-rest.json"
CUDA_VISIBLE_DEVICES=0 KEY_RC=124 run
[ "$rc" = 4 ] || fail "key figures past their limit: exit $rc, want 4"
grep -q "limit 240s" "$dir/out.txt" || fail "no 240 s limit for one GPU"
grep -q "the key figures passed their 240 s limit" "$dir/out.txt" || fail "no partial line"
[ "$(wc -l <"$dir/args")" = 2 ] || fail "the rest did not run after a partial key-figure run"
REST_RC=124 run
[ "$rc" = 5 ] || fail "a missed key figure before a partial rest: exit $rc, want 5"
grep -q "the other GPU paths passed the budget" "$dir/out.txt" || fail "no rest-partial line"
KEY_RC=1 run
[ "$rc" = 1 ] || fail "a failed case: exit $rc, want 1"
KEY_RC=3 run
[ "$rc" = 3 ] || fail "every key-figure case skipped: exit $rc, want 3 (not 5, a missed target)"
grep -q "no key-figure case could run here" "$dir/out.txt" || fail "no 'could run here' line"
LINKPERF_GPU_MEASURE_SECONDS=20 run
[ "$(wc -l <"$dir/args")" = 1 ] || fail "the rest ran with 20 s of budget"
grep -q "limit 20s" "$dir/out.txt" || fail "the key-figure limit is not capped by the budget"
LINKPERF_GPU_MEASURE_SECONDS=x run
[ "$rc" = 2 ] || fail "a bad budget: exit $rc, want 2"
# GPU tests that failed earlier: the measurements still ran, then exit 1 naming their log.
run 1 "$dir/tests.log"
[ "$rc" = 1 ] || fail "failed GPU tests: exit $rc, want 1"
grep -q "GPU tests failed: see $dir/tests.log" "$dir/out.txt" || fail "no line naming the tests' log"
rc=0
"$measure" a b >/dev/null 2>&1 || rc=$?
[ "$rc" = 2 ] || fail "two arguments: exit $rc, want 2"
echo "gpu-measure: key figures first, limits, partial and missed-target exits as documented"
