#pragma once
// Shared by the reports tests: the committed results files (real linkperf runs) and helpers to
// derive a candidate from one (samples scaled, jittered, a field changed).
#include "results_model/results_loader.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace linkperf::reports::test {

inline std::string results_path(const std::string& name) {
    return std::string(LINKPERF_TEST_DATA) + "/results/" + name;
}

inline nlohmann::json read_json(const std::string& name) {
    std::ifstream in(results_path(name));
    std::stringstream text;
    text << in.rdbuf();
    return nlohmann::json::parse(text.str());
}

inline Run parse(const nlohmann::json& doc, const std::string& label) {
    return parse_results(doc.dump(), label);
}

// Multiplies the samples and statistics of every case of `path` (all paths when empty).
inline nlohmann::json scaled(nlohmann::json doc, double factor, const std::string& path = "") {
    for (auto& e : doc["benchmarks"]) {
        auto& lp = e["linkperf"];
        if (!path.empty() && lp["path"] != path) {
            continue;
        }
        for (auto& s : lp["samples"]) {
            s = s.get<double>() * factor;
        }
        for (const char* k : {"min", "max", "mean", "median", "p5", "p95", "stddev"}) {
            lp["stats"][k] = lp["stats"][k].get<double>() * factor;
        }
    }
    return doc;
}

// A --repeat file made from one run: pass p is every case scaled by factors[p] (samples and
// stats), written as linkperf.pass = p, passes one after the other as `linkperf run` writes.
inline nlohmann::json repeated(const nlohmann::json& doc, const std::vector<double>& factors) {
    nlohmann::json out = doc;
    out["benchmarks"] = nlohmann::json::array();
    for (std::size_t p = 0; p < factors.size(); ++p) {
        nlohmann::json pass = scaled(doc, factors[p]);
        for (auto& e : pass["benchmarks"]) {
            e["linkperf"]["pass"] = p;
            out["benchmarks"].push_back(e);
        }
    }
    out["context"]["linkperf"]["repeat"] = {{"passes", factors.size()}, {"seed", 42}};
    return out;
}

} // namespace linkperf::reports::test
