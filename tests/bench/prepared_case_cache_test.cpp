// The cache of prepared cases across the passes of `linkperf run --repeat`: it keeps what fits
// its bound per NUMA node, sets up again what does not, keeps nothing in the last pass, and
// never lets what it holds make a case that fits on its own be skipped for memory.
#include "bench/prepared_case_cache.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <thread>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

// A family whose set-ups hold `bytes` on node `node` each and count themselves; prepare()
// refuses (environment, as require_memory does) while more than `refuse_above` is held.
class CountingRunner final : public PathRunner {
public:
    int prepared = 0;
    std::uint64_t live = 0;
    std::chrono::milliseconds setup{0}; // what each set-up of a case of 1000 bytes or more costs
    std::uint64_t refuse_above = ~std::uint64_t{0};

    std::string family() const override { return "counting"; }
    FamilyPlan plan(const Topology&, const PlanOptions&) const override { return {}; }
    Measurement measure(const Case& c, const SamplerConfig&) override {
        Measurement m;
        m.test_case = c;
        return m;
    }
    std::unique_ptr<PreparedCase> prepare(const Case& c) override;
};

class Held final : public PreparedCase {
public:
    Held(CountingRunner& r, std::uint64_t bytes, int node) : r_(r), bytes_(bytes), node_(node) {
        r_.live += bytes_;
    }
    ~Held() override { r_.live -= bytes_; }
    Measurement measure(const SamplerConfig&) override { return {}; }
    std::map<int, std::uint64_t> held_bytes() const override { return {{node_, bytes_}}; }

private:
    CountingRunner& r_;
    std::uint64_t bytes_;
    int node_;
};

std::unique_ptr<PreparedCase> CountingRunner::prepare(const Case& c) {
    if (live > refuse_above) {
        throw environment_error(c.name() + " needs more memory than is free");
    }
    ++prepared;
    if (c.size_bytes >= 1000) {
        std::this_thread::sleep_for(setup);
    }
    return std::make_unique<Held>(*this, c.size_bytes, c.source.id);
}

Case sized(std::uint64_t bytes, int node = 0) {
    Case c;
    c.path.id = "host.read";
    c.size_bytes = bytes;
    c.source = {EndpointKind::host_memory, node, "local", "numa"};
    return c;
}

// 1000 bytes usable on every node beside what the test holds: the bound is 250 per node.
PreparedCaseCache::UsableBytes usable(const CountingRunner& r) {
    return [&r](int) { return 1000 - r.live; };
}

} // namespace

TEST_CASE("a kept case is set up once across passes", "[bench][repeat]") {
    CountingRunner r;
    PreparedCaseCache cache(usable(r), 0.25, 0);
    const Case c = sized(100);
    for (int pass = 0; pass < 4; ++pass) {
        auto p = cache.take("a", r, c);
        REQUIRE(p);
        cache.keep("a", std::move(p));
    }
    CHECK(r.prepared == 1);
    CHECK(cache.size() == 1);
    CHECK(cache.held_bytes(0) == 100);
}

TEST_CASE("a case past the bound is set up anew in every pass", "[bench][repeat]") {
    CountingRunner r;
    PreparedCaseCache cache(usable(r), 0.25, 0);
    for (int pass = 0; pass < 3; ++pass) {
        cache.keep("small", cache.take("small", r, sized(200)));
        cache.keep("big", cache.take("big", r, sized(300)));   // 200 + 300 > 250
        cache.keep("more", cache.take("more", r, sized(100))); // 200 + 100 > 250
    }
    CHECK(r.prepared == 1 + 3 + 3);
    CHECK(cache.size() == 1);
    CHECK(cache.held_bytes(0) == 200);
    CHECK(r.live == 200); // what is not kept is released at once
}

TEST_CASE("the bound is per NUMA node", "[bench][repeat]") {
    CountingRunner r;
    PreparedCaseCache cache(usable(r), 0.25, 0);
    cache.keep("n0", cache.take("n0", r, sized(200, 0)));
    cache.keep("n1", cache.take("n1", r, sized(200, 1)));
    CHECK(cache.size() == 2);
    CHECK(cache.held_bytes(1) == 200);
}

TEST_CASE("the last pass keeps nothing and releases what it takes", "[bench][repeat]") {
    CountingRunner r;
    PreparedCaseCache cache(usable(r), 0.25, 0);
    cache.keep("a", cache.take("a", r, sized(100)));
    cache.keep("b", cache.take("b", r, sized(100)));
    cache.last_pass();
    cache.keep("a", cache.take("a", r, sized(100)));
    CHECK(r.prepared == 2);
    CHECK(cache.size() == 1);
    CHECK(r.live == 100);
    CHECK(cache.held_bytes(0) == 100);
}

TEST_CASE("a set-up refused for memory while the cache holds some is retried with it emptied",
          "[bench][repeat]") {
    CountingRunner r;
    PreparedCaseCache cache(usable(r), 0.25, 0);
    cache.keep("a", cache.take("a", r, sized(200)));
    r.refuse_above = 100; // the 200 held would make the next case not fit
    auto p = cache.take("b", r, sized(50));
    REQUIRE(p);
    CHECK(cache.size() == 0);
    CHECK(r.live == 50);
    // With nothing held the refusal is the case's own: it propagates.
    r.refuse_above = 10;
    CHECK_THROWS_AS(cache.take("c", r, sized(50)), Error);
}

TEST_CASE("a cheap set-up is made anew every pass, a costly one is kept", "[bench][repeat]") {
    CountingRunner r;
    r.setup = std::chrono::milliseconds(60);
    // 1 MB usable: both fit the bound; only the cost decides.
    PreparedCaseCache cache([&r](int) { return 1000000 - r.live; }, 0.25, 0.05);
    for (int pass = 0; pass < 3; ++pass) {
        cache.keep("cheap", cache.take("cheap", r, sized(100)));
        cache.keep("costly", cache.take("costly", r, sized(1000)));
    }
    CHECK(r.prepared == 3 + 1);
    CHECK(cache.size() == 1);
    CHECK(cache.held_bytes(0) == 1000);
}

TEST_CASE("the default set-up measures the case each time", "[bench][repeat]") {
    CountingRunner r;
    const Case c = sized(8);
    auto p = r.PathRunner::prepare(c);
    CHECK(p->held_bytes().empty());
    CHECK(p->measure({}).test_case.name() == c.name());
}
