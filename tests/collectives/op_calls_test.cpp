// The op table's MPI and NCCL columns run against recording stand-ins for the backends' call
// contexts (collectives/mpi/mpi_call.hpp, collectives/nccl/nccl_call.hpp): each op must make
// the library calls docs/collectives.md's ops table names, with nccl-tests' counts, on the
// buffers of its variant. The NCCL column runs nowhere else without a GPU.
#include "collectives/ops/op_facts.hpp"
#include "collectives/ops/op_table.hpp"

#include <catch2/catch.hpp>

#include <array>
#include <cstddef>
#include <string>
#include <vector>

using namespace linkperf::coll;

namespace {

// One library call: its name, buffers, count and the rank it names (root, peer, destination).
struct Rec {
    std::string fn;
    const void* send = nullptr;
    const void* recv = nullptr;
    std::size_t count = 0;
    int to = -1;
    int from = -1;
    bool operator==(const Rec&) const = default;
};
using Log = std::vector<Rec>;

std::ostream& operator<<(std::ostream& os, const Rec& r) {
    return os << r.fn << "(" << r.send << ", " << r.recv << ", " << r.count << ", to " << r.to
              << ", from " << r.from << ")";
}

// MPI: the functions the table calls, with fake handles (int) for datatypes and communicators.
struct FakeMpiApi {
    Log* log;
    void add(Rec r) const { log->push_back(std::move(r)); }
    int Allreduce(const void* s, void* r, int n, int, int, int) const {
        add({"Allreduce", s, r, std::size_t(n)});
        return 0;
    }
    int Allgather(const void* s, int n, int, void* r, int rn, int, int) const {
        CHECK(rn == n);
        add({"Allgather", s, r, std::size_t(n)});
        return 0;
    }
    // Equal receive counts, one per rank of 4 (MpiCall::counts).
    int Reduce_scatter(const void* s, void* r, const int* counts, int, int, int) const {
        for (int i = 1; i < 4; ++i) {
            CHECK(counts[i] == counts[0]);
        }
        add({"Reduce_scatter", s, r, std::size_t(counts[0])});
        return 0;
    }
    int Bcast(void* b, int n, int, int root, int) const {
        add({"Bcast", b, b, std::size_t(n), root});
        return 0;
    }
    int Reduce(const void* s, void* r, int n, int, int, int root, int) const {
        add({"Reduce", s, r, std::size_t(n), root});
        return 0;
    }
    int Alltoall(const void* s, int n, int, void* r, int rn, int, int) const {
        CHECK(rn == n);
        add({"Alltoall", s, r, std::size_t(n)});
        return 0;
    }
    int Sendrecv(const void* s, int n, int, int to, int, void* r, int rn, int, int from, int, int,
                 void*) const {
        CHECK(rn == n);
        add({"Sendrecv", s, r, std::size_t(n), to, from});
        return 0;
    }
    int Sendrecv_replace(void* b, int n, int, int to, int, int from, int, int, void*) const {
        add({"Sendrecv_replace", b, b, std::size_t(n), to, from});
        return 0;
    }
    int Send(const void* s, int n, int, int to, int, int) const {
        add({"Send", s, nullptr, std::size_t(n), to});
        return 0;
    }
    int Recv(void* r, int n, int, int from, int, int, void*) const {
        add({"Recv", nullptr, r, std::size_t(n), -1, from});
        return 0;
    }
    int Isend(const void* s, int n, int, int to, int, int, int*) const {
        add({"Isend", s, nullptr, std::size_t(n), to});
        return 0;
    }
    int Irecv(void* r, int n, int, int from, int, int, int*) const {
        add({"Irecv", nullptr, r, std::size_t(n), -1, from});
        return 0;
    }
    int Waitall(int n, int*, void*) const {
        add({"Waitall", nullptr, nullptr, std::size_t(n)});
        return 0;
    }
    int byte = 0;
    void* status_ignore = nullptr;
    void* statuses_ignore = nullptr;
};

struct FakeMpiCall {
    FakeMpiApi mpi;
    int comm = 0;
    int rank = 0;
    int ranks = 4;
    int type = 0;
    int reduce = 0;
    int count = 5;
    const int* counts = nullptr;
    int root = 2;
    int peer = 3;
    int window = 3;
    bool in_place = false;
    const void* send = nullptr;
    void* input = nullptr;
    void* result = nullptr;
    int tag = 17;
    int ack_tag = 18;
    int* requests = nullptr;
};

// NCCL: the entry points, one process driving the GPUs of ranks 2 and 3 of 4.
struct FakeGpu {
    int rank = 0;
    int comm = 0;
    int stream = 0;
    std::byte* input = nullptr;
    std::byte* result = nullptr;
};

struct FakeNcclApi {
    Log* log;
    void add(Rec r) const { log->push_back(std::move(r)); }
    int AllReduce(const void* s, void* r, std::size_t n, int, int, int, int) const {
        add({"AllReduce", s, r, n});
        return 0;
    }
    int AllGather(const void* s, void* r, std::size_t n, int, int, int) const {
        add({"AllGather", s, r, n});
        return 0;
    }
    int ReduceScatter(const void* s, void* r, std::size_t n, int, int, int, int) const {
        add({"ReduceScatter", s, r, n});
        return 0;
    }
    int Broadcast(const void* s, void* r, std::size_t n, int, int root, int, int) const {
        add({"Broadcast", s, r, n, root});
        return 0;
    }
    int Reduce(const void* s, void* r, std::size_t n, int, int, int root, int, int) const {
        add({"Reduce", s, r, n, root});
        return 0;
    }
    int Send(const void* s, std::size_t n, int, int to, int, int) const {
        add({"Send", s, nullptr, n, to});
        return 0;
    }
    int Recv(void* r, std::size_t n, int, int from, int, int) const {
        add({"Recv", nullptr, r, n, -1, from});
        return 0;
    }
};

struct FakeNcclCall {
    FakeNcclApi api;
    Log* log;
    std::vector<FakeGpu> gpus;
    int type = 0;
    int reduce = 0;
    std::size_t count = 6;
    std::size_t block = 2;
    std::size_t element = 4;
    int ranks = 4;
    int root = 1;
    int peer = 3;
    unsigned window = 2;

