#!/usr/bin/env bash
# The layering rules, checked on every #include of the sources (tests/ may include anything):
#
#   folder        may include project headers from
#   core/         core                                       (the domain: plain C++ and POSIX)
#   platform/     core platform
#   gpu/          core platform gpu
#   bench/        core platform gpu bench
#   results_model/ core results_model                        (the report side: results_model,
#   gate/         core results_model gate                      gate, reports, fleet and history
#   reports/      core results_model gate reports              never depend on CUDA, hwloc or
#   fleet/        core results_model gate reports fleet        libnuma; fleet/ is the fleet
#   history/      core results_model gate reports fleet history        view, `linkperf fleet`)
#   node/         core platform gpu results_model gate reports fleet history node  (node facts)
#   run/          core platform gpu bench results_model gate reports fleet history node run
#   collectives/  core platform collectives, and gpu/cuda/cuda_resources.hpp only
#   cli/          core platform gpu bench results_model gate reports fleet history node run cli
#   fuzz/         core results_model gate reports
#   (everyone may include the generated <linkperf/version.hpp>)
#
#   Project headers are included with quotes and their path from the repository root
#   ("core/units.hpp"): never relative ("../gpu/gpu_ops.hpp", "./x.hpp", "x.hpp"), and the file
#   must exist there. Everything in <...> is a system header and must be on this allow-list:
#
#   system header                  only in
#   the C++ standard library       everywhere (<vector>, <cstdio>, ...: std_headers below)
#   POSIX and C headers            everywhere, those in posix_headers below
#   fmt/, nlohmann/json.hpp        everywhere (core's public dependencies)
#   linkperf/version.hpp           everywhere (generated)
#   CLI/CLI.hpp                    cli/, collectives/
#   benchmark/benchmark.h          bench/
#   cpuid.h, immintrin.h,          platform/, bench/host/    (the ISA pieces, docs/porting.md)
#     arm_neon.h
#   hwloc.h                        platform/
#   numa.h, numaif.h               platform/, gpu/cuda/      (pinned host memory placement)
#   cuda*.h, nvml.h                gpu/cuda/, gpu/kernels/, collectives/nccl/
#   nccl.h                         collectives/nccl/
#   mpi.h                          collectives/mpi/, collectives/reference/
#   anything else                  nowhere until added here
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
  [results_model]="core results_model"
  [gate]="core results_model gate"
  [reports]="core results_model gate reports"
  [fleet]="core results_model gate reports fleet"
  [history]="core results_model gate reports fleet history"
  [node]="core platform gpu results_model gate reports fleet history node"
  [run]="core platform gpu bench results_model gate reports fleet history node run"
  [collectives]="core platform collectives"
  [cli]="core platform gpu bench results_model gate reports fleet history node run cli"
  [fuzz]="core results_model gate reports"
)
folders=(core platform gpu bench results_model gate reports fleet history node run collectives cli fuzz)
include_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]([^>"]+)[>"]'
angle_re='^[[:space:]]*#[[:space:]]*include[[:space:]]*<'

std_headers=" algorithm any array atomic barrier bit bitset cassert cctype cerrno cfenv cfloat
  charconv chrono cinttypes climits clocale cmath compare complex concepts condition_variable
  coroutine csetjmp csignal cstdarg cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar
  cwctype deque exception execution filesystem format forward_list fstream functional future
  initializer_list iomanip ios iosfwd iostream istream iterator latch limits list locale map
  memory memory_resource mutex new numbers numeric optional ostream queue random ranges ratio
  regex scoped_allocator semaphore set shared_mutex source_location span sstream stack
  stdexcept stop_token streambuf string string_view syncstream system_error thread tuple
  type_traits typeindex typeinfo unordered_map unordered_set utility valarray variant vector
  version "
posix_headers=" dlfcn.h errno.h fcntl.h fnmatch.h poll.h pthread.h sched.h signal.h stdio.h
  stdlib.h string.h time.h unistd.h sys/file.h sys/ioctl.h sys/mman.h sys/resource.h
  sys/socket.h sys/stat.h sys/time.h sys/types.h sys/uio.h sys/un.h sys/utsname.h sys/wait.h "

# system_ok FILE HEADER: whether FILE (relative to the root) may include the system HEADER.
system_ok() {
  local file=$1 header=$2 allowed="" prefix
  case " $std_headers $posix_headers " in *[[:space:]]"$header"[[:space:]]*) return 0 ;; esac
  case $header in
    fmt/*.h | nlohmann/json.hpp | linkperf/version.hpp) return 0 ;;
    CLI/CLI.hpp) allowed="cli/ collectives/" ;;
    benchmark/benchmark.h) allowed="bench/" ;;
    cpuid.h | immintrin.h | arm_neon.h) allowed="platform/ bench/host/" ;;
    hwloc.h | hwloc/*) allowed="platform/" ;;
    numa.h | numaif.h) allowed="platform/ gpu/cuda/" ;;
    cuda*.h | nvml.h | cuda/*) allowed="gpu/cuda/ gpu/kernels/ collectives/nccl/" ;;
    nccl.h) allowed="collectives/nccl/" ;;
    mpi.h) allowed="collectives/mpi/ collectives/reference/" ;;
    *) return 2 ;;
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
        if [[ $line =~ $angle_re ]]; then
          system_ok "$file" "$header"
          case $? in
            1)
              echo "layering: $file includes <$header>, allowed only where tests/build/layering.sh says"
              bad=1
              continue ;;
            2)
              echo "layering: $file includes <$header>, a system header not on the allow-list in tests/build/layering.sh (a project header is included as \"folder/file\")"
              bad=1
              continue ;;
          esac
        else
          # A project header: its path from the repository root, never relative, and there.
          case $header in
            ./* | ../* | */./* | */../*)
              echo "layering: $file includes \"$header\": a relative include; name the header from the repository root"
              bad=1
              continue ;;
          esac
          if [ ! -f "$dir/$header" ]; then
            echo "layering: $file includes \"$header\", which is not a file from the repository root"
            bad=1
            continue
          fi
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
               -o -name '*.cuh' -o -name '*.h' -o -name '*.c' \) | sort)
  done
  return $bad
}

# The check catches what it is meant to catch.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/core" "$tmp/results_model" "$tmp/gate" "$tmp/reports" "$tmp/fleet" "$tmp/node" \
  "$tmp/gpu/cuda" "$tmp/platform" "$tmp/collectives" \
  "$tmp/bench/host"
for h in core/units.hpp core/output_file.hpp platform/topology.hpp gpu/gpu_ops.hpp \
    gpu/cuda/cuda_resources.hpp results_model/text_escape.hpp reports/local.hpp gate/gate.hpp \
    node/nfd_labels.hpp; do
  : >"$tmp/$h"
done
printf '#include <hwloc.h>\n' >"$tmp/core/a.cpp"
printf '#include <cuda_runtime_api.h>\n#include "platform/topology.hpp"\n' >"$tmp/reports/b.cpp"
printf '#include "core/output_file.hpp"\n' >"$tmp/gpu/c.cpp"
printf '#include <hwloc.h>\n#include "core/units.hpp"\n#include <immintrin.h>\n#include <vector>\n#include <sys/mman.h>\n' \
  >"$tmp/platform/ok.cpp"
printf '#include <arm_neon.h>\n#include <fmt/core.h>\n#include <linkperf/version.hpp>\n' >"$tmp/bench/host/ok.cpp"
printf '#include "gpu/cuda/cuda_resources.hpp"\n#include "gpu/gpu_ops.hpp"\n#include "results_model/text_escape.hpp"\n' \
  >"$tmp/collectives/d.cpp"
printf '#include "../gpu/gpu_ops.hpp"\n#include "./local.hpp"\n#include "local.hpp"\n#include "reports/../core/units.hpp"\n#include "core/missing.hpp"\n' \
  >"$tmp/reports/e.cpp"
printf '#include <boost/asio.hpp>\n#include <benchmark/benchmark.h>\n#include <immintrin.h>\n#include <CLI/CLI.hpp>\n#include <core/units.hpp>\n' \
  >"$tmp/reports/f.cpp"
# A report-side library includes only down: results_model never the gate, the fleet view never node facts.
printf '#include "gate/gate.hpp"\n' >"$tmp/results_model/g.cpp"
printf '#include "node/nfd_labels.hpp"\n#include "results_model/text_escape.hpp"\n' >"$tmp/fleet/h.cpp"
planted=$(check_tree "$tmp")
[ $? -eq 1 ] || { echo "layering: the check passed a tree with planted violations"; exit 1; }
for want in "core/a.cpp includes <hwloc.h>" "reports/b.cpp includes <cuda_runtime_api.h>" \
    "reports/b.cpp includes platform/topology.hpp" "gpu/c.cpp includes core/output_file.hpp" \
    "collectives/d.cpp includes gpu/gpu_ops.hpp" "collectives/d.cpp includes results_model/text_escape.hpp" \
    'reports/e.cpp includes "../gpu/gpu_ops.hpp": a relative include' \
    'reports/e.cpp includes "./local.hpp": a relative include' \
    'reports/e.cpp includes "local.hpp", which is not a file from the repository root' \
    'reports/e.cpp includes "reports/../core/units.hpp": a relative include' \
    'reports/e.cpp includes "core/missing.hpp", which is not a file' \
    "reports/f.cpp includes <boost/asio.hpp>, a system header not on the allow-list" \
    "reports/f.cpp includes <benchmark/benchmark.h>, allowed only" \
    "reports/f.cpp includes <immintrin.h>, allowed only" \
    "reports/f.cpp includes <CLI/CLI.hpp>, allowed only" \
    "reports/f.cpp includes <core/units.hpp>, a system header not on the allow-list" \
    "results_model/g.cpp includes gate/gate.hpp" "fleet/h.cpp includes node/nfd_labels.hpp"; do
  grep -qF "$want" <<<"$planted" || { echo "layering: the check missed: $want"; exit 1; }
done
if grep -q "platform/ok.cpp\|bench/host/ok.cpp\|cuda_resources\|fleet/h.cpp includes results" <<<"$planted"; then
  echo "layering: the check refused an allowed include: $planted"
  exit 1
fi

check_tree "$root" || exit 1
echo "layering: every include follows the rules"
