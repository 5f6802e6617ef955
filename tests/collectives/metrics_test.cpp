// nccl-tests' metric definitions for the collectives: bus factors, algbw/busbw, the size and
// count columns, and the divisibility each op needs.
#include "collectives/ops/coll_op.hpp"
#include "collectives/ops/metrics.hpp"
#include "collectives/ops/op_counts.hpp"
#include "collectives/ops/op_facts.hpp"
#include "collectives/ops/size_sweep.hpp"
#include "core/error.hpp"

#include <catch2/catch.hpp>

using namespace linkperf;
using namespace linkperf::coll;

TEST_CASE("bus factors are nccl-tests' for every op and rank count", "[coll]") {
    for (const int n : {1, 2, 3, 4, 8, 16, 1024}) {
        const double dn = n;
        CHECK(bus_factor(CollOp::all_reduce, n) == Approx(2.0 * (dn - 1) / dn));
        CHECK(bus_factor(CollOp::all_gather, n) == Approx((dn - 1) / dn));
        CHECK(bus_factor(CollOp::reduce_scatter, n) == Approx((dn - 1) / dn));
        CHECK(bus_factor(CollOp::alltoall, n) == Approx((dn - 1) / dn));
        CHECK(bus_factor(CollOp::broadcast, n) == 1.0);
        CHECK(bus_factor(CollOp::reduce, n) == 1.0);
        CHECK(bus_factor(CollOp::sendrecv, n) == 1.0);
        CHECK(bus_factor(CollOp::p2p_bw, n) == 1.0);
    }
    CHECK(bus_factor(CollOp::all_reduce, 8) == Approx(1.75));
    CHECK(bus_factor(CollOp::all_gather, 8) == Approx(0.875));
}

TEST_CASE("algbw is size over time in GB/s and busbw scales it", "[coll]") {
    // 64 MiB all_reduce over 8 ranks in 1 ms: algbw 67.108864 GB/s, busbw x 1.75.
    const Bandwidth b = bandwidth(CollOp::all_reduce, 64ULL << 20, 8, 1e-3);
    CHECK(b.algbw == Approx(67.108864));
    CHECK(b.busbw == Approx(67.108864 * 1.75));
    const Bandwidth one = bandwidth(CollOp::all_reduce, 1024, 1, 1e-6);
    CHECK(one.algbw == Approx(1.024));
    CHECK(one.busbw == 0.0); // one rank moves nothing over a bus
    CHECK(bandwidth(CollOp::broadcast, 1000, 4, 0.0).algbw == 0.0);
}

TEST_CASE("size is the larger of send and receive bytes, count is per call", "[coll]") {
    const OpCounts ag = op_counts(CollOp::all_gather, 1024, DataType::float32, 4);
    CHECK(ag.size_bytes == 1024);
    CHECK(ag.send == 64); // 1024 B / 4 ranks / 4 B
    CHECK(ag.recv == 256);
    CHECK(ag.count == 64);
    const OpCounts rs = op_counts(CollOp::reduce_scatter, 1024, DataType::float32, 4);
    CHECK(rs.send == 256);
    CHECK(rs.recv == 64);
    CHECK(rs.count == 64);
    const OpCounts a2a = op_counts(CollOp::alltoall, 4096, DataType::float64, 8);
    CHECK(a2a.send == 512);
    CHECK(a2a.recv == 512);
    CHECK(a2a.block == 64);
    const OpCounts ar = op_counts(CollOp::all_reduce, 8, DataType::float32, 3);
    CHECK(ar.count == 2);
    CHECK(ar.send == 2);
    const OpCounts h = op_counts(CollOp::broadcast, 6, DataType::float16, 5);
    CHECK(h.count == 3);
}

TEST_CASE("sizes an op cannot split are refused with the multiple it needs", "[coll]") {
    CHECK_THROWS_WITH(op_counts(CollOp::all_gather, 8, DataType::float32, 4),
                      Catch::Contains("multiple of 16 B") && Catch::Contains("try -b 16"));
    CHECK_THROWS_AS(op_counts(CollOp::all_reduce, 6, DataType::float32, 2), Error);
    CHECK_THROWS_AS(op_counts(CollOp::all_reduce, 0, DataType::float32, 2), Error);
    CHECK_THROWS_AS(op_counts(CollOp::alltoall, 24, DataType::float32, 4), Error);
    CHECK_NOTHROW(op_counts(CollOp::alltoall, 32, DataType::float32, 4));
    CHECK(size_multiple(CollOp::reduce_scatter, DataType::float64, 3) == 24);
    CHECK(size_multiple(CollOp::sendrecv, DataType::float64, 3) == 8);
    try {
        op_counts(CollOp::all_gather, 8, DataType::float32, 4);
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::usage);
    }
}

TEST_CASE("ops parse by name, list and 'all'", "[coll]") {
    CHECK(parse_op_list("all").size() == all_op_facts().size());
    const auto two = parse_op_list("broadcast,all_reduce,broadcast");
    REQUIRE(two.size() == 2);
    CHECK(two[0] == CollOp::broadcast);
    CHECK(two[1] == CollOp::all_reduce);
    CHECK(coll_op_from_string("p2p.latency") == CollOp::p2p_latency);
    CHECK(coll_op_from_string("allreduce") == CollOp::all_reduce);
    CHECK_THROWS_AS(coll_op_from_string("allgatherv"), Error);
    CHECK(path_id(CollOp::reduce_scatter) == "coll.reduce_scatter");
    CHECK(std::string(to_string(CollOp::p2p_bw)) == "p2p.bw");
}

TEST_CASE("sizes from -b/-e/-f and -i sweep like nccl-tests", "[coll]") {
    SizeSweep s;
    s.min_bytes = 8;
    s.max_bytes = 128;
    s.factor = 2;
    CHECK(sweep_sizes(s) == std::vector<std::uint64_t>{8, 16, 32, 64, 128});
    s.max_bytes = 100;
    CHECK(sweep_sizes(s).back() == 64);
    s.factor = 1;
    s.step_bytes = 40;
    CHECK(sweep_sizes(s) == std::vector<std::uint64_t>{8, 48, 88});
    s.step_bytes = 0;
    CHECK_THROWS_AS(sweep_sizes(s), Error);
    s.min_bytes = 200;
    s.factor = 2;
    CHECK_THROWS_AS(sweep_sizes(s), Error);
    CHECK(resolve_sizes("1K,4K", SizeSweep{}) == std::vector<std::uint64_t>{1024, 4096});
    SizeSweep fine;
    fine.min_bytes = 1;
    fine.max_bytes = 1ULL << 30;
    fine.factor = 1;
    fine.step_bytes = 1;
    CHECK_THROWS_WITH(sweep_sizes(fine), Catch::Contains("more than"));
}
