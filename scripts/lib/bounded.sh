# Sourced by scripts whose whole run must be bounded in time (the VM and multi-host tests):
# re-executes the calling script once under timeout(1), whose SIGTERM runs the script's cleanup
# trap; the KILL follows 15 s later. GUARD names the variable that marks the bounded run.
# Usage: bound_script GUARD SECONDS "$0" "$@"
bound_script() {
  local guard=$1 limit=$2 script=$3
  shift 3
  if [ -z "${!guard:-}" ]; then
    export "$guard=1"
    exec timeout -k 15 "$limit" bash "$script" "$@"
  fi
}
