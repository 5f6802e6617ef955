#include "results_model/run_merge.hpp"

#include "core/json_text.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace linkperf::reports {

std::string merge_runs(const std::vector<std::filesystem::path>& files) {
    using nlohmann::json;
    json merged;
    json sources = json::array();
    long long passes = 0;
    bool complete = true;
    for (const std::filesystem::path& file : files) {
        const std::string text = read_results_text(file);
        parse_results(text, file.string()); // validated before anything is kept
        json doc = json::parse(text);
        complete = complete && doc["context"]["linkperf"].value("complete", false);
        if (merged.is_null()) {
            merged = doc;
            merged["benchmarks"] = json::array();
        }
        long long most = -1;
        for (json& e : doc["benchmarks"]) {
            if (e.value("run_type", "") == "aggregate" || !e.contains("linkperf")) {
                continue;
            }
            json& lp = e["linkperf"];
            const long long own = lp.contains("pass") && lp["pass"].is_number_integer()
                                      ? lp["pass"].get<long long>()
                                      : 0;
            most = std::max(most, own);
            lp["pass"] = passes + own;
            merged["benchmarks"].push_back(std::move(e));
        }
        passes += std::max(most + 1, 1LL);
        sources.push_back(file.string());
    }
    if (merged.is_null()) {
        throw ReportError("no results file to merge");
    }
    merged["context"]["linkperf"]["repeat"] = {
        {"passes", passes}, {"seed", ""}, {"sources", sources}};
    merged["context"]["linkperf"]["complete"] = complete;
    // A file name need not be UTF-8: replaced, never a JSON writer's exception.
    return json_text(merged, 1) + "\n";
}

} // namespace linkperf::reports
