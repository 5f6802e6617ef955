#!/usr/bin/env bash
# Claims of docs/architecture.md that a search of the sources can hold (tests/ excluded):
#   - files are read back only through the report side (results_model/, gate/, reports/,
#     fleet/, history/): JSON is parsed (json::parse, json::accept) only there (the results loader,
#     gate configs, baselines and profiles; is_fleet_verdicts_text tells a fleet verdict file
#     from a results file), never in core, platform, gpu, bench, node, run, collectives or cli;
#   - one trim: a function named trim is defined only in core/text.cpp;
#   - one bounded reader of every input file (core/bounded_file): no std::ifstream elsewhere;
#   - every error carries an ExitCode: nothing throws a std:: exception type (throw an Error,
#     GpuError or ReportError, core/error.hpp);
#   - report writers are reached through their table (reports/report_writer.hpp): no source
#     outside reports/ includes a writer's header (one declaring a class deriving from
#     ReportWriter), so a command or the fuzzer cannot wire a writer by hand;
#   - one way to open outputs: an OutputFile is made only in core/ (a command adds its outputs
#     to an OutputSet, which checks and opens them); no OutputFile variable or empty
#     std::optional<OutputFile> to fill by hand elsewhere;
#   - names lead to their room: no two source folders (the folders above and every folder
#     below them) share a name, as core/ and collectives/core/ once did.
# The check is shown to work first: a planted tree with one violation of each kind must fail
# and name every one. Exit 0: none; 1: violations (one line each).
# Usage: one_job.sh SOURCE_DIR
set -u
root=${1:?usage: one_job.sh SOURCE_DIR}
folders=(core platform gpu bench results_model gate reports fleet history node run collectives cli fuzz)

