#!/usr/bin/env bash
# `linkperf-coll all` on one process runs every op one rank can run and skips the point-to-point
# ops with a note (they need 2 ranks); naming one of them still refuses the run (exit 2).
set -euo pipefail
source "$(dirname "$0")/common.sh"
[ "$LINKPERF_COLL_HAVE_MPI" = 1 ] || { echo "SKIP: built without MPI"; exit 77; }
C=$LINKPERF_COLL
expect_code 0 "$C" all -b 8 -e 64 -w 1 -n 2 --budget 0.01 --out "$work/r.json"
grep -qx "# note: p2p.latency and p2p.bw skipped: they need 2 ranks or more (this run has 1)" \
    "$work/stdout" || { cat "$work/stdout"; fail "no note naming the skipped ops"; }
ok=$(grep -c "^# Out of bounds values : 0 OK" "$work/stdout")
[ "$ok" -eq 7 ] || fail "$ok of 7 tables report 0 wrong"
python3 - "$work/r.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ran = ["all_reduce", "all_gather", "reduce_scatter", "broadcast", "reduce", "alltoall", "sendrecv"]
paths = {b["linkperf"]["path"] for b in d["benchmarks"]}
if paths != {"coll." + op for op in ran}:
    sys.exit("all_one_rank: entries for %s, want %s" % (sorted(paths), ran))
if d["context"]["linkperf"]["collectives"]["ops"] != ran:
    sys.exit("all_one_rank: context ops %s" % d["context"]["linkperf"]["collectives"]["ops"])
PY
# Named, a point-to-point op is still an error on one rank, with or without `all`.
for ops in p2p.latency all,p2p.bw; do
    expect_code 2 "$C" "$ops" -b 8 -e 64
    expect_message "p2p.latency and p2p.bw need 2 ranks or more \(this run has 1\)"
done
echo "all on one rank: 7 ops ran, p2p.* skipped with a note; named p2p refused"
