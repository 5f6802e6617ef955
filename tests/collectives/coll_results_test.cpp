// The terminal table in nccl-tests' columns, the scaling report, the results entries and the
// command line.
#include "collectives/ops/coll_options.hpp"
#include "collectives/ops/coll_results.hpp"
#include "collectives/ops/nccl_table.hpp"
#include "collectives/ops/op_counts.hpp"
#include "collectives/ops/rank_cpus.hpp"
#include "collectives/ops/scaling.hpp"
#include "core/error.hpp"
#include "platform/topology.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace linkperf;
using namespace linkperf::coll;

namespace {

std::vector<std::string> words(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> w;
    std::string s;
    while (in >> s) {
        w.push_back(s);
    }
    return w;
}

CollOptions parse(std::vector<std::string> args) {
    CLI::App app;
    CollFlags flags;
    add_coll_flags(app, flags);
    std::reverse(args.begin(), args.end()); // CLI11 takes a reversed vector
    app.parse(args);
    return to_options(flags);
}

} // namespace

TEST_CASE("time column follows nccl-tests' precision rule", "[coll]") {
    CHECK(time_text(12.345) == "12.35");
    CHECK(time_text(123.45) == "123.5");
    CHECK(time_text(12345.6) == "12346");
}

TEST_CASE("a row has nccl-tests' columns in order", "[coll]") {
    TableRow row;
    row.op = CollOp::all_reduce;
    row.counts = op_counts(CollOp::all_reduce, 1024, DataType::float32, 4);
    row.out_of_place = {true, 10e-6, bandwidth(CollOp::all_reduce, 1024, 4, 10e-6), 0};
    row.in_place = {true, 20e-6, bandwidth(CollOp::all_reduce, 1024, 4, 20e-6), 3};
    const auto w = words(table_row(row));
    REQUIRE(w.size() == 13);
    CHECK(w[0] == "1024");
    CHECK(w[1] == "256");
    CHECK(w[2] == "float");
    CHECK(w[3] == "sum");
    CHECK(w[4] == "-1");
    CHECK(w[5] == "10.00");
    CHECK(w[6] == "0.10"); // 1024 B / 10 us = 0.1024 GB/s
    CHECK(w[7] == "0.15"); // x 2*3/4
    CHECK(w[8] == "0");
    CHECK(w[12] == "3");
    const auto header = table_header();
    CHECK(header.find("#wrong") != std::string::npos);
    CHECK(header.find("out-of-place") != std::string::npos);
    // Header and row share the column layout: "busbw" ends where the busbw number ends.
    const std::string second = header.substr(header.find('\n') + 1);
    const std::string r = table_row(row);
    CHECK(second.find("busbw") + 5 == r.find("0.15") + 4);
    CHECK(table_footer(0, true, 1.5).find("0 OK") != std::string::npos);
    CHECK(table_footer(2, true, 1.5).find("FAILED") != std::string::npos);
}

TEST_CASE("scaling runs 2, 4, ... N ranks with efficiency vs the smallest", "[coll]") {
    CHECK(scaling_rank_counts(2) == std::vector<int>{2});
    CHECK(scaling_rank_counts(8) == std::vector<int>{2, 4, 8});
    CHECK(scaling_rank_counts(6) == std::vector<int>{2, 4, 6});
    ScalingReport s;
    s.add(CollOp::all_reduce, false, 1024, 2, 10.0);
    s.add(CollOp::all_reduce, false, 1024, 4, 8.0);
    CHECK(s.efficiency(CollOp::all_reduce, false, 1024, 4).value() == Approx(0.8));
    CHECK(s.efficiency(CollOp::all_reduce, false, 1024, 2).value() == Approx(1.0));
    CHECK_FALSE(s.efficiency(CollOp::all_reduce, true, 1024, 4).has_value());
    CHECK(s.base_ranks() == 2);
    CHECK(s.text().find("0.80") != std::string::npos);
}

