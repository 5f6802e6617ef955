#!/usr/bin/env bash
# Benchmarks of `linkperf history` (docs/history.md): figures, not a test.
#
#   scripts/bench-history.sh pool DIR N      N real runs of a filtered quick suite into DIR (the
#                                            real noise: about 4 s each on a 2-core VM)
#   scripts/bench-history.sh accuracy DIR    planted 5%, 10%, 20% steps and a slow drift on
#                                            histories made of DIR's real runs: precision and
#                                            recall per kind; the unchanged series of DIR's runs
#                                            in their measured order
#   scripts/bench-history.sh scale DIR [NODES...]  NODES x 90 nights built from DIR's runs: wall
#                                            time and peak memory of linkperf history (default
#                                            100 nodes, 9,000 files)
# LINKPERF (default build/bin/linkperf or build-test/bin/linkperf) names the binary.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lp=${LINKPERF:-}
for c in "$root/build/bin/linkperf" "$root/build-test/bin/linkperf"; do
  [ -n "$lp" ] || { [ -x "$c" ] && lp=$c; }
done
[ -x "${lp:-}" ] || { echo "linkperf not built (set LINKPERF)" >&2; exit 2; }
mh="python3 $root/scripts/make-history.py"
what=${1:?pool|accuracy|scale}
dir=${2:?DIR}
echo "# $(date -u +%FT%TZ) commit $(git -C "$root" rev-parse --short HEAD) load $(cut -d' ' -f1-3 /proc/loadavg) nproc $(nproc)"

case $what in
pool)
  n=${3:?N}
  mkdir -p "$dir"
  for i in $(seq -f %03g 1 "$n"); do
    # Two copy sizes (cache and DRAM) and the latency of one size: the cases a nightly canary
    # watches, short enough to take many runs on a shared machine.
    "$lp" run --suite quick --filter '^host\.(copy|latency)/' --sizes 64K,16M \
      --out "$dir/run-$i.json" >/dev/null 2>&1 || echo "run $i failed" >&2
  done
  ls "$dir"/run-*.json | wc -l
  ;;
accuracy)
  pool=("$dir"/run-*.json)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # 24 nodes x 90 nights per kind; node i gets its change on one case (the cases in turn) at a
  # night spread over 20..70; drifts ramp over 20 nights to 10%.
  cases=$(python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
print(' '.join(sorted({'%s:%d' % (b['linkperf']['path'], b['linkperf']['size_bytes']) for b in d['benchmarks'] if b['linkperf']['status']=='ok'})))" "${pool[0]}")
  read -r -a cs <<<"$cases"
  for kind in step:1.05 step:1.10 step:1.20 drift:1.10; do
    k=${kind%%:*}; f=${kind#*:}
    args=()
    for i in $(seq 0 23); do
      c=${cs[$((i % ${#cs[@]}))]}
      night=$((20 + (i * 17) % 51))
      if [ "$k" = step ]; then args+=(--step "$i:$c:$night:$f")
      else args+=(--drift "$i:$c:$night:$((night + 20)):$f"); fi
    done
    $mh --out "$tmp/$kind" --pool "${pool[@]}" --nodes 24 --nights 90 --seed 7 \
      --manifest "$tmp/$kind.manifest" "${args[@]}"
    "$lp" history "$tmp/$kind" --json "$tmp/$kind.json" >/dev/null
    echo "$k $f: $(python3 "$root/scripts/history_accuracy.py" "$tmp/$kind.manifest" "$tmp/$kind.json")"
    rm -rf "${tmp:?}/$kind"
  done
  # No change planted: the same nodes, no step (false positives only).
  $mh --out "$tmp/none" --pool "${pool[@]}" --nodes 24 --nights 90 --seed 7 --manifest "$tmp/none.manifest"
  "$lp" history "$tmp/none" --json "$tmp/none.json" >/dev/null
  echo "none: $(python3 "$root/scripts/history_accuracy.py" "$tmp/none.manifest" "$tmp/none.json")"
  # The real runs in the order they were measured, unchanged.
  $mh --out "$tmp/real" --pool "${pool[@]}" --nodes 1 --nights "${#pool[@]}" --in-order \
    --manifest "$tmp/real.manifest"
  "$lp" history "$tmp/real" --json "$tmp/real.json" >/dev/null
  echo "unchanged ${#pool[@]} real runs in order: $(python3 -c "
import json,sys; d=json.load(open(sys.argv[1])); print(len(d['changes']), 'change point(s) in', len(d['series']), 'series')" "$tmp/real.json")"
  ;;
scale)
  shift 2
  pool=("$dir"/run-*.json)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  for nodes in "${@:-100}"; do
    $mh --out "$tmp/s" --pool "${pool[@]}" --nodes "$nodes" --nights 90 --seed 1 \
      --step 0:host.copy:45:1.10
    files=$(find "$tmp/s" -name '*.json' | wc -l)
    bytes=$(du -sb "$tmp/s" | cut -f1)
    sync
    /usr/bin/time -f "%e s wall, %U s user, %M KiB peak RSS" "$lp" history "$tmp/s" \
      --html "$tmp/h.html" --json "$tmp/h.json" --csv "$tmp/h.csv" --prom "$tmp/h.prom" \
      >/dev/null 2>"$tmp/time" || { cat "$tmp/time"; exit 1; }
    echo "$nodes nodes x 90 nights = $files files ($((bytes / 1048576)) MiB): $(tail -1 "$tmp/time");" \
      "html $(($(stat -c %s "$tmp/h.html") / 1048576)) MiB"
    rm -rf "${tmp:?}/s"
  done
  ;;
*)
  echo "usage: $0 pool DIR N | accuracy DIR | scale DIR [NODES...]" >&2
  exit 2
  ;;
esac
