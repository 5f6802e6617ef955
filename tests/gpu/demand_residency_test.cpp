// um.demand's GPU side: where the managed pages went after the kernel decides its timing note.
#include "gpu/demand_residency.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;
using namespace linkperf::gpu;

namespace {

// A placement check of `checked` pages asked to be on `node`: `unknown` not located, `elsewhere`
// on another node, the rest on `node`; `nodes` the distinct nodes located.
PlacementCheck pages(std::size_t checked, std::size_t unknown, std::size_t elsewhere,
                     std::vector<int> nodes) {
    PlacementCheck p;
    p.pages_checked = checked;
    p.pages_unknown = unknown;
    p.pages_elsewhere = elsewhere;
    p.nodes_found = std::move(nodes);
    p.ok = unknown == 0 && elsewhere == 0;
    return p;
}

const PlacementCheck home = pages(1024, 0, 0, {0});

} // namespace

TEST_CASE("pages the CPU no longer maps were faulted in to the GPU", "[gpu][demand]") {
    const DemandResidency r = classify_demand_residency(home, pages(1024, 1024, 0, {}), 0);
    CHECK(r.outcome == DemandOutcome::migrated);
    CHECK(r.migrated == 1024);
    CHECK(r.stayed == 0);
    const std::string note = demand_timing_note(r, 0);
    CHECK_THAT(note,
               Catch::StartsWith("CUDA events around a copy kernel faulting 100% of pages in"));
    CHECK_THAT(note,
               Catch::Contains("1024 of 1024 sampled pages were no longer mapped on the CPU"));
    CHECK_THAT(note, Catch::EndsWith("the pages return to host node 0 untimed before each one"));
    // Partly migrated: the share is the measured one, not "every page".
    const DemandResidency part = classify_demand_residency(home, pages(1000, 700, 0, {0}), 0);
    CHECK(part.outcome == DemandOutcome::migrated);
    CHECK_THAT(demand_timing_note(part, 0), Catch::Contains("faulting 70% of pages in"));
}

TEST_CASE("pages left on their host node were read remotely", "[gpu][demand]") {
    const PlacementCheck on1 = pages(512, 0, 0, {1});
    const DemandResidency r = classify_demand_residency(on1, pages(512, 0, 0, {1}), 1);
    CHECK(r.outcome == DemandOutcome::remote);
    CHECK(r.stayed == 512);
    CHECK(r.stayed_on == std::vector<int>{1});
    const std::string note = demand_timing_note(r, 1);
    CHECK_THAT(note, Catch::StartsWith(
                         "CUDA events around a copy kernel that read remotely, 100% of pages "
                         "stayed on node 1"));
    CHECK_THAT(note, !Catch::Contains("faulting"));
    // Most stayed, some migrated (an access-counter policy moving hot pages later).
    const DemandResidency most = classify_demand_residency(on1, pages(512, 100, 0, {1}), 1);
    CHECK(most.outcome == DemandOutcome::remote);
    CHECK_THAT(demand_timing_note(most, 1), Catch::Contains("read remotely, 80% of pages stayed"));
    // No node requested (-1): a page on any node stayed in host memory.
    const DemandResidency any =
        classify_demand_residency(pages(64, 0, 0, {0, 1}), pages(64, 0, 0, {0, 1}), -1);
    CHECK(any.outcome == DemandOutcome::remote);
    CHECK_THAT(demand_timing_note(any, -1), Catch::Contains("stayed on nodes 0,1"));
    // A prefetch to node 0 that fell back to any host node put the pages on node 1: still
    // there after the kernel, they stayed (not moved).
    const PlacementCheck fell_back = pages(64, 0, 64, {1});
    const DemandResidency back = classify_demand_residency(fell_back, fell_back, 0);
    CHECK(back.outcome == DemandOutcome::remote);
    CHECK(back.stayed == 64);
    CHECK_THAT(demand_timing_note(back, 0), Catch::Contains("100% of pages stayed on node 1"));
}

TEST_CASE("pages found on another node moved there", "[gpu][demand]") {
    // GH200 with the GPU's memory onlined as NUMA node 1: migrated pages stay locatable.
    const DemandResidency r = classify_demand_residency(home, pages(256, 0, 256, {1}), 0);
    CHECK(r.outcome == DemandOutcome::moved);
    CHECK(r.moved_to == std::vector<int>{1});
    CHECK_THAT(demand_timing_note(r, 0),
               Catch::Contains("100% of pages were on node 1, not host node 0"));
}

TEST_CASE("a page query that cannot place host pages tells nothing", "[gpu][demand]") {
    // A driver mapping move_pages cannot place: not located before the kernel either.
    const PlacementCheck blind = pages(1024, 1024, 0, {});
    const DemandResidency r = classify_demand_residency(blind, blind, 0);
    CHECK(r.outcome == DemandOutcome::unknown);
    CHECK_THAT(demand_timing_note(r, 0), Catch::Contains("where the pages went is unknown"));
    CHECK_THAT(demand_timing_note(r, 0), !Catch::Contains("faulting"));
    // No answer at all (move_pages refused, or no NUMA in the kernel).
    PlacementCheck refused;
    refused.detail = "page location query (move_pages) failed";
    const DemandResidency none = classify_demand_residency(refused, refused, 0);
    CHECK(none.outcome == DemandOutcome::unknown);
    CHECK_THAT(demand_timing_note(none, 0), Catch::Contains("move_pages"));
    CHECK(classify_demand_residency(home, refused, 0).outcome == DemandOutcome::unknown);
}

TEST_CASE("percentages of pages round to the nearest and never divide by zero", "[gpu][demand]") {
    CHECK(percent_of_pages(0, 0) == 0);
    CHECK(percent_of_pages(1, 3) == 33);
    CHECK(percent_of_pages(2, 3) == 67);
    CHECK(percent_of_pages(1023, 1024) == 100);
    CHECK(percent_of_pages(1, 1024) == 0);
    CHECK(to_string(DemandOutcome::migrated) == std::string("migrated"));
    CHECK(to_string(DemandOutcome::unknown) == std::string("unknown"));
}
