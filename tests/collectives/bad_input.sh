#!/usr/bin/env bash
# Each bad input gets one clear error line and its documented exit code:
# 2 = usage (bad, empty, negative or huge flag values, ranks the ops cannot use),
# 3 = environment (sizes above free memory, more ranks per node than GPUs, NCCL or MPI
#     missing). Errors every rank shares are printed once, by rank 0.
set -euo pipefail
source "$(dirname "$0")/common.sh"
C=$LINKPERF_COLL

# Usage errors found before MPI starts.
expect_code 2 "$C" frobnicate
expect_message "unknown operation 'frobnicate'"
expect_code 2 "$C" -d complex64
expect_message "unknown data type"
expect_code 2 "$C" -b 1K -e 8
expect_message "larger than -e"
expect_code 2 "$C" -T 0
expect_message "timeout"
expect_code 2 "$C" -d bf16
expect_message "nccl backend only"
expect_code 2 "$C" --bogus-flag
expect_code 2 "$C" -b 12Q
expect_message "12Q"

# Empty, negative, zero and huge values: one line, exit 2, never a silent default or
# a wrapped-around unsigned.
one_line() {
    [ "$(grep -c . "$err_file")" -eq 1 ] || { cat "$err_file" >&2; fail "want one error line: $*"; }
    grep -q "^linkperf-coll: " "$err_file" || fail "the error line does not start with linkperf-coll:"
}
for args in '--sizes ""' '-b ""' '-e ""' '-i ""' '-f ""' '-n ""' '-w ""' '-c ""' '-r ""' \
    '--seed ""' '--out ""' '--batches ""' '--budget ""' '-T ""' '--window ""' '--peer ""' \
    '-d ""' '-o ""' '--backend ""'; do
    eval "expect_code 2 \"\$C\" $args"
    one_line "$args"
done
expect_code 2 "$C" --sizes ""
expect_message "--sizes: an empty value is not allowed"
expect_code 2 "$C" -f -2
expect_message "'-2' is not a whole number"
for args in "-f -2" "-f 0" "-f 2000000" "-f 99999999999999999999999" "-f 1.5" "-b -8" \
    "-e -1M" "--sizes -8" "--sizes 0" "--window -1" "--seed -1" "--batches 0" "--batches -3" \
    "--max-batches 0" "--budget -1" "--budget nan" "--budget 1e300" "-T 1e300" "-T nan" "-n -5"; do
    # shellcheck disable=SC2086 # the words are the arguments
    expect_code 2 "$C" $args
    one_line "$args"
done
# A seed past 64 bits is refused, not clamped to 2^64 - 1.
expect_code 2 "$C" --seed 18446744073709551616
expect_message "larger than 18446744073709551615"

if [ "$LINKPERF_COLL_HAVE_MPI" = 1 ]; then
    # A usage error every rank sees is printed once although 4 ranks see it.
    expect_code 2 "${MPIRUN[@]}" -np 4 "$C" broadcast -r 7
    expect_message "-r 7 is not a rank of this run"
    [ "$(grep -c "linkperf-coll: error" "$err_file")" -eq 1 ] || fail "the error is not printed once"
    expect_code 2 "${MPIRUN[@]}" -np 2 "$C" broadcast -r 2
    expect_message "-r 2 is not a rank of this run"
    expect_code 2 "$C" p2p.latency
    expect_message "need 2 ranks or more"
    expect_code 2 "$C" --out /nonexistent-dir/r.json -b 8 -e 8
    expect_message "cannot write"

    # Sizes above free memory: 2 buffers per rank of SIZE, more than MemAvailable over the
    # node's ranks, refused before anything is allocated. float64 keeps counts below INT_MAX.
    avail_kib=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
    size=$((16 * 1024 * 1024 * 1024 - 8)) # 2^31 - 1 float64 elements: MPI's count limit
    np=$((avail_kib * 1024 / (2 * size) + 1))
    expect_code 3 "${MPIRUN[@]}" -np "$np" "$C" -d float64 -b "$size" -e "$size"
    expect_message "sizes above free memory: .* lower -e"
