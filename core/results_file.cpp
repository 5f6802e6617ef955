#include "core/results_file.hpp"

#include "core/error.hpp"
#include "core/json_text.hpp"
#include "core/timestamp.hpp"

#include <algorithm>
#include <cmath>

namespace linkperf {
namespace {

// Google Benchmark's JSON writer prints non-finite doubles as the tokens inf/nan; nlohmann
// writes null. A non-finite value is a bug upstream, so store 0 and let the status say why.
double finite_or_zero(double v) {
    return std::isfinite(v) ? v : 0.0;
}

} // namespace

std::filesystem::path default_results_path(const std::string& hostname, const std::string& tag) {
    std::string stamp = utc_timestamp(); // 2026-11-28T18:00:00Z -> 20261128-180000
    std::erase_if(stamp, [](char c) { return c == '-' || c == ':' || c == 'Z'; });
    std::replace(stamp.begin(), stamp.end(), 'T', '-');
    const std::filesystem::path dir = "results";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    return dir / (hostname + tag + "-" + stamp + ".json");
}

nlohmann::json to_json(const Endpoint& e) {
    return {{"kind", to_string(e.kind)}, {"id", e.id}, {"role", e.role}, {"memory", e.memory}};
}

nlohmann::json to_json(const Statistics& s) {
    return {{"count", s.count},
            {"min", finite_or_zero(s.min)},
            {"max", finite_or_zero(s.max)},
            {"mean", finite_or_zero(s.mean)},
            {"median", finite_or_zero(s.median)},
            {"p5", finite_or_zero(s.p5)},
            {"p95", finite_or_zero(s.p95)},
            {"stddev", finite_or_zero(s.stddev)},
            {"stdrel", finite_or_zero(s.stdrel)}};
}

nlohmann::json to_json(const Measurement& m) {
    const Case& c = m.test_case;
    nlohmann::json samples = nlohmann::json::array();
    for (const double v : m.samples) {
        samples.push_back(finite_or_zero(v));
    }
    nlohmann::json j = {{"path", c.path.id},
                        {"metric", to_string(c.path.metric)},
                        {"unit", c.path.unit()},
                        {"higher_is_better", c.path.higher_is_better()},
                        {"bytes_counted", c.path.bytes_counted},
                        {"source", to_json(c.source)},
                        {"destination", to_json(c.destination)},
                        {"size_bytes", c.size_bytes},
                        {"threads", c.threads},
                        {"bytes_per_op", m.bytes_per_op},
                        {"status", to_string(m.status)},
                        {"error", m.error},
                        {"data_verified", m.data_verified},
                        {"placement",
                         {{"verified", m.placement.verified},
                          {"memory_nodes", m.placement.memory_nodes},
                          {"cpus_ran_on", m.placement.cpus_ran_on},
                          {"detail", m.placement.detail}}},
                        {"stats", to_json(m.stats)},
                        {"samples", samples},
                        {"seconds_per_op", finite_or_zero(m.seconds_per_op)},
                        {"reps_per_sample", m.reps_per_sample},
                        {"converged", m.converged},
                        {"extra", m.extra}};
    if (m.criterion) {
        j["criterion"] = to_string(*m.criterion);
    }
    if (m.telemetry) {
        j["telemetry"] = to_json(*m.telemetry);
    }
    if (m.contention) {
        j["contention"] = to_json(*m.contention);
    }
    if (m.pass) {
        j["pass"] = *m.pass;
    }
    return j;
}

nlohmann::json benchmark_entry(const Measurement& m, double cpu_time_ns, int family_index) {
    const std::string name = m.test_case.name();
    nlohmann::json e = {{"name", name},
                        {"family_index", family_index},
                        {"per_family_instance_index", 0},
                        {"run_name", name},
                        {"run_type", "iteration"},
                        {"repetitions", 1},
                        {"repetition_index", 0},
                        {"threads", 1},
                        {"iterations", 1},
                        {"real_time", finite_or_zero(m.seconds_per_op * 1e9)},
                        {"cpu_time", finite_or_zero(cpu_time_ns)},
                        {"time_unit", "ns"}};
    if (m.status != CaseStatus::ok) {
        // Google Benchmark marks a failed run this way; compare.py skips it.
        e["error_occurred"] = true;
        e["error_message"] = m.error;
    }
    if (m.test_case.path.metric == Metric::bandwidth && m.seconds_per_op > 0) {
        e["bytes_per_second"] =
            finite_or_zero(static_cast<double>(m.bytes_per_op) / m.seconds_per_op);
    }
    e["linkperf"] = to_json(m);
    return e;
}

ResultsFile::ResultsFile(std::filesystem::path path, nlohmann::json context)
    : ResultsFile(OutputFile("results file", path.string()), std::move(context)) {}

ResultsFile::ResultsFile(OutputFile out, nlohmann::json context)
    : out_(std::move(out)), path_(out_.spec()) {
    doc_ = {{"context", std::move(context)}, {"benchmarks", nlohmann::json::array()}};
    doc_["context"]["linkperf"]["complete"] = false;
    out_.open();  // a FIFO without a reader, or a file another run writes, fails now
    flush(false); // so does an unwritable regular file, before any measurement
}

ResultsFile::~ResultsFile() {
    if (unsynced_) {
        out_.sync();
    }
}

namespace {

// `value` as json_text renders it nested `depth` levels deep (2 spaces a level): every line
// after the first indented further. JSON strings hold no raw newline, so each '\n' is a line.
std::string nested_text(const nlohmann::json& value, int depth) {
    const std::string flat = json_text(value, 2);
    const std::string pad(static_cast<std::size_t>(2 * depth), ' ');
    std::string out;
    out.reserve(flat.size() + flat.size() / 16);
    for (const char ch : flat) {
        out += ch;
        if (ch == '\n') {
            out += pad;
        }
    }
    return out;
}

} // namespace

void ResultsFile::append(nlohmann::json benchmark) {
    entry_text_.push_back(nested_text(benchmark, 2));
    doc_["benchmarks"].push_back(std::move(benchmark));
    flush(false);
}

std::string ResultsFile::text() const {
    // The document's keys in json's (sorted) order: "benchmarks", then "context".
    std::size_t size = 64;
    for (const std::string& e : entry_text_) {
        size += e.size() + 6;
    }
    std::string out;
    out.reserve(size);
    out += "{\n  \"benchmarks\": [";
    for (std::size_t i = 0; i < entry_text_.size(); ++i) {
        out += i == 0 ? "\n    " : ",\n    ";
        out += entry_text_[i];
    }
    out += entry_text_.empty() ? "],\n" : "\n  ],\n";
    out += "  \"context\": ";
    out += nested_text(doc_.at("context"), 1);
    out += "\n}\n";
    return out;
}

void ResultsFile::finish() {
    doc_["context"]["linkperf"]["finished_at"] = utc_timestamp();
    doc_["context"]["linkperf"]["complete"] = true;
    flush(true);
}

void ResultsFile::interrupt(const std::string& signal) {
    doc_["context"]["linkperf"]["interrupted_by"] = signal;
    doc_["context"]["linkperf"]["stopped_at"] = utc_timestamp();
    doc_["context"]["linkperf"]["complete"] = false;
    flush(true); // a stream gets the partial document now, once
}

void ResultsFile::flush(bool last) {
    // A stream cannot be rewritten: it gets one whole document, at the end.
    if (out_.replaceable() || (last && !written_)) {
        // Each write replaces the file whole; the last one, and an interim one a second after
        // the previous sync, also sync it to the disk.
        const auto now = std::chrono::steady_clock::now();
        const bool sync = last || now - synced_at_ >= std::chrono::seconds(1);
        out_.write(text(), sync);
        unsynced_ = out_.replaceable() && !sync;
        if (sync) {
            synced_at_ = now;
        }
        written_ = !out_.replaceable();
    }
}

} // namespace linkperf
