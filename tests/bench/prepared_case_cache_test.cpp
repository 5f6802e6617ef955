// The cache of prepared cases across the passes of `linkperf run --repeat`: it keeps what fits
// its bound per NUMA node, sets up again what does not, keeps nothing in the last pass, and
// never lets what it holds make a case that fits on its own be skipped for memory.
#include "bench/prepared_case_cache.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>

using namespace linkperf;
using namespace linkperf::bench;

namespace {

// A family whose set-ups hold `bytes` on node `node` each and count themselves; prepare()
// refuses (environment, as require_memory does) while more than `refuse_above` is held.
class CountingRunner final : public PathRunner {
public:
    int prepared = 0;
    std::uint64_t live = 0;
    bool measure_refuses = false; // measure() refuses (environment) while more than
                                  // refuse_above is live, as a GPU case's pinned buffer would
    std::uint64_t refuse_above = ~std::uint64_t{0};
    std::uint64_t refuse_size_above = ~std::uint64_t{0}; // a case too large on its own

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
    Measurement measure(const SamplerConfig&) override {
        if (r_.measure_refuses && r_.live > r_.refuse_above) {
            throw environment_error("not enough memory for the measurement");
        }
        return {};
    }
    std::map<int, std::uint64_t> held_bytes() const override { return {{node_, bytes_}}; }

private:
    CountingRunner& r_;
    std::uint64_t bytes_;
    int node_;
};

std::unique_ptr<PreparedCase> CountingRunner::prepare(const Case& c) {
    if (live > refuse_above || c.size_bytes > refuse_size_above) {
        throw environment_error(c.name() + " needs more memory than is free");
    }
    ++prepared;
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

TEST_CASE("a small case is made anew every pass, a large one is kept", "[bench][repeat]") {
    CountingRunner r;
    // 1 MB usable: both fit the bound; only the size decides.
    PreparedCaseCache cache([&r](int) { return 1000000 - r.live; }, 0.25, 500);
    bool kept = true;
    for (int pass = 0; pass < 3; ++pass) {
        cache.keep("small", cache.take("small", r, sized(100), &kept));
        CHECK_FALSE(kept);
        cache.keep("large", cache.take("large", r, sized(1000), &kept));
        CHECK(kept == (pass > 0));
    }
    CHECK(r.prepared == 3 + 1);
    CHECK(cache.size() == 1);
    CHECK(cache.held_bytes(0) == 1000);
}

TEST_CASE("a measurement refused for memory while the cache holds some is retried emptied",
          "[bench][repeat]") {
    CountingRunner r;
    PreparedCaseCache cache(usable(r), 0.25, 0);
    cache.keep("a", cache.take("a", r, sized(200)));
    auto p = cache.take("b", r, sized(50));
    r.measure_refuses = true;
    r.refuse_above = 100; // 250 live: refused; with "a" released, 50: fits
    CHECK_NOTHROW(cache.measure("b", *p, {}));
    CHECK(cache.size() == 0);
}

TEST_CASE("a case refused on its own empties the cache once, not every pass", "[bench][repeat]") {
    CountingRunner r;
    PreparedCaseCache cache(usable(r), 0.25, 0);
    r.refuse_size_above = 1000;
    cache.keep("a", cache.take("a", r, sized(100)));
    // Refused with "a" held, and again with the cache emptied: its own refusal.
    CHECK_THROWS_AS(cache.take("huge", r, sized(5000)), Error);
    CHECK(cache.size() == 0);
    cache.keep("a", cache.take("a", r, sized(100)));
    const int before = r.prepared;
    // The next pass: refused again, but "a" stays kept.
    CHECK_THROWS_AS(cache.take("huge", r, sized(5000)), Error);
    CHECK(cache.size() == 1);
    cache.keep("a", cache.take("a", r, sized(100)));
    CHECK(r.prepared == before);
}

TEST_CASE("the default set-up measures the case each time", "[bench][repeat]") {
    CountingRunner r;
    const Case c = sized(8);
    auto p = r.PathRunner::prepare(c);
    CHECK(p->held_bytes().empty());
    CHECK(p->measure({}).test_case.name() == c.name());
}