# sources DIR FOLDER...: the C++ and CUDA sources under DIR/FOLDER, relative to DIR.
sources() {
  local dir=$1 folder
  shift
  for folder in "$@"; do
    [ -d "$dir/$folder" ] || continue
    (cd "$dir" && find "$folder" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.cu' \
      -o -name '*.cuh' -o -name '*.h' \))
  done | sort
}

check_tree() {
  local dir=$1 bad=0 file
  while IFS= read -r file; do
    case $file in results_model/* | gate/* | reports/* | fleet/* | history/*) continue ;; esac
    if grep -qE 'json::(parse|accept)[[:space:]]*\(' "$dir/$file"; then
      echo "one job: $file parses JSON: files are read back only through the report side (results_model/results_loader, fleet/fleet_verdicts)"
      bad=1
    fi
  done < <(sources "$dir" "${folders[@]}")
  while IFS= read -r file; do
    case $file in core/text.cpp | core/text.hpp) continue ;; esac
    # A definition: a return type, then trim( at the start of a line (no call is written so).
    if grep -qE '^[A-Za-z_:<>]+[[:space:]&*]+trim[[:space:]]*\(' "$dir/$file"; then
      echo "one job: $file defines a trim: use core/text's"
      bad=1
    fi
  done < <(sources "$dir" "${folders[@]}")
  while IFS= read -r file; do
    [ "$file" = core/bounded_file.cpp ] && continue
    if grep -qE '\bifstream\b' "$dir/$file"; then
      echo "one job: $file reads a file with std::ifstream: use core/bounded_file"
      bad=1
    fi
  done < <(sources "$dir" "${folders[@]}")
  while IFS= read -r file; do
    if grep -qE 'throw[[:space:]]+std::' "$dir/$file"; then
      echo "one job: $file throws a std:: exception: throw an Error with its ExitCode (core/error.hpp)"
      bad=1
    fi
  done < <(sources "$dir" "${folders[@]}")
  local writers
  writers=$(cd "$dir" && grep -lE 'public[[:space:]]+ReportWriter\b' reports/*.hpp 2>/dev/null)
  while IFS= read -r file; do
    case $file in reports/*) continue ;; esac
    local header
    for header in $writers; do
      if grep -qE "^[[:space:]]*#[[:space:]]*include[[:space:]]*\"$header\"" "$dir/$file"; then
        echo "one job: $file includes the report writer $header: go through report_writers() (reports/report_writer.hpp)"
        bad=1
      fi
    done
  done < <(sources "$dir" "${folders[@]}")
  while IFS= read -r file; do
    case $file in core/*) continue ;; esac
    if grep -qE '(^|[^A-Za-z_:])OutputFile[[:space:]]+[A-Za-z_]+[[:space:]]*[({]|optional<OutputFile>[[:space:]]+[A-Za-z_]+;' "$dir/$file"; then
      echo "one job: $file makes an OutputFile by hand: add it to an OutputSet (core/output_file)"
      bad=1
    fi
  done < <(sources "$dir" "${folders[@]}")
  local dirs name
  dirs=$(cd "$dir" && for f in "${folders[@]}"; do [ -d "$f" ] && find "$f" -type d; done)
  while IFS= read -r name; do
    echo "one job: two folders named $name: $(awk -F/ -v n="$name" '$NF == n' <<<"$dirs" | sort | tr '\n' ' ')"
    bad=1
  done < <(awk -F/ '{ print $NF }' <<<"$dirs" | sort | uniq -d)
  return $bad
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cli" "$tmp/reports" "$tmp/platform" "$tmp/core" "$tmp/fleet" "$tmp/node"
printf 'bool f(const std::string& t) { return nlohmann::json::parse(t, nullptr, false).is_object(); }\n' \
  >"$tmp/cli/a.cpp"
printf 'auto d = json::parse(text);\n' >"$tmp/reports/loader.cpp"
printf 'std::string trim(std::string s) {\n    return s;\n}\n' >"$tmp/platform/b.cpp"
printf 'std::string_view trim(std::string_view text) {\n    return text;\n}\n' >"$tmp/core/text.cpp"
printf '    const std::string key = trim(line);\n' >"$tmp/platform/ok.cpp"
printf 'void g() {\n    throw std::invalid_argument("x");\n}\n' >"$tmp/reports/c.cpp"
printf 'std::ifstream in("/proc/device-tree/x", std::ios::binary);\n' >"$tmp/platform/d.cpp"
printf 'void h() {\n    throw ReportError("x", ExitCode::failed);\n}\n' >"$tmp/fleet/ok.cpp"
printf '    std::optional<OutputFile> out;\n    out.emplace("--out", path);\n' >"$tmp/cli/e.cpp"
printf '    OutputFile prom("--prom", spec);\n' >"$tmp/node/f.cpp"
printf '    OutputFile* o = outputs.get("--out");\n    std::optional<OutputFile> t = outputs.take("--out");\n' \
  >"$tmp/cli/ok.cpp"
printf 'OutputFile::OutputFile(std::string what, const std::string& spec) {}\n' >"$tmp/core/output_file.cpp"
printf 'class HtmlWriter final : public ReportWriter {};\n' >"$tmp/reports/html_report.hpp"
printf '#include "reports/html_report.hpp"\n' >"$tmp/reports/table_ok.cpp"
printf '#include "reports/report_writer.hpp"\n#include "reports/html_report.hpp"\n' >"$tmp/cli/g.cpp"
mkdir -p "$tmp/collectives/core" "$tmp/gpu/cuda" "$tmp/bench/host"
planted=$(check_tree "$tmp")
[ $? -eq 1 ] || { echo "one job: the check passed a tree with planted violations"; exit 1; }
for want in "cli/a.cpp parses JSON" "platform/b.cpp defines a trim" \
    "reports/c.cpp throws a std:: exception" "platform/d.cpp reads a file with std::ifstream" \
    "cli/e.cpp makes an OutputFile by hand" "node/f.cpp makes an OutputFile by hand" \
    "cli/g.cpp includes the report writer reports/html_report.hpp" \
    "two folders named core: collectives/core core"; do
  grep -qF "$want" <<<"$planted" || { echo "one job: the check missed: $want"; exit 1; }
done
if grep -q "reports/loader.cpp\|core/text.cpp\|ok.cpp\|core/output_file.cpp\|reports/table_ok.cpp\|writer reports/report_writer.hpp\|named cuda\|named host\|named gpu" <<<"$planted"; then
  echo "one job: the check refused what is allowed: $planted"
  exit 1
fi

check_tree "$root" || exit 1
echo "one job: JSON read only on the report side, one trim, one file reader, every error an Error, outputs opened through OutputSet, writers through their table, no two folders with one name"
