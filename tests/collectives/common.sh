# Shared by the collectives tests: how to start Open MPI here and small assertions.
# Open MPI as root needs --allow-run-as-root; CI has 2 cores, so 4 ranks need --oversubscribe;
# linkperf-coll pins the ranks itself (--bind-to none). Shared-memory single copy (CMA) is
# refused in many containers, so the tests use copy-in/copy-out.
MPIRUN=("$MPIEXEC" --allow-run-as-root --oversubscribe --bind-to none
        --mca btl_vader_single_copy_mechanism none)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# expect_code WANT CMD...: runs CMD, fails unless it exits WANT; leaves stderr in $err_file.
expect_code() {
    local want=$1
    shift
    set +e
    "$@" >"$work/stdout" 2>"$err_file"
    local got=$?
    set -e
    if [ "$got" -ne "$want" ]; then
        cat "$work/stdout" "$err_file" >&2
        fail "exit $got, want $want: $*"
    fi
}

# expect_message REGEX: the error output of the last expect_code matches REGEX.
expect_message() {
    grep -Eq -- "$1" "$err_file" || { cat "$err_file" >&2; fail "stderr lacks /$1/"; }
}

. "$(dirname "${BASH_SOURCE[0]}")/rank_pid.sh"
# rank_pid MPIRUN_PID RANK: the pid of one rank started by that mpirun (a direct child).
rank_pid() {
    # shellcheck disable=SC2046 # one pid per word
    rank_among "$2" $(pgrep -P "$1")
}

# signal_rank_mid_run SIGNAL: once the run of the mpirun whose pid is $mp prints its table,
# sends SIGNAL to rank 1 and waits for the job. Sets victim (rank 1's pid), rc (the job's exit
# code) and elapsed (ms from the signal to the job's end); prints the job's stderr.
signal_rank_mid_run() {
    for _ in $(seq 600); do
        grep -q "(elements)" "$work/stdout" 2>/dev/null && break
        sleep 0.1
    done
    grep -q "(elements)" "$work/stdout" || { kill -KILL "$mp"; fail "the run did not start"; }
    sleep 1
    victim=$(rank_pid "$mp" 1) || { kill -KILL "$mp"; fail "rank 1 not found"; }
    local start
    start=$(date +%s%N)
    kill "-$1" "$victim"
    set +e
    wait "$mp"
    rc=$?
    set -e
    elapsed=$((($(date +%s%N) - start) / 1000000))
    cat "$err_file"
}

work=$(mktemp -d)
err_file="$work/stderr"
trap 'rm -rf "$work"' EXIT
