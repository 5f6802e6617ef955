# Sourced: rank_among RANK PID...: the pid, among PIDs, of the Open MPI process of that rank
# (OMPI_COMM_WORLD_RANK in its environment); fails when none is.
rank_among() {
    local rank=$1 p
    shift
    for p in "$@"; do
        if tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$rank"; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
