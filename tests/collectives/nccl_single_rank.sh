#!/usr/bin/env bash
# NCCL end to end in one process: every collective, 0 wrong, one GPU (and all local GPUs
# through ncclCommInitAll when there are several). Skips (77) without NCCL or a GPU.
set -euo pipefail
source "$(dirname "$0")/common.sh"
[ "$LINKPERF_COLL_HAVE_NCCL" = 1 ] || { echo "SKIP: built without NCCL"; exit 77; }
gpus=0
if command -v nvidia-smi >/dev/null 2>&1; then
    gpus=$(nvidia-smi -L 2>/dev/null | grep -c "^GPU" || true)
fi
[ "$gpus" -ge 1 ] || { echo "SKIP: no GPU"; exit 77; }
ops="all_reduce all_gather reduce_scatter broadcast reduce alltoall sendrecv"
expect_code 0 "$LINKPERF_COLL" --backend nccl all_reduce,all_gather,reduce_scatter,broadcast,reduce,alltoall,sendrecv \
    -b 8 -e 64M -f 8 -w 2 -n 10 -T 60 --out "$work/n.json"
cat "$work/stdout"
python3 "$LINKPERF_CHECK_RESULTS" "$work/n.json" --ranks 1 --ops $ops \
    --sizes 8 64 512 4096 32768 262144 2097152 16777216 --skipped-in-place alltoall sendrecv
for t in bf16 fp16 float64 int32; do
    expect_code 0 "$LINKPERF_COLL" --backend nccl all_reduce,reduce_scatter -b 64 -e 1M -f 16 \
        -d "$t" -o max -w 1 -n 5 -T 60 --out "$work/$t.json"
done
if [ "$gpus" -ge 2 ]; then
    expect_code 0 "$LINKPERF_COLL" --backend nccl -g "$gpus" all -b 1K -e 16M -f 16 -w 2 -n 5 \
        -T 60 --out "$work/g.json"
    cat "$work/stdout"
fi
