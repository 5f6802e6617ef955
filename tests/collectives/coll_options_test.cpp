// `all` on fewer ranks than some ops need: those ops are skipped with a note unless they were
// named; named ones are refused by validate_for_ranks.
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/coll_options.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;
using namespace linkperf::coll;

namespace {

CollOptions options_for(std::vector<std::string> ops) {
    CollFlags f;
    f.ops = std::move(ops);
    return to_options(f);
}

} // namespace

TEST_CASE("ops named in a list, apart from those `all` brings in", "[coll]") {
    CHECK(named_ops("all").empty());
    CHECK(named_ops("all,p2p.bw") == std::vector<CollOp>{CollOp::p2p_bw});
    CHECK(named_ops("allreduce,,broadcast,all") ==
          std::vector<CollOp>{CollOp::all_reduce, CollOp::broadcast});
}

TEST_CASE("all on one rank skips the point-to-point ops with a note", "[coll]") {
    CollOptions o = options_for({"all"});
    const std::string note = skip_ops_needing_more_ranks(o, 1);
    CHECK(note == "p2p.latency and p2p.bw skipped: they need 2 ranks or more (this run has 1)");
    CHECK(o.ops == std::vector<CollOp>{CollOp::all_reduce, CollOp::all_gather,
                                       CollOp::reduce_scatter, CollOp::broadcast, CollOp::reduce,
                                       CollOp::alltoall, CollOp::sendrecv});
    CHECK_NOTHROW(validate_for_ranks(o, 1));

    CollOptions two = options_for({"all"});
    CHECK(skip_ops_needing_more_ranks(two, 2).empty());
    CHECK(two.ops.size() == 9);
}

TEST_CASE("a point-to-point op named on one rank is still refused", "[coll]") {
    CollOptions o = options_for({"all", "p2p.latency"});
    CHECK(skip_ops_needing_more_ranks(o, 1) ==
          "p2p.bw skipped: it needs 2 ranks or more (this run has 1)");
    CHECK_THROWS_WITH(validate_for_ranks(o, 1),
                      "p2p.latency and p2p.bw need 2 ranks or more (this run has 1)");

    CollOptions only = options_for({"p2p.bw"});
    CHECK(skip_ops_needing_more_ranks(only, 1).empty());
    CHECK(only.ops == std::vector<CollOp>{CollOp::p2p_bw});
    CHECK_THROWS_AS(validate_for_ranks(only, 1), Error);
}