    // The error names the call just made ("ncclAllReduce").
    void check(int result, const char* what) const {
        CHECK(result == 0);
        REQUIRE_FALSE(log->empty());
        CHECK(std::string(what) == "nccl" + log->back().fn);
    }
    template <class F> void each_gpu(F f) const {
        log->push_back({"group"});
        for (const FakeGpu& g : gpus) {
            f(g);
        }
        log->push_back({"end"});
    }
    void messages(int from, int to, unsigned n) const {
        log->push_back({"messages", nullptr, nullptr, n, to, from});
    }
};

constexpr auto kMpi = op_calls<const FakeMpiCall>([](const auto& e) { return e.mpi; });
constexpr auto kNccl = op_calls<const FakeNcclCall>([](const auto& e) { return e.nccl; });

std::array<std::byte, 64> send_buf, input_buf, result_buf, in2, res2, in3, res3;

Log mpi_calls(CollOp op, int rank, bool in_place) {
    Log log;
    std::array<int, 8> requests{};
    static constexpr std::array<int, 4> counts{5, 5, 5, 5};
    FakeMpiCall c{FakeMpiApi{&log}};
    c.counts = counts.data();
    c.rank = rank;
    c.in_place = in_place;
    c.send = in_place ? static_cast<const void*>(&send_buf[1]) : send_buf.data(); // IN_PLACE
    c.input = input_buf.data();
    c.result = result_buf.data();
    c.requests = requests.data();
    kMpi.at(static_cast<std::size_t>(op))(c);
    return log;
}

// What each op must call on MPI rank `rank` of 4 (root 2, peer 3, count 5, window 3).
Log mpi_expected(const OpFacts& f, int rank, bool in_place) {
    const void* send = in_place ? static_cast<const void*>(&send_buf[1]) : send_buf.data();
    void* in = input_buf.data();
    void* res = result_buf.data();
    const std::string n = std::string(f.name);
    if (n == "all_reduce") {
        return {{"Allreduce", send, res, 5}};
    }
    if (n == "all_gather") {
        return {{"Allgather", send, res, 5}};
    }
    if (n == "reduce_scatter") {
        return {{"Reduce_scatter", send, res, 5}};
    }
    if (n == "broadcast") { // one buffer: the root's input, the others' destination
        void* b = rank == 2 ? in : res;
        return {{"Bcast", b, b, 5, 2}};
    }
    if (n == "reduce") { // MPI_IN_PLACE is the root's alone
        return {{"Reduce", rank == 2 ? send : in, res, 5, 2}};
    }
    if (n == "alltoall") {
        return {{"Alltoall", send, res, 5}};
    }
    if (n == "sendrecv") {
        const int to = (rank + 1) % 4;
        const int from = (rank + 3) % 4;
        if (in_place) {
            return {{"Sendrecv_replace", res, res, 5, to, from}};
        }
        return {{"Sendrecv", in, res, 5, to, from}};
    }
    if (n == "p2p.latency") {
        if (rank == 0) {
            return {{"Send", in, nullptr, 5, 3}, {"Recv", nullptr, res, 5, -1, 3}};
        }
        return {{"Recv", nullptr, res, 5, -1, 0}, {"Send", in, nullptr, 5, 0}};
    }
    if (n == "p2p.bw") {
        Log l;
        for (int w = 0; w < 3; ++w) {
            l.push_back(rank == 0 ? Rec{"Isend", in, nullptr, 5, 3}
                                  : Rec{"Irecv", nullptr, res, 5, -1, 0});
        }
        l.push_back({"Waitall", nullptr, nullptr, 3});
        l.push_back(rank == 0 ? Rec{"Recv", nullptr, nullptr, 0, -1, 3}
                              : Rec{"Send", nullptr, nullptr, 0, 0});
        return l;
    }
    FAIL("no expected MPI calls for " << n << ": add them to this test");
    return {};
}

Log nccl_calls(CollOp op) {
    Log log;
    FakeNcclCall c{FakeNcclApi{&log},
                   &log,
                   {{2, 0, 0, in2.data(), res2.data()}, {3, 0, 0, in3.data(), res3.data()}}};
    kNccl.at(static_cast<std::size_t>(op))(c);
    return log;
}

// What each op must call on the process driving ranks 2 and 3 of 4 (root 1, peer 3, count 6,
// block 2, 4-byte elements, window 2).
Log nccl_expected(const OpFacts& f) {
    const std::string n = std::string(f.name);
    struct G {
        int rank;
        std::byte* in;
        std::byte* res;
    };
    const std::array<G, 2> gpus{{{2, in2.data(), res2.data()}, {3, in3.data(), res3.data()}}};
    const auto group = [&](auto per_gpu) {
        Log l{{"group"}};
        for (const G& g : gpus) {
            for (const Rec& r : per_gpu(g)) {
                l.push_back(r);
            }
        }
        l.push_back({"end"});
        return l;
    };
    if (n == "all_reduce") {
        return group([](const G& g) { return Log{{"AllReduce", g.in, g.res, 6}}; });
    }
    if (n == "all_gather") {
        return group([](const G& g) { return Log{{"AllGather", g.in, g.res, 2}}; });
    }
    if (n == "reduce_scatter") {
        return group([](const G& g) { return Log{{"ReduceScatter", g.in, g.res, 2}}; });
    }
    if (n == "broadcast") {
        return group([](const G& g) { return Log{{"Broadcast", g.in, g.res, 6, 1}}; });
    }
    if (n == "reduce") {
        return group([](const G& g) { return Log{{"Reduce", g.in, g.res, 6, 1}}; });
    }
    if (n == "alltoall") { // block j to and from rank j
        return group([](const G& g) {
            Log l;
            for (int j = 0; j < 4; ++j) {
                const std::size_t at = static_cast<std::size_t>(j) * 2 * 4;
                l.push_back({"Send", g.in + at, nullptr, 2, j});
                l.push_back({"Recv", nullptr, g.res + at, 2, -1, j});
            }
            return l;
        });
    }
    if (n == "sendrecv") {
        return group([](const G& g) {
            return Log{{"Send", g.in, nullptr, 6, (g.rank + 1) % 4},
                       {"Recv", nullptr, g.res, 6, -1, (g.rank + 3) % 4}};
        });
    }
    if (n == "p2p.latency") { // ping, then pong, each its own group
        return {{"messages", nullptr, nullptr, 1, 3, 0}, {"messages", nullptr, nullptr, 1, 0, 3}};
    }
    if (n == "p2p.bw") {
        return {{"messages", nullptr, nullptr, 2, 3, 0}};
    }
    FAIL("no expected NCCL calls for " << n << ": add them to this test");
    return {};
}

} // namespace

TEST_CASE("op table: each op's MPI calls, buffers and counts", "[coll]") {
    for (const OpFacts& f : all_op_facts()) {
        for (const bool in_place : {false, true}) {
            if (in_place && !f.in_place) {
                continue;
            }
            for (const int rank : {0, 1, 2, 3}) {
                if (f.participants == Participants::pair && rank != 0 && rank != 3) {
                    continue;
                }
                INFO(f.name << (in_place ? " in-place" : " out-of-place") << " rank " << rank);
                CHECK(mpi_calls(f.op, rank, in_place) == mpi_expected(f, rank, in_place));
            }
        }
    }
}

TEST_CASE("op table: each op's NCCL calls, buffers and counts", "[coll]") {
    for (const OpFacts& f : all_op_facts()) {
        INFO(f.name);
        CHECK(nccl_calls(f.op) == nccl_expected(f));
    }
}