else
    expect_code 3 "$C" all_reduce
    expect_message "built without MPI"
fi

# NCCL: more ranks per node than GPUs; NCCL missing at run time.
gpus=0
if command -v nvidia-smi >/dev/null 2>&1; then
    gpus=$(nvidia-smi -L 2>/dev/null | grep -c "^GPU" || true)
fi
if [ "$LINKPERF_COLL_HAVE_NCCL" = 1 ]; then
    expect_code 3 "$C" --backend nccl -g $((gpus + 1)) -b 8 -e 8
    expect_message "more ranks per node than GPUs: 1 process x $((gpus + 1)) GPUs? on .* need $((gpus + 1)) GPUs? but"
    if [ "$LINKPERF_COLL_HAVE_MPI" = 1 ]; then
        expect_code 3 "${MPIRUN[@]}" -np $((gpus + 1)) "$C" --backend nccl -b 8 -e 8
        expect_message "more ranks per node than GPUs: $((gpus + 1)) process(es)? x 1 GPU on"
    fi
    expect_code 3 env LINKPERF_NCCL_LIBRARY=/nonexistent/libnccl.so.2 "$C" --backend nccl -b 8 -e 8
    expect_message "NCCL is not available at run time: .*nonexistent"
else
    expect_code 3 "$C" --backend nccl -b 8 -e 8
    expect_message "built without CUDA and NCCL"
fi

# --peer -1 is the unset default, not a value: given, it was silently "the last rank".
for v in -1 0 -5; do
    expect_code 2 "$C" --peer "$v" -b 8 -e 8
    one_line "--peer $v"
done

# Control characters from the command line never reach the terminal raw (ESC, BEL).
hostile=$(printf 'x\033[2J\007y')
for args in "--sizes" "-b" "-d"; do
    expect_code 2 "$C" $args "$hostile"
    if grep -q "$(printf '\033')\|$(printf '\007')" "$err_file"; then
        fail "$args: a raw control character in the error line"
    fi
done
expect_code 2 "$C" "$hostile"
grep -q "$(printf '\033')" "$err_file" && fail "an op name's control characters reached stderr raw"

# --out -: the results JSON alone on stdout (a pipe into jq must parse), the table on stderr.
if [ "$LINKPERF_COLL_HAVE_MPI" = 1 ]; then
    expect_code 0 "$C" --backend mpi -b 8 -e 8 -w 1 -n 2 --budget 0.01 --out -
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d['benchmarks'] else 1)" \
        "$work/stdout" || fail "--out -: stdout is not the results JSON alone"
    grep -q "^# linkperf-coll" "$err_file" || fail "--out -: the table is not on stderr"
    # One process, one rank: all_reduce has no bus bandwidth; its file still loads in report.
    expect_code 0 "$C" --backend mpi all_reduce,broadcast -b 8 -e 64 -w 1 -n 2 --budget 0.01 \
        --out "$work/one.json"
    expect_code 0 "$LINKPERF" report "$work/one.json" --csv "$work/one.csv"
    grep -q "coll.broadcast.*,ok,median," "$work/one.csv" || fail "one rank: broadcast not ok"
    grep -q "coll.all_reduce.*,skipped," "$work/one.csv" || fail "one rank: all_reduce not skipped"
    # The table must arrive: stdout on a full device or closed is exit 2 with one line.
    if mknod "$work/full" c 1 7 2>/dev/null; then
        set +e
        "$C" --backend mpi -b 8 -e 8 -w 1 -n 2 --budget 0.01 --out "$work/full.json" \
            >"$work/full" 2>"$err_file"
        rc=$?
        set -e
        [ "$rc" -eq 2 ] || fail "stdout on a full device: exit $rc, want 2"
        expect_message "cannot write to standard output"
    fi
    set +e
    "$C" --backend mpi -b 8 -e 8 -w 1 -n 2 --budget 0.01 --out "$work/closed.json" >&- 2>"$err_file"
    rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "closed stdout: exit $rc, want 2"
    expect_message "cannot write to standard output"
fi
echo "bad input: every case got its exit code and message"
