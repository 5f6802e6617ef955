#!/usr/bin/env bash
# The layering rules, checked on every #include of the sources (tests/ may include anything):
#
#   folder        may include project headers from
#   core/         core                                       (the domain: plain C++ and POSIX)
#   platform/     core platform
#   gpu/          core platform gpu
#   bench/        core platform gpu bench
#   reports/      core reports                               (reports never depend on CUDA)
#   fleet/        core platform gpu reports fleet
#   collectives/  core platform reports collectives, and gpu/cuda/cuda_resources.hpp only
#   cli/          core platform gpu bench fleet reports cli
#   fuzz/         core reports
#   (everyone may include the generated <linkperf/version.hpp>)
#
#   system header                  only in
#   hwloc.h                        platform/
#   numa.h, numaif.h               platform/, gpu/cuda/      (pinned host memory placement)
#   cuda*.h, nvml.h                gpu/cuda/, gpu/kernels/, collectives/nccl/
#   nccl.h                         collectives/nccl/
#   mpi.h                          collectives/mpi/, collectives/bench/
#
#   gpu/ never includes core/output_file.hpp or core/results_file.hpp: the CUDA layer never
#   writes files (results are the bench layer's job).
#
# The check is shown to work first: a planted tree with one violation of each kind must fail
# and name every one. Exit 0: no violation; 1: violations (one line each).
# Usage: layering.sh SOURCE_DIR
set -u
root=${1:?usage: layering.sh SOURCE_DIR}

declare -A may=(
  [core]="core"
  [platform]="core platform"
  [gpu]="core platform gpu"
  [bench]="core platform gpu bench"
  [reports]="core reports"
  [fleet]="core platform gpu reports fleet"
  [collectives]="core platform reports collectives"
  [cli]="core platform gpu bench fleet reports cli"
  [fuzz]="core reports"
)
folders=(core platform gpu bench reports fleet collectives cli fuzz)
include_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"]'

# system_ok FILE HEADER: whether FILE (relative to the root) may include the system HEADER.
system_ok() {
  local file=$1 header=$2 allowed="" prefix
  case $header in
    hwloc.h | hwloc/*) allowed="platform/" ;;
    numa.h | numaif.h) allowed="platform/ gpu/cuda/" ;;
    cuda*.h | nvml.h | cuda/*) allowed="gpu/cuda/ gpu/kernels/ collectives/nccl/" ;;
    nccl.h) allowed="collectives/nccl/" ;;
    mpi.h) allowed="collectives/mpi/ collectives/bench/" ;;
    *) return 0 ;;
  esac
  for prefix in $allowed; do
    case $file in "$prefix"*) return 0 ;; esac
  done
  return 1
}

# check_tree ROOT: prints one line per violation; returns 1 when there is one.
check_tree() {
  local dir=$1 bad=0 folder file line header top
  for folder in "${folders[@]}"; do
    [ -d "$dir/$folder" ] || continue
    while IFS= read -r file; do
      file=${file#"$dir"/}
      while IFS= read -r line; do
        [[ $line =~ $include_re ]] || continue
        header=${BASH_REMATCH[1]}
        if ! system_ok "$file" "$header"; then
          echo "layering: $file includes <$header>, allowed only where tests/build/layering.sh says"
          bad=1
          continue
        fi
        if [ "$folder" = gpu ] &&
          { [ "$header" = core/output_file.hpp ] || [ "$header" = core/results_file.hpp ]; }; then
          echo "layering: $file includes $header: the CUDA layer never writes files"
          bad=1
          continue
        fi
        # linkperf-coll's NCCL backend shares the GPU layer's one RAII layer for CUDA, nothing
        # else of gpu/ (it links linkperf_cuda_resources, not linkperf_gpu).
        [ "$folder" = collectives ] && [ "$header" = gpu/cuda/cuda_resources.hpp ] && continue
        case $header in */*) ;; *) continue ;; esac # a system or same-folder header
        top=${header%%/*}
        # Only the project's own folders are ruled; fmt/, nlohmann/, sys/, CLI/ are libraries.
        [ -n "${may[$top]+x}" ] || continue
        case " ${may[$folder]} " in *" $top "*) ;; *)
          echo "layering: $file includes $header: $folder/ may include only ${may[$folder]}"
          bad=1 ;;
        esac
      done < <(grep -E '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$dir/$file")
    done < <(find "$dir/$folder" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cu' \
               -o -name '*.cuh' -o -name '*.h' \) | sort)
  done
  return $bad
}

# The check catches what it is meant to catch.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/core" "$tmp/reports" "$tmp/gpu" "$tmp/platform" "$tmp/collectives"
printf '#include <hwloc.h>\n' >"$tmp/core/a.cpp"
printf '#include <cuda_runtime_api.h>\n#include "platform/topology.hpp"\n' >"$tmp/reports/b.cpp"
printf '#include "core/output_file.hpp"\n' >"$tmp/gpu/c.cpp"
printf '#include <hwloc.h>\n#include "core/units.hpp"\n' >"$tmp/platform/ok.cpp"
printf '#include "gpu/cuda/cuda_resources.hpp"\n#include "gpu/gpu_ops.hpp"\n' >"$tmp/collectives/d.cpp"
planted=$(check_tree "$tmp")
[ $? -eq 1 ] || { echo "layering: the check passed a tree with planted violations"; exit 1; }
for want in "core/a.cpp includes <hwloc.h>" "reports/b.cpp includes <cuda_runtime_api.h>" \
    "reports/b.cpp includes platform/topology.hpp" "gpu/c.cpp includes core/output_file.hpp" \
    "collectives/d.cpp includes gpu/gpu_ops.hpp"; do
  grep -qF "$want" <<<"$planted" || { echo "layering: the check missed: $want"; exit 1; }
done
if grep -q "platform/ok.cpp\|cuda_resources" <<<"$planted"; then
  echo "layering: the check refused an allowed include: $planted"
  exit 1
fi

check_tree "$root" || exit 1
echo "layering: every include follows the rules"
