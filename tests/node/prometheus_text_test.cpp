// `linkperf run --prom`: metrics in base units, in the text exposition format, checked with a
// strict reader written to the spec (test_prom_reader.hpp); promtool checks a real run's file
// in tests/fleet/prom_run.sh.
#include "node/prometheus_text.hpp"
#include "tests/node/prometheus_reader.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace linkperf;

namespace {

Measurement make(const char* path, Metric metric, CaseStatus status, double median,
                 const char* src_memory = "numa") {
    Measurement m;
    m.test_case.path = {path, metric, "bytes copied, counted once"};
    m.test_case.source = {EndpointKind::host_memory, 0, "local", src_memory};
    m.test_case.destination = {EndpointKind::gpu_memory, 1, "gpu1", "device"};
    m.test_case.size_bytes = 4096;
    m.test_case.threads = 1;
    m.status = status;
    m.stats.count = status == CaseStatus::ok ? 5 : 0;
    m.stats.median = median;
    return m;
}

const promtest::Family& find(const std::vector<promtest::Family>& fs, const std::string& name) {
    for (const auto& f : fs) {
        if (f.name == name) {
            return f;
        }
    }
    FAIL("no family " << name);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("measurements become metrics in base units", "[fleet][prom]") {
    const std::vector<Measurement> ms{
        make("ce.h2d", Metric::bandwidth, CaseStatus::ok, 52.5, "pinned"),
        make("ce.h2d", Metric::bandwidth, CaseStatus::ok, 20.0, "pageable"),
        make("lat.pingpong", Metric::latency, CaseStatus::ok, 1500.0),
        make("ce.d2h", Metric::bandwidth, CaseStatus::failed, 0),
        make("sm.p2p", Metric::bandwidth, CaseStatus::skipped, 0),
    };
    std::vector<Measurement> with_telemetry = ms;
    with_telemetry[0].telemetry = TelemetrySummary{};
    with_telemetry[0].telemetry->throttled = true;
    with_telemetry[2].telemetry = TelemetrySummary{};
    const std::string text = render_prometheus(measurement_metrics(with_telemetry, 1795000000.0));
    const auto fams = promtest::read(text);
    REQUIRE(fams.size() == 6);
    const auto& throttled = find(fams, "linkperf_case_throttled");
    REQUIRE(throttled.samples.size() == 2); // only cases with telemetry
    CHECK(throttled.samples[0].value == 1.0);
    CHECK(throttled.samples[1].value == 0.0);
    CHECK(throttled.samples[1].labels.at("path") == "lat.pingpong");
    // Without telemetry the family is left out.
    CHECK(promtest::read(render_prometheus(measurement_metrics(ms, 0))).size() == 5);

    const auto& bw = find(fams, "linkperf_bandwidth_bytes_per_second");
    CHECK(bw.type == "gauge");
    REQUIRE(bw.samples.size() == 2);
    CHECK(bw.samples[0].value == Approx(52.5e9));
    CHECK(bw.samples[0].labels.at("path") == "ce.h2d");
    CHECK(bw.samples[0].labels.at("src") == "node0:pinned");
    CHECK(bw.samples[0].labels.at("dst") == "gpu1:device");
    CHECK(bw.samples[0].labels.at("size") == "4096");
    CHECK(bw.samples[0].labels.at("threads") == "1");
    CHECK(bw.samples[1].labels.at("src") == "node0:pageable");

    const auto& lat = find(fams, "linkperf_latency_seconds");
    REQUIRE(lat.samples.size() == 1);
    CHECK(lat.samples[0].value == Approx(1.5e-6));
    CHECK(lat.samples[0].labels.at("src") == "node0");

    const auto& failed = find(fams, "linkperf_case_failed");
    REQUIRE(failed.samples.size() == 5);
    CHECK(failed.samples[3].value == 1.0);
    CHECK(failed.samples[0].value == 0.0);
    CHECK(find(fams, "linkperf_case_skipped").samples[4].value == 1.0);
    CHECK(find(fams, "linkperf_last_run_timestamp_seconds").samples[0].value ==
          Approx(1795000000.0));
}

TEST_CASE("label values and help text are escaped", "[fleet][prom]") {
    CHECK(escape_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
    PromFamily f{"x_total", "help with \\ and\nnewline", "counter", {}};
    f.samples.push_back({{{"k", "q\"uote\nline\\"}}, 3});
    const std::string text = render_prometheus({f});
    const auto fams = promtest::read(text);
    REQUIRE(fams.size() == 1);
    CHECK(fams[0].type == "counter");
    CHECK(fams[0].samples[0].labels.at("k") == "q\"uote\nline\\");
    CHECK(fams[0].samples[0].value == 3);
}

TEST_CASE("sample values use the format's spelling", "[fleet][prom]") {
    CHECK(format_sample_value(0) == "0");
    CHECK(format_sample_value(1e9) == "1000000000");
    CHECK(format_sample_value(6.12e-8) == "6.12e-08");
    CHECK(format_sample_value(52.5e9) == "52500000000");
    CHECK(format_sample_value(1e300) == "1e+300");
    CHECK(format_sample_value(1.0 / 0.0) == "+Inf");
    CHECK(format_sample_value(-1.0 / 0.0) == "-Inf");
    CHECK(format_sample_value(0.0 / 0.0) == "NaN");
    CHECK(render_prometheus({{"empty", "no samples", "gauge", {}}}).empty());
}

TEST_CASE("the strict reader rejects what the format forbids", "[fleet][prom]") {
    CHECK_NOTHROW(promtest::read("# TYPE a gauge\na{b=\"c\"} 1\n"));
    CHECK_NOTHROW(promtest::read("a 1 1795000000000\n"));
    CHECK_THROWS(promtest::read("a 1"));                              // no final line feed
    CHECK_THROWS(promtest::read("1a 1\n"));                           // metric name
    CHECK_THROWS(promtest::read("a{1b=\"c\"} 1\n"));                  // label name
    CHECK_THROWS(promtest::read("a{__b=\"c\"} 1\n"));                 // reserved label
    CHECK_THROWS(promtest::read("a{b=\"c\\t\"} 1\n"));                // unknown escape
    CHECK_THROWS(promtest::read("a{b=\"c} 1\n"));                     // unterminated
    CHECK_THROWS(promtest::read("a{b=\"c\",b=\"d\"} 1\n"));           // repeated label
    CHECK_THROWS(promtest::read("a 1x\n"));                           // float
    CHECK_THROWS(promtest::read("a\n"));                              // no value
    CHECK_THROWS(promtest::read("a 1\na 2\n"));                       // duplicate series
    CHECK_THROWS(promtest::read("a 1\nb 1\na{x=\"y\"} 1\n"));         // family split
    CHECK_THROWS(promtest::read("a 1\n# TYPE a gauge\n"));            // TYPE after samples
    CHECK_THROWS(promtest::read("# TYPE a gauge\n# TYPE a gauge\n")); // two TYPEs
    CHECK_THROWS(promtest::read("# TYPE a gaug\n"));                  // unknown type
    CHECK_THROWS(promtest::read("a 1 12.5\n"));                       // timestamp
}

TEST_CASE("a case's link efficiency becomes linkperf_link_efficiency_ratio", "[fleet][prom]") {
    std::vector<Measurement> ms{make("ce.h2d", Metric::bandwidth, CaseStatus::ok, 52.5, "pinned"),
                                make("ce.d2h", Metric::bandwidth, CaseStatus::ok, 40.0, "pinned"),
                                make("ce.d2d", Metric::bandwidth, CaseStatus::failed, 0)};
    ms[0].extra["efficiency"] = 0.82;
    ms[1].extra["efficiency"] = "n/a"; // not a number: left out
    ms[2].extra["efficiency"] = 0.5;   // failed: no figure
    const auto fams = promtest::read(render_prometheus(measurement_metrics(ms, 0)));
    const auto& eff = find(fams, "linkperf_link_efficiency_ratio");
    REQUIRE(eff.samples.size() == 1);
    CHECK(eff.samples[0].value == Approx(0.82));
    CHECK(eff.samples[0].labels.at("path") == "ce.h2d");
}
