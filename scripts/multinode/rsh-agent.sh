#!/bin/sh
# Open MPI's remote shell (plm_rsh_agent) for scripts/multinode.sh: "logs in" to HOST by
# entering its network namespace ($LINKPERF_MN_PREFIX$HOST) and a fresh UTS namespace whose
# hostname is HOST, so each "host" has its own addresses and its own name.
#   rsh-agent.sh HOST COMMAND...          as ssh: COMMAND is joined and run by sh (orted)
#   rsh-agent.sh --argv HOST PROGRAM ARGS  runs PROGRAM with ARGS as they are (mpirun itself)
set -eu
argv=0
if [ "${1:-}" = --argv ]; then
    argv=1
    shift
fi
[ $# -ge 2 ] || { echo "rsh-agent.sh: usage: rsh-agent.sh [--argv] HOST COMMAND..." >&2; exit 2; }
host=$1
shift
ns=${LINKPERF_MN_PREFIX:?rsh-agent.sh: LINKPERF_MN_PREFIX is not set}$host
if [ "$argv" = 1 ]; then
    exec ip netns exec "$ns" unshare --uts sh -c 'hostname "$0" && exec "$@"' "$host" "$@"
fi
exec ip netns exec "$ns" unshare --uts sh -c 'hostname "$0" && exec sh -c "$1"' "$host" "$*"