TEST_CASE("a results entry carries nccl-tests' metrics and the collective fields", "[coll]") {
    CaseResult r;
    r.op = CollOp::all_gather;
    r.counts = op_counts(CollOp::all_gather, 4096, DataType::float32, 4);
    r.in_place = true;
    r.iters = 20;
    r.batch_seconds = {2e-6, 1e-6, 3e-6};
    r.times = {0.9e-6, 0.95e-6, 1e-6, 0.9e-6, 1e-6};
    r.wrong = 0;
    JobFacts job;
    job.ranks = 4;
    job.hostnames = {"a", "a", "b", "b"};
    job.nodes = 2;
    job.ranks_per_node = 2;
    CHECK(median_batch(r.batch_seconds) == 0);
    const nlohmann::json e = results_entry(r, job, 5);
    CHECK(e["name"] == "coll.all_gather/rank0/rank3/4K/threads:1/float32/in-place/mpi");
    CHECK(e["real_time"].get<double>() == Approx(1000.0));
    const auto& l = e["linkperf"];
    CHECK(l["path"] == "coll.all_gather");
    CHECK(l["metric"] == "bandwidth");
    CHECK(l["extra"]["algbw"].get<double>() == Approx(4.096));
    CHECK(l["extra"]["busbw"].get<double>() == Approx(4.096 * 0.75));
    CHECK(e["bytes_per_second"].get<double>() == Approx(4.096e9 * 0.75));
    CHECK(l["extra"]["ranks"] == 4);
    CHECK(l["extra"]["nodes"] == 2);
    CHECK(l["extra"]["in_place"] == true);
    CHECK(l["extra"]["wrong"] == 0);
    CHECK(l["extra"]["mpi_call"] == "MPI_Allgather"); // the call timed, from the op table
    CHECK(l["extra"]["rank_time"] == "max");
    CHECK(l["extra"]["time_us_max"].get<double>() == Approx(1.0));
    CHECK(l["samples"].size() == 3);
    CHECK(l["data_verified"] == true);
    r.op = CollOp::p2p_latency;
    r.counts = op_counts(CollOp::p2p_latency, 8, DataType::float32, 4);
    r.peer = 3;
    const nlohmann::json lat = results_entry(r, job, 6);
    CHECK(lat["linkperf"]["metric"] == "latency");
    CHECK(lat["linkperf"]["unit"] == "ns");
    CHECK(lat["linkperf"]["samples"][1].get<double>() == Approx(1000.0));
}

TEST_CASE("one rank: a bus-bandwidth op is skipped with its reason, not an ok 0", "[coll]") {
    CaseResult r;
    r.op = CollOp::all_reduce;
    r.counts = op_counts(CollOp::all_reduce, 4096, DataType::float32, 1);
    r.iters = 20;
    r.batch_seconds = {1e-6, 1e-6, 1e-6};
    r.times = {1e-6, 1e-6, 1e-6, 1e-6, 1e-6};
    r.wrong = 0;
    JobFacts job;
    job.ranks = 1;
    job.hostnames = {"a"};
    job.nodes = 1;
    job.ranks_per_node = 1;
    // An ok case with median 0 is refused by the results loader (report, compare, fleet).
    const nlohmann::json e = results_entry(r, job, 0);
    CHECK(e["linkperf"]["status"] == "skipped");
    CHECK_THAT(e["linkperf"]["error"].get<std::string>(),
               Catch::Contains("bus bandwidth is 0 by definition"));
    CHECK(e["linkperf"]["extra"]["algbw"].get<double>() > 0);
    // broadcast's bus factor is 1 on any number of ranks: a real figure.
    r.op = CollOp::broadcast;
    r.counts = op_counts(CollOp::broadcast, 4096, DataType::float32, 1);
    const nlohmann::json b = results_entry(r, job, 1);
    CHECK(b["linkperf"]["status"] == "ok");
    CHECK(b["linkperf"]["stats"]["median"].get<double>() > 0);
}

