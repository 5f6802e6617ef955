// The op table (collectives/ops/op_table.hpp) walked entry by entry: names, bus factors
// against nccl-tests' published ones, byte counts, seeded data and flags that must agree, so a
// new entry that gets one of them wrong fails here before any rank runs it.
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/op_facts.hpp"
#include "collectives/ops/op_table.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <set>
#include <string>
#include <string_view>
#include <vector>

using namespace linkperf;
using namespace linkperf::coll;

namespace {

// nccl-tests' doc/PERFORMANCE.md factors (busbw = algbw x factor), written out here rather than
// taken from the table; the point-to-point ops report algbw as busbw (OSU's bandwidth).
double published_factor(std::string_view op, double n) {
    if (op == "all_reduce") {
        return 2 * (n - 1) / n;
    }
    if (op == "all_gather" || op == "reduce_scatter" || op == "alltoall") {
        return (n - 1) / n;
    }
    if (op == "broadcast" || op == "reduce" || op == "sendrecv" || op == "p2p.latency" ||
        op == "p2p.bw") {
        return 1;
    }
    FAIL("no published bus factor for " << op << ": add nccl-tests' factor to this test");
    return 0;
}

std::uint64_t total(const std::vector<Segment>& segments) {
    std::uint64_t n = 0;
    for (const Segment& s : segments) {
        n += s.count;
    }
    return n;
}

} // namespace

TEST_CASE("op table: entries in CollOp order, one per op", "[coll]") {
    REQUIRE(all_op_facts().size() == kOpCount);
    for (std::size_t i = 0; i < kOpCount; ++i) {
        const OpFacts& f = all_op_facts()[i];
        CHECK(static_cast<std::size_t>(f.op) == i);
        CHECK(&op_facts(f.op) == &f);
        CHECK(f.data != nullptr);
        CHECK(f.bus.of != nullptr);
    }
}

TEST_CASE("op table: names and aliases are unique and parse back", "[coll]") {
    std::set<std::string> seen;
    for (const OpFacts& f : all_op_facts()) {
        INFO(f.name);
        REQUIRE_FALSE(f.name.empty());
        CHECK(seen.insert(std::string(f.name)).second);
        CHECK(f.name != "all");
        CHECK(f.name.find(',') == std::string_view::npos); // lists are comma-separated
        CHECK(std::strlen(to_string(f.op)) == f.name.size());
        CHECK(path_id(f.op) == "coll." + std::string(f.name));
        CHECK(coll_op_from_string(f.name) == f.op);
        if (!f.alias.empty()) {
            CHECK(seen.insert(std::string(f.alias)).second);
            CHECK(coll_op_from_string(f.alias) == f.op);
        }
    }
    CHECK(parse_op_list("all").size() == kOpCount);
}

TEST_CASE("op table: bus factors are nccl-tests' published ones", "[coll]") {
    for (const OpFacts& f : all_op_facts()) {
        INFO(f.name);
        for (const int n : {1, 2, 3, 4, 7, 8, 16, 64, 1024}) {
            CHECK(bus_factor(f.op, n) == Approx(published_factor(f.name, n)));
        }
        const std::string counted = bytes_counted(f);
        if (f.metric == Metric::latency) {
            CHECK(counted.find("round trip / 2") != std::string::npos);
        } else if (f.bus.formula != "1") {
            CHECK(counted.find(f.bus.formula) != std::string::npos);
        }
    }
}

TEST_CASE("op table: flags agree with each other", "[coll]") {
    for (const OpFacts& f : all_op_facts()) {
        INFO(f.name);
        const bool pair = f.participants == Participants::pair;
        CHECK(f.min_ranks == (pair ? 2 : 1));
        // A ping-pong's time is one-way latency, and only a ping-pong reports latency.
        CHECK((f.metric == Metric::latency) == (f.timing == Timing::ping_pong));
        if (f.timing != Timing::per_call) {
            CHECK(pair);
        }
        if (!f.layout.split) {
            CHECK(f.layout.send == Extent::size);
            CHECK(f.layout.recv == Extent::size);
        }
        if (f.in_place_input == Position::rank_block) {
            // The input is one block inside a receive buffer holding every rank's block.
            CHECK(f.layout.send == Extent::block);
            CHECK(f.layout.recv == Extent::size);
        }
        if (f.nccl_in_place_result == Position::rank_block) {
            CHECK(f.layout.send == Extent::size);
            CHECK(f.layout.recv == Extent::block);
        }
        if (!f.in_place) {
            CHECK(f.in_place_input == Position::start);
            CHECK(f.nccl_in_place_result == Position::start);
        }
        if (f.mpi_root_result_in_input) {
            CHECK(f.rooted);
        }
        CHECK(ops_per_call(f, 64) == (f.timing == Timing::per_message ? 64.0
                                      : f.timing == Timing::ping_pong ? 2.0
                                                                      : 1.0));
    }
}

