#include "history/history.hpp"

#include "core/statistics.hpp"
#include "history/history_value.hpp"
#include "results_model/report_error.hpp"
#include "results_model/results_loader.hpp"
#include "results_model/text_escape.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace linkperf::reports {
namespace {

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return percentile(v, 0.5);
}

std::vector<double> values_of(const HistorySeries& s, std::size_t begin, std::size_t end) {
    std::vector<double> v;
    v.reserve(end - begin);
    for (std::size_t i = begin; i < end; ++i) {
        v.push_back(s.points[i].value);
    }
    return v;
}

// The newest segment with at least min_segment points (the whole series when none has).
Segment stable_segment(const std::vector<Segment>& segments, std::size_t min_segment) {
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
        if (it->end - it->begin >= min_segment) {
            return *it;
        }
    }
    return segments.empty() ? Segment{} : Segment{0, segments.back().end, 0};
}

std::vector<Segment> segments_of(const HistorySeries& s, const std::vector<ChangePoint>& cps) {
    std::vector<Segment> out;
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= cps.size(); ++i) {
        const std::size_t end = i < cps.size() ? cps[i].index : s.points.size();
        out.push_back({begin, end, median_of(values_of(s, begin, end))});
        begin = end;
    }
    return out;
}

} // namespace

namespace {

std::string history_node_name(const Run& run, NodeNaming naming) {
    return naming == NodeNaming::file || run.info.hostname.empty()
               ? node_name_from_file(run.info.file)
               : run.info.hostname;
}

} // namespace

void HistoryStore::add(const Run& run, NodeNaming naming) {
    if (run.info.date.empty()) {
        throw ReportError(fmt::format("{}: no run date (context.linkperf.started_at): a history "
                                      "needs one per run",
                                      terminal_text(run.info.file)));
    }
    const std::string name = history_node_name(run, naming);
    HostType host = host_type_of(run.info);
    auto [it, added] = node_index_.try_emplace({name, host}, nodes_.size());
    if (added) {
        nodes_.push_back(HistoryNode{name, std::move(host), {}, {}});
        series_index_.emplace_back();
    }
    HistoryNode& node = nodes_[it->second];
    auto& series_of_node = series_index_[it->second];
    HistoryRun r;
    r.file = run.info.file;
    r.date = run.info.date;
    r.kernel = run.info.kernel;
    r.os = run.info.os;
    r.cpu_model = run.info.cpu_model;
    r.driver = run.info.cuda_driver;
    r.cuda_runtime = run.info.cuda_runtime;
    r.linkperf_version =
        run.info.linkperf_version + (run.info.git_sha.empty() ? "" : " (" + run.info.git_sha + ")");
    r.gpus = node.host.gpu_model;
    r.complete = run.info.complete;
    const auto run_index = static_cast<std::uint32_t>(node.runs.size());
    node.runs.push_back(std::move(r));
    ++runs_;
    for (const CaseResult& c : run.cases) {
        const double v = run_level_value(c);
        if (c.status != CaseStatus::ok || c.throttled || !std::isfinite(v) || v <= 0) {
            left_out_ += c.status == CaseStatus::ok ? 1 : 0;
            continue;
        }
        auto [ci, new_case] =
            case_index_.try_emplace(c.key, static_cast<std::uint32_t>(cases_.size()));
        if (new_case) {
            cases_.push_back(FleetCase{c.key, c.metric, c.unit, c.higher_is_better});
        }
        auto [si, new_series] = series_of_node.try_emplace(ci->second, node.series.size());
        if (new_series) {
            node.series.push_back(HistorySeries{ci->second, {}});
        }
        node.series[si->second].points.push_back({run_index, v});
    }
}