TEST_CASE("the command line takes nccl-tests' flags", "[coll]") {
    const CollOptions o = parse({"all_gather,broadcast",
                                 "-b",
                                 "8",
                                 "-e",
                                 "1K",
                                 "-f",
                                 "4",
                                 "-w",
                                 "3",
                                 "-n",
                                 "7",
                                 "-d",
                                 "double",
                                 "-o",
                                 "max",
                                 "-r",
                                 "1",
                                 "-c",
                                 "0",
                                 "-T",
                                 "5"});
    CHECK(o.ops == std::vector<CollOp>{CollOp::all_gather, CollOp::broadcast});
    CHECK(o.sizes == std::vector<std::uint64_t>{8, 32, 128, 512});
    CHECK(o.warmup_iters == 3);
    CHECK(o.iters == 7);
    CHECK(o.type == DataType::float64);
    CHECK(o.reduce == ReduceOp::max);
    CHECK(o.root == 1);
    CHECK_FALSE(o.check);
    CHECK(o.timeout_s == 5.0);
    CHECK(parse({"--sizes", "1K,2K"}).sizes == std::vector<std::uint64_t>{1024, 2048});
    CHECK_THROWS_AS(parse({"-d", "bf16"}), Error); // MPI has no bfloat16
    CHECK(parse({"--backend", "nccl", "-d", "bf16"}).type == DataType::bfloat16);
    CHECK_THROWS_AS(parse({"-n", "0"}), Error);
    CHECK_THROWS_AS(parse({"-T", "0"}), Error);
    CHECK_THROWS_AS(parse({"-g", "2"}), Error);
    // Enough batches by default for the gate to test every case.
    CHECK(parse({}).batches == 5);
    CHECK(parse({}).max_batches == 50);
    CHECK(parse({"--batches", "80"}).max_batches == 80);
    // Empty values and negative unsigned values are refused, never 0 or 2^64 - 2.
    for (const char* opt : {"--sizes", "-c", "-w", "-r", "--seed", "--out", "-f"}) {
        CHECK_THROWS_AS(parse({opt, ""}), CLI::ValidationError);
    }
    CHECK_THROWS_AS(parse({"-f", "-2"}), CLI::ValidationError);
    CHECK_THROWS_AS(parse({"--window", "-1"}), CLI::ValidationError);
    CHECK_THROWS_AS(parse({"-f", "0"}), Error);
    CHECK_THROWS_AS(parse({"-f", "2000000"}), Error);
    CHECK_THROWS_AS(parse({"--budget", "nan"}), Error);
    CHECK_THROWS_AS(parse({"frobnicate"}), Error);
}

TEST_CASE("nccl-tests' other flags run, or are refused with their reason", "[coll]") {
    using Catch::Matchers::Contains;
    // -a picks the time over ranks; linkperf's default is the slowest rank.
    CHECK(parse({}).average == RankTime::max);
    CHECK(parse({"-a", "0"}).average == RankTime::rank0);
    CHECK(parse({"--average", "1"}).average == RankTime::mean);
    CHECK(parse({"-a", "2"}).average == RankTime::min);
    CHECK_THROWS_WITH(parse({"-a", "4"}), Contains("takes 0 (rank 0)"));
    // MPI's calls block: -z 1 is what runs, -z 0 is refused; NCCL runs both.
    CHECK(parse({"-z", "1"}).blocking);
    CHECK_THROWS_WITH(parse({"--blocking", "0"}), Contains("nonblocking collectives"));
    CHECK(parse({"--backend", "nccl", "-z", "1"}).blocking);
    CHECK_FALSE(parse({"--backend", "nccl", "-z", "0"}).blocking);
    // -C 1 is the same figure for MPI's blocking calls; NCCL refuses it.
    CHECK_NOTHROW(parse({"-C", "1"}));
    CHECK_THROWS_WITH(parse({"--backend", "nccl", "--report_cputime", "1"}),
                      Contains("launch time"));
    // The value that runs is accepted; any other says why it is refused.
    for (const char* flag : {"-m", "-t", "-N"}) {
        CHECK_NOTHROW(parse({flag, "1"}));
    }
    for (const char* flag : {"-G", "-p", "-R"}) {
        CHECK_NOTHROW(parse({flag, "0"}));
    }
    CHECK_THROWS_WITH(parse({"-m", "4"}), Contains("MPI has no group"));
    CHECK_THROWS_WITH(parse({"--backend", "nccl", "--agg_iters", "4"}),
                      Contains("not implemented"));
    CHECK_THROWS_WITH(parse({"--nthreads", "2"}), Contains("one thread per process"));
    CHECK_THROWS_WITH(parse({"-G", "10"}), Contains("CUDA graphs capture GPU work"));
    CHECK_THROWS_WITH(parse({"--backend", "nccl", "--cudagraph", "1"}),
                      Contains("CUDA graph is not implemented"));
    CHECK_THROWS_WITH(parse({"-N", "0"}), Contains("never endlessly"));
    CHECK_THROWS_WITH(parse({"--run_cycles", "3"}), Contains("runs the sweep once"));
    CHECK_THROWS_WITH(parse({"--parallel_init", "1"}), Contains("MPI has no communicators"));
    CHECK_THROWS_WITH(parse({"-R", "2"}), Contains("buffer registration is NCCL's"));
    CHECK_THROWS_WITH(parse({"--backend", "nccl", "--local_register", "1"}),
                      Contains("not implemented"));
    // MPI has prod and min, and the integer types; not average.
    CHECK(parse({"-o", "prod"}).reduce == ReduceOp::prod);
    CHECK(parse({"-o", "min"}).reduce == ReduceOp::min);
    for (const char* t : {"int8", "uint8", "int64", "uint64"}) {
        CHECK(to_string(parse({"-d", t}).type) == std::string(t));
    }
    CHECK_THROWS_WITH(parse({"-o", "avg"}), Contains("MPI has no such reduction"));
    CHECK_THROWS_WITH(parse({"--backend", "nccl", "-o", "avg"}), Contains("-c 0"));
    CHECK(parse({"--backend", "nccl", "-o", "avg", "-c", "0"}).reduce == ReduceOp::avg);
}

