#include "gate/baseline_store.hpp"

#include "core/json_text.hpp"
#include "core/output_file.hpp"
#include "results_model/json_depth.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"
#include "results_model/run_merge.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <ctime>
#include <optional>

namespace linkperf::reports {
namespace {

using nlohmann::json;

bool valid_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || name.front() == '.' || name.front() == '-') {
        return false;
    }
    // The store's own file is index.json (case-insensitive file systems too).
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "index") {
        return false;
    }
    // NAME.json is a file name: `compare x86.json` would find baseline x86's file, not it.
    if (lower.size() >= 5 && lower.compare(lower.size() - 5, 5, ".json") == 0) {
        return false;
    }
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
}

std::string now_utc() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

json to_json(const BaselineEntry& e) {
    return {{"name", e.name},
            {"file", e.file},
            {"isa", e.isa},
            {"emulated", e.emulated},
            {"hostname", e.hostname},
            {"cpu_model", e.cpu_model},
            {"suite", e.suite},
            {"date", e.date},
            {"linkperf_version", e.linkperf_version},
            {"git_sha", e.git_sha},
            {"cases", e.cases},
            {"saved_at", e.saved_at},
            {"source", e.source}};
}

BaselineEntry from_json(const json& j, const std::string& where) {
    if (!j.is_object() || !j.contains("name") || !j["name"].is_string()) {
        throw ReportError(where + ": an index entry without a name");
    }
    const auto text = [&](const char* key) {
        return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
    };
    BaselineEntry e;
    e.name = text("name");
    e.file = text("file");
    e.isa = text("isa");
    e.emulated = j.contains("emulated") && j["emulated"].is_boolean() && j["emulated"].get<bool>();
    e.hostname = text("hostname");
    e.cpu_model = text("cpu_model");
    e.suite = text("suite");
    e.date = text("date");
    e.linkperf_version = text("linkperf_version");
    e.git_sha = text("git_sha");
    e.cases =
        j.contains("cases") && j["cases"].is_number_unsigned() ? j["cases"].get<std::size_t>() : 0;
    e.saved_at = text("saved_at");
    e.source = text("source");
    return e;
}

} // namespace

std::vector<BaselineEntry> list_baselines(const std::filesystem::path& dir) {
    const std::filesystem::path index = dir / "index.json";
    std::error_code ec;
    if (!std::filesystem::exists(index, ec)) {
        return {};
    }
    const std::string text = read_results_text(index); // a bounded, regular file
    if (json_nesting_depth(text) > kMaxJsonDepth) {
        throw ReportError(index.string() + ": JSON nested too deeply");
    }
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::exception&) {
        throw ReportError(index.string() + ": not valid JSON");
    }
    if (!doc.is_object() || !doc.contains("baselines") || !doc["baselines"].is_array()) {
        throw ReportError(index.string() + ": no 'baselines' array");
    }
    std::vector<BaselineEntry> out;
    for (const json& e : doc["baselines"]) {
        out.push_back(from_json(e, index.string()));
    }
    return out;
}

BaselineEntry save_baseline(const std::filesystem::path& results, const std::string& name,
                            const std::filesystem::path& dir, bool force) {
    return save_baseline(std::vector<std::filesystem::path>{results}, name, dir, force);
}

BaselineEntry save_baseline(const std::vector<std::filesystem::path>& sources,
                            const std::string& name, const std::filesystem::path& dir, bool force) {
    if (sources.empty()) {
        throw ReportError("baseline save: no results file");
    }
    const std::filesystem::path& results = sources.front();
    if (!valid_name(name)) {
        throw ReportError(fmt::format("bad baseline name '{}' (letters, digits, '.', '_', '-', "
                                      "not starting with '.' or '-', at most 64, not ending in "
                                      "'.json'; 'index' is the store's own)",
                                      name));
    }
    // Read once: the bytes validated are the bytes stored (a pipe or a file replaced meanwhile
    // cannot slip in anything else).
    const std::string bytes =
        sources.size() == 1 ? read_results_text(results) : merge_runs(sources);
    const Run run = parse_results(bytes, results.string()); // refuses non-results files
    const std::filesystem::path target = dir / (name + ".json");
    std::error_code ec;
    if (std::filesystem::exists(target, ec) && !force) {
        throw ReportError(fmt::format("{} exists: use --force to replace it", target.string()));
    }
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        throw ReportError(fmt::format("{}: cannot create: {}", dir.string(), ec.message()));
    }
    // The report side's error type for every refusal (the output checks throw Error).
    const auto as_report_error = [](auto step) {
        try {
            step();
        } catch (const ReportError&) {
            throw;
        } catch (const Error& e) {
            throw ReportError(e.what(), e.code());
        }
    };
    OutputSet outputs;
    as_report_error([&] {
        outputs.add("baseline", target.string());
        outputs.add("baseline index", (dir / "index.json").string());
        std::vector<InputFile> inputs;
        for (const std::filesystem::path& p : sources) {
            inputs.push_back({"RESULTS", p});
        }
        outputs.check_and_open(inputs);
    });
    OutputFile* stored = outputs.get("baseline");
    OutputFile* index_file = outputs.get("baseline index");
    std::vector<BaselineEntry> entries = list_baselines(dir);
    BaselineEntry e;
    e.name = name;
    e.file = name + ".json";
    e.isa = run.info.isa;
    e.emulated = run.info.emulated;
    e.hostname = run.info.hostname;
    e.cpu_model = run.info.cpu_model;
    e.suite = run.info.suite;
    e.date = run.info.date;
    e.linkperf_version = run.info.linkperf_version;
    e.git_sha = run.info.git_sha;
    e.cases = run.cases.size();
    e.saved_at = now_utc();
    for (const std::filesystem::path& p : sources) {
        e.source += (e.source.empty() ? "" : ", ") + p.string();
    }
    std::erase_if(entries, [&](const BaselineEntry& old) { return old.name == name; });
    entries.push_back(e);
    std::sort(entries.begin(), entries.end(),
              [](const BaselineEntry& a, const BaselineEntry& b) { return a.name < b.name; });
    json index = {{"baselines", json::array()}};
    for (const BaselineEntry& x : entries) {
        index["baselines"].push_back(to_json(x));
    }
    // The index text is made before anything is written, so nothing can fail between the two
    // writes but the disk.
    const std::string index_text = json_text(index, 2) + "\n";
    as_report_error([&] {
        stored->write(bytes);
        index_file->write(index_text);
    });
    return e;
}

std::filesystem::path resolve_baseline(const std::string& arg, const std::filesystem::path& dir) {
    std::error_code ec;
    if (std::filesystem::exists(arg, ec)) {
        return arg;
    }
    const std::filesystem::path stored = dir / (arg + ".json");
    if (arg.find('/') == std::string::npos && std::filesystem::exists(stored, ec)) {
        return stored;
    }
    return arg;
}

} // namespace linkperf::reports