void HistoryStore::finish() {
    for (HistoryNode& node : nodes_) {
        std::vector<std::uint32_t> order(node.runs.size());
        std::iota(order.begin(), order.end(), 0U);
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            return std::tie(node.runs[a].date, node.runs[a].file) <
                   std::tie(node.runs[b].date, node.runs[b].file);
        });
        std::vector<std::uint32_t> rank(order.size());
        std::vector<HistoryRun> runs;
        runs.reserve(order.size());
        for (std::uint32_t i = 0; i < order.size(); ++i) {
            rank[order[i]] = i;
            runs.push_back(std::move(node.runs[order[i]]));
        }
        node.runs = std::move(runs);
        for (HistorySeries& s : node.series) {
            for (HistoryPoint& p : s.points) {
                p.run = rank[p.run];
            }
            std::sort(s.points.begin(), s.points.end(),
                      [](const HistoryPoint& a, const HistoryPoint& b) { return a.run < b.run; });
        }
        std::sort(node.series.begin(), node.series.end(),
                  [&](const HistorySeries& a, const HistorySeries& b) {
                      return cases_[a.case_index].key < cases_[b.case_index].key;
                  });
    }
    std::sort(nodes_.begin(), nodes_.end(), [](const HistoryNode& a, const HistoryNode& b) {
        return std::tie(a.name, a.host) < std::tie(b.name, b.host);
    });
    series_index_.clear(); // indexes into nodes_ are stale now; add() after finish() is misuse
    node_index_.clear();
}

std::vector<ContextChange> context_changes(const HistoryNode& node, std::size_t from_run,
                                           std::size_t to_run) {
    std::vector<ContextChange> out;
    const auto facts = [](const HistoryRun& r) {
        return std::vector<std::pair<const char*, const std::string*>>{
            {"kernel", &r.kernel},
            {"OS", &r.os},
            {"CPU model", &r.cpu_model},
            {"CUDA driver", &r.driver},
            {"CUDA runtime", &r.cuda_runtime},
            {"GPUs", &r.gpus},
            {"linkperf", &r.linkperf_version}};
    };
    for (std::size_t i = std::max<std::size_t>(from_run, 1); i <= to_run && i < node.runs.size();
         ++i) {
        const auto before = facts(node.runs[i - 1]);
        const auto after = facts(node.runs[i]);
        for (std::size_t f = 0; f < before.size(); ++f) {
            if (*before[f].second != *after[f].second) {
                out.push_back(
                    {before[f].first, *before[f].second, *after[f].second, node.runs[i].date});
            }
        }
    }
    return out;
}

HistoryAnalysis analyse_history(const HistoryStore& store, const ChangePointOptions& options) {
    check_options(options);
    HistoryAnalysis a;
    a.store = &store;
    a.options = options;
    for (std::size_t n = 0; n < store.nodes().size(); ++n) {
        const HistoryNode& node = store.nodes()[n];
        for (std::size_t s = 0; s < node.series.size(); ++s) {
            const HistorySeries& series = node.series[s];
            const FleetCase& fc = store.cases()[series.case_index];
            const std::vector<double> values = values_of(series, 0, series.points.size());
            SeriesHistory h;
            h.node = n;
            h.series = s;
            h.changes = find_change_points(values, options);
            h.segments = segments_of(series, h.changes);
            if (values.size() > options.min_segment) {
                // The segments of the runs before the newest: the newest one is judged, not used.
                std::vector<ChangePoint> earlier;
                for (const ChangePoint& cp : h.changes) {
                    if (cp.index < values.size() - 1) {
                        earlier.push_back(cp);
                    }
                }
                HistorySeries head{series.case_index,
                                   {series.points.begin(), series.points.end() - 1}};
                const Segment ref = stable_segment(segments_of(head, earlier), options.min_segment);
                if (ref.end > ref.begin) {
                    const double m = median_of(values_of(series, ref.begin, ref.end));
                    const double rel = values.back() / m - 1;
                    h.deviation = fc.higher_is_better ? -rel : rel;
                }
            }
            for (const ChangePoint& cp : h.changes) {
                HistoryChange c;
                c.node = n;
                c.series_history = a.series.size();
                c.point = cp;
                const std::uint32_t run = series.points[cp.index].run;
                c.date = node.runs[run].date;
                c.file = node.runs[run].file;
                c.worse = fc.higher_is_better ? -cp.magnitude : cp.magnitude;
                // Detection can be a run or two off: the context facts changing near the point.
                const std::uint32_t from = series.points[cp.index > 2 ? cp.index - 2 : 0].run;
                const std::uint32_t to =
                    series.points[std::min(cp.index + 2, series.points.size() - 1)].run;
                c.context = context_changes(node, from, to);
                a.changes.push_back(std::move(c));
            }
            a.series.push_back(std::move(h));
        }
    }
    std::stable_sort(
        a.changes.begin(), a.changes.end(),
        [](const HistoryChange& x, const HistoryChange& y) { return x.worse > y.worse; });
    return a;
}