TEST_CASE("rank counts are checked against the ops", "[coll]") {
    CollOptions o;
    o.sizes = {64};
    o.ops = {CollOp::p2p_latency};
    CHECK_THROWS_WITH(validate_for_ranks(o, 1), Catch::Contains("2 ranks"));
    CHECK_NOTHROW(validate_for_ranks(o, 2));
    o.peer = 5;
    CHECK_THROWS_AS(validate_for_ranks(o, 4), Error);
    o.ops = {CollOp::broadcast};
    o.root = 4;
    CHECK_THROWS_AS(validate_for_ranks(o, 4), Error);
    o.root = 0;
    // Sizes an op cannot split are rounded as nccl-tests does, never refused.
    o.ops = {CollOp::all_gather};
    o.sizes = {8};
    CHECK_NOTHROW(validate_for_ranks(o, 4));
    CHECK(rounded_size(CollOp::all_gather, 8, DataType::float32, 4) == 16);   // up: not 0
    CHECK(rounded_size(CollOp::all_gather, 40, DataType::float32, 4) == 32);  // down
    CHECK(rounded_size(CollOp::alltoall, 1000, DataType::float64, 3) == 984); // 3 x 8 B
    CHECK(rounded_size(CollOp::all_reduce, 6, DataType::float32, 4) == 4);
    CHECK(rounded_size(CollOp::all_reduce, 2, DataType::float32, 4) == 4);
    CHECK(rounded_size(CollOp::broadcast, 1024, DataType::float32, 7) == 1024);
    o.ops = {CollOp::all_reduce};
    o.sizes = {16ULL << 30}; // 2^32 floats: above MPI's int counts
    CHECK_THROWS_WITH(validate_for_ranks(o, 2), Catch::Contains("INT_MAX"));
}

TEST_CASE("ranks share a node's cores, or keep the launcher's binding", "[coll]") {
    const Topology topo = Topology::load(std::string(LINKPERF_TEST_DATA) +
                                         "/topologies/32em64t-2n8c2t-pci-normalio.xml");
    const std::size_t cores = topo.cores.size();
    REQUIRE(cores >= 4);
    std::vector<unsigned> seen;
    for (int r = 0; r < 4; ++r) {
        const RankCpus c = rank_cpus(topo, r, 4, topo.pus);
        CHECK_FALSE(c.from_launcher);
        CHECK(c.pus.size() == topo.pus.size() / 4);
        for (const unsigned pu : c.pus) {
            CHECK(std::find(seen.begin(), seen.end(), pu) == seen.end()); // no overlap
            seen.push_back(pu);
        }
    }
    CHECK(seen.size() == topo.pus.size());
    // More ranks than cores: one core each, round robin.
    const RankCpus over =
        rank_cpus(topo, static_cast<int>(cores), static_cast<int>(cores) + 1, topo.pus);
    CHECK(over.pus == topo.cores[0].pus);
    const RankCpus kept = rank_cpus(topo, 0, 4, {topo.pus[1]});
    CHECK(kept.from_launcher);
    CHECK(kept.pus == std::vector<unsigned>{topo.pus[1]});
    // Rank 0's share is on the first NUMA node, the last rank's on the last.
    const int first = nearest_numa_node(topo, rank_cpus(topo, 0, 2, topo.pus).pus);
    const int last = nearest_numa_node(topo, rank_cpus(topo, 1, 2, topo.pus).pus);
    CHECK(first != last);
}
