#!/usr/bin/env bash
# `linkperf run --suite quick` writes a results file whose every value is physically plausible
# and that Google Benchmark's compare.py reads.
set -euo pipefail
lp=${LINKPERF:?set LINKPERF to the linkperf binary}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
"$lp" run --suite quick --out "$tmp/quick.json" >"$tmp/stdout" 2>"$tmp/stderr" || {
  echo "linkperf run failed"; cat "$tmp/stdout" "$tmp/stderr"; exit 1; }
echo "quick suite took $(( $(date +%s) - start )) s"
cat "$tmp/stdout"
python3 "$here/check_results.py" "$tmp/quick.json" "${LINKPERF_EXPECT_ISA:-$(uname -m)}"
compare=/usr/share/benchmark/compare.py
if [ -f "$compare" ] && /usr/bin/python3 -c 'import scipy, numpy' 2>/dev/null; then
  /usr/bin/python3 "$compare" benchmarks "$tmp/quick.json" "$tmp/quick.json" >"$tmp/compare.txt"
  grep -q 'host.copy/' "$tmp/compare.txt" || { echo "compare.py did not list host.copy"; cat "$tmp/compare.txt"; exit 1; }
  echo "compare.py read the file: $(grep -c 'host\.' "$tmp/compare.txt") rows"
else
  echo "compare.py or scipy missing (libbenchmark-tools, python3-scipy): cannot check"; exit 1
fi