TEST_CASE("op table: byte counts follow nccl-tests' size for every op", "[coll]") {
    for (const OpFacts& f : all_op_facts()) {
        for (const DataType t : {DataType::float32, DataType::float64, DataType::float16}) {
            for (int n = 1; n <= 9; ++n) {
                const std::uint64_t e = element_size(t);
                const std::uint64_t multiple = size_multiple(f.op, t, n);
                CHECK(multiple == (f.layout.split ? e * static_cast<std::uint64_t>(n) : e));
                for (const std::uint64_t k : {1, 3, 1000}) {
                    INFO(f.name << " " << to_string(t) << " ranks " << n << " size "
                                << k * multiple);
                    const OpCounts c = op_counts(f.op, k * multiple, t, n);
                    const std::uint64_t elements = k * multiple / e;
                    // nccl-tests' size: the larger of a rank's send and receive.
                    CHECK(std::max(c.send, c.recv) * e == c.size_bytes);
                    CHECK(c.block * (f.layout.split ? static_cast<std::uint64_t>(n) : 1) ==
                          elements);
                    CHECK(c.count == c.block);
                    CHECK(c.send == (f.layout.send == Extent::block ? c.block : elements));
                    CHECK(c.recv == (f.layout.recv == Extent::block ? c.block : elements));
                    CHECK(rounded_size(f.op, k * multiple, t, n) == k * multiple);
                }
            }
        }
    }
}

TEST_CASE("op table: every rank's seeded data fits its buffers and its role", "[coll]") {
    for (const OpFacts& f : all_op_facts()) {
        for (int n = f.min_ranks; n <= 6; ++n) {
            const OpCounts c = op_counts(f.op, size_multiple(f.op, DataType::float32, n) * 5,
                                         DataType::float32, n);
            for (int root = 0; root < n; ++root) {
                const int peer = n - 1;
                std::vector<OpData> all;
                for (int r = 0; r < n; ++r) {
                    INFO(f.name << " ranks " << n << " rank " << r << " root " << root);
                    const OpData d = f.data(c, {r, n, root, peer});
                    const bool part = f.participants == Participants::all || r == 0 || r == peer;
                    CHECK((d.has_input() || d.has_result()) == part);
                    if (d.has_input()) {
                        CHECK(total(d.input) == c.send);
                    }
                    if (d.has_result()) {
                        CHECK(total(d.result) == c.recv);
                    }
                    for (const Segment& s : d.input) {
                        CHECK(s.offset + s.count <= c.send);
                        CHECK(s.rank == r); // a rank sends its own pattern
                    }
                    for (const Segment& s : d.result) {
                        CHECK(s.offset + s.count <= c.recv);
                        CHECK((s.rank == kReducedOverRanks) == f.reduction);
                        CHECK(s.rank < n);
                    }
                    all.push_back(d);
                }
                // Someone sends and someone receives.
                bool sends = false;
                bool receives = false;
                for (const OpData& d : all) {
                    sends = sends || d.has_input();
                    receives = receives || d.has_result();
                }
                CHECK(sends);
                CHECK(receives);
            }
            if (n >= 2) {
                // Rooted ops move data differently with another root; others ignore it.
                bool differs = false;
                for (int r = 0; r < n; ++r) {
                    const OpData a = f.data(c, {r, n, 0, n - 1});
                    const OpData b = f.data(c, {r, n, 1, n - 1});
                    differs = differs || a.input != b.input || a.result != b.result;
                }
                INFO(f.name << " ranks " << n);
                CHECK(differs == f.rooted);
            }
        }
    }
}