Run stable_baseline(const HistoryStore& store, const HistoryNode& node,
                    const ChangePointOptions& options) {
    check_options(options);
    Run run;
    run.info.label = node.name + " history";
    run.info.hostname = node.name;
    run.info.isa = node.host.isa;
    run.info.cpu_model = node.host.cpu_model;
    run.info.complete = true;
    if (!node.runs.empty()) {
        run.info.date = node.runs.back().date;
        run.info.file = node.runs.back().file;
    }
    for (const HistorySeries& s : node.series) {
        const std::vector<double> values = values_of(s, 0, s.points.size());
        const std::vector<ChangePoint> cps = find_change_points(values, options);
        const Segment seg = stable_segment(segments_of(s, cps), options.min_segment);
        const FleetCase& fc = store.cases()[s.case_index];
        CaseResult c;
        c.key = fc.key;
        c.name = case_label(fc.key);
        c.metric = fc.metric;
        c.unit = fc.unit;
        c.higher_is_better = fc.higher_is_better;
        c.samples = values_of(s, seg.begin, seg.end);
        c.stats = summarize(c.samples);
        // Each night is one run: the gate judges the candidate at run level against the
        // segment's night-to-night spread (gate.hpp), not against one run's samples.
        c.run_medians = c.samples;
        c.run_contended.assign(c.run_medians.size(), std::string());
        run.info.passes =
            static_cast<int>(std::max(run.info.passes, static_cast<int>(c.samples.size())));
        run.cases.push_back(std::move(c));
    }
    std::sort(run.cases.begin(), run.cases.end(),
              [](const CaseResult& a, const CaseResult& b) { return a.key < b.key; });
    return run;
}

std::vector<std::filesystem::path> history_files(const std::vector<std::string>& args) {
    std::vector<std::filesystem::path> out;
    for (const std::string& a : args) {
        std::error_code ec;
        const auto st = std::filesystem::status(a, ec);
        if (std::filesystem::is_directory(st)) {
            std::vector<std::filesystem::path> found;
            std::filesystem::recursive_directory_iterator it(a, ec);
            for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
                std::error_code fec;
                if (it->path().extension() == ".json" && it->is_regular_file(fec)) {
                    found.push_back(it->path());
                }
            }
            if (ec) {
                throw ReportError(fmt::format("{}: cannot list the directory: {}", terminal_text(a),
                                              ec.message()));
            }
            std::sort(found.begin(), found.end());
            out.insert(out.end(), found.begin(), found.end());
        } else if (std::filesystem::exists(st)) {
            out.emplace_back(a); // the loader refuses what is not a regular file
        } else {
            throw ReportError(fmt::format("{}: no such file or directory", terminal_text(a)));
        }
    }
    return out;
}

HistoryLoad load_history(HistoryStore& store, const std::vector<std::filesystem::path>& files,
                         const std::string& node, NodeNaming naming) {
    HistoryLoad load;
    for (const auto& f : files) {
        Run run;
        try {
            run = load_results(f); // one file in memory at a time
        } catch (const ReportError& e) {
            load.unreadable.push_back(e.what());
            continue;
        }
        if (!node.empty() && history_node_name(run, naming) != node) {
            ++load.other_nodes;
            continue;
        }
        if (run.info.date.empty()) {
            load.unreadable.push_back(
                fmt::format("{}: no run date (context.linkperf.started_at)", f.string()));
            continue;
        }
        store.add(run, naming);
        ++load.read;
    }
    return load;
}

} // namespace linkperf::reports
