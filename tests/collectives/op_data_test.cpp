// The seeded test data: exact closed-form reductions, every op's expected result checked
// against a reference collective computed here from all ranks' inputs, and wrong elements
// counted exactly.
#include "collectives/ops/host_data.hpp"
#include "collectives/ops/op_counts.hpp"
#include "collectives/ops/op_data.hpp"
#include "collectives/ops/test_pattern.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <vector>

using namespace linkperf::coll;

namespace {

using Buffer = std::vector<std::byte>;

Buffer inputs_of(CollOp op, const OpCounts& c, const RankRole& role, const TestPattern& p,
                 DataType t) {
    Buffer b(c.send * element_size(t));
    fill_input(b.data(), t, p, op_data(op, c, role));
    return b;
}

template <class T> T at(const Buffer& b, std::uint64_t i) {
    T v;
    std::memcpy(&v, b.data() + i * sizeof(T), sizeof(T));
    return v;
}

template <class T> void put(Buffer& b, std::uint64_t i, T v) {
    std::memcpy(b.data() + i * sizeof(T), &v, sizeof(T));
}

// What a correct collective leaves on `rank`, computed from every rank's input (float32).
Buffer reference_result(CollOp op, const OpCounts& c, int ranks, int rank, int root, int peer,
                        ReduceOp red, const std::vector<Buffer>& in) {
    Buffer out(std::max(c.recv, c.send) * 4);
    const auto reduce_at = [&](std::uint64_t i) {
        float acc = at<float>(in[0], i);
        for (int r = 1; r < ranks; ++r) {
            const float v = at<float>(in[static_cast<std::size_t>(r)], i);
            acc = red == ReduceOp::sum ? acc + v : std::max(acc, v);
        }
        return acc;
    };
    const std::uint64_t b = c.block;
    switch (op) {
    case CollOp::all_reduce:
    case CollOp::reduce:
        for (std::uint64_t i = 0; i < c.recv; ++i) {
            put(out, i, reduce_at(i));
        }
        break;
    case CollOp::reduce_scatter:
        for (std::uint64_t i = 0; i < b; ++i) {
            put(out, i, reduce_at(static_cast<std::uint64_t>(rank) * b + i));
        }
        break;
    case CollOp::all_gather:
        for (int j = 0; j < ranks; ++j) {
            for (std::uint64_t k = 0; k < b; ++k) {
                put(out, static_cast<std::uint64_t>(j) * b + k,
                    at<float>(in[static_cast<std::size_t>(j)], k));
            }
        }
        break;
    case CollOp::alltoall:
        for (int j = 0; j < ranks; ++j) {
            for (std::uint64_t k = 0; k < b; ++k) {
                put(out, static_cast<std::uint64_t>(j) * b + k,
                    at<float>(in[static_cast<std::size_t>(j)],
                              static_cast<std::uint64_t>(rank) * b + k));
            }
        }
        break;
    case CollOp::broadcast:
        out = in[static_cast<std::size_t>(root)];
        break;
    case CollOp::sendrecv:
        out = in[static_cast<std::size_t>((rank + ranks - 1) % ranks)];
        break;
    case CollOp::p2p_latency:
    case CollOp::p2p_bw:
        out = in[static_cast<std::size_t>(rank == 0 ? peer : 0)];
        break;
    case CollOp::op_count:
        FAIL("op_count is not an op");
    }
    return out;
}

} // namespace

TEST_CASE("closed-form sum and max equal the brute-force reduction", "[coll]") {
    for (const int n : {1, 2, 3, 5, 16, 17, 40}) {
        for (const ReduceOp red : {ReduceOp::sum, ReduceOp::max}) {
            const TestPattern p(42, n, DataType::float32, red);
            for (std::uint64_t i = 0; i < 500; ++i) {
                std::uint64_t want = 0;
                for (int r = 0; r < n; ++r) {
                    want =
                        red == ReduceOp::sum ? want + p.value(r, i) : std::max(want, p.value(r, i));
                }
                REQUIRE(p.reduced(i) == want);
            }
        }
    }
}

TEST_CASE("the value range keeps every sum exact in the type", "[coll]") {
    CHECK(TestPattern(1, 8, DataType::float32, ReduceOp::sum).range() == 16);
    // bfloat16 holds integers up to 256 exactly: 64 ranks x (m-1) must stay below.
    const TestPattern bf(1, 64, DataType::bfloat16, ReduceOp::sum);
    CHECK((bf.range() - 1) * 64 <= 256);
    CHECK(bf.range() >= 2);
    const TestPattern h(1, 200, DataType::float16, ReduceOp::sum);
    CHECK((h.range() - 1) * 200 <= 2048);
    CHECK(TestPattern(1, 1000, DataType::bfloat16, ReduceOp::max).range() == 16);
}

TEST_CASE("ranks hold different data and seeds change it", "[coll]") {
    const TestPattern a(1, 4, DataType::float32, ReduceOp::sum);
    const TestPattern b(2, 4, DataType::float32, ReduceOp::sum);
    int same_rank = 0;
    int same_seed = 0;
    for (std::uint64_t i = 0; i < 1000; ++i) {
        same_rank += a.value(0, i) == a.value(1, i) ? 1 : 0;
        same_seed += a.value(0, i) == b.value(0, i) ? 1 : 0;
    }
    CHECK(same_rank == 0);
    CHECK(same_seed < 200); // 1/16 expected by chance
    CHECK(case_seed(1, 0, 64, false, 4) != case_seed(1, 0, 64, true, 4));
    CHECK(case_seed(1, 0, 64, false, 4) != case_seed(1, 1, 64, false, 4));
}

TEST_CASE("every op's expected result matches a reference collective", "[coll]") {
    const std::vector<CollOp> ops{CollOp::all_reduce, CollOp::all_gather,  CollOp::reduce_scatter,
                                  CollOp::broadcast,  CollOp::reduce,      CollOp::alltoall,
                                  CollOp::sendrecv,   CollOp::p2p_latency, CollOp::p2p_bw};
    for (const int n : {2, 3, 4}) {
        for (const CollOp op : ops) {
            for (const ReduceOp red : {ReduceOp::sum, ReduceOp::max}) {
                const int root = n - 1;
                const int peer = n - 1;
                const OpCounts c =
                    op_counts(op, 48ULL * static_cast<std::uint64_t>(n), DataType::float32, n);
                const TestPattern p(7, n, DataType::float32, red);
                std::vector<Buffer> in;
                for (int r = 0; r < n; ++r) {
                    in.push_back(inputs_of(op, c, {r, n, root, peer}, p, DataType::float32));
                }
                for (int r = 0; r < n; ++r) {
                    const OpData d = op_data(op, c, {r, n, root, peer});
                    if (!d.has_result()) {
                        continue;
                    }
                    Buffer out = reference_result(op, c, n, r, root, peer, red, in);
                    INFO(to_string(op) << " ranks " << n << " rank " << r);
                    CHECK(count_wrong(out.data(), DataType::float32, p, d) == 0);
                    // One corrupted element is one wrong element; untouched output (the
                    // sentinel) is wrong everywhere.
                    put(out, d.result.front().offset, at<float>(out, d.result.front().offset) + 1);
                    CHECK(count_wrong(out.data(), DataType::float32, p, d) == 1);
                    fill_sentinel(out.data(), DataType::float32, c.recv);
                    CHECK(count_wrong(out.data(), DataType::float32, p, d) == d.result_elements());
                }
            }
        }
    }
}

TEST_CASE("reduce and point-to-point results exist on the right ranks only", "[coll]") {
    const OpCounts c = op_counts(CollOp::reduce, 64, DataType::float32, 4);
    CHECK(op_data(CollOp::reduce, c, {2, 4, 2, 3}).has_result());
    CHECK_FALSE(op_data(CollOp::reduce, c, {1, 4, 2, 3}).has_result());
    CHECK_FALSE(op_data(CollOp::broadcast, c, {1, 4, 2, 3}).has_input());
    CHECK(op_data(CollOp::p2p_bw, c, {0, 4, 0, 3}).has_input());
    CHECK_FALSE(op_data(CollOp::p2p_bw, c, {0, 4, 0, 3}).has_result());
    CHECK(op_data(CollOp::p2p_bw, c, {3, 4, 0, 3}).has_result());
    CHECK_FALSE(op_data(CollOp::p2p_latency, c, {1, 4, 0, 3}).has_input());
}

TEST_CASE("half-precision encodings of small integers are exact", "[coll]") {
    CHECK(float16_bits(0) == 0x0000);
    CHECK(float16_bits(1) == 0x3C00);
    CHECK(float16_bits(2) == 0x4000);
    CHECK(float16_bits(3) == 0x4200);
    CHECK(float16_bits(15) == 0x4B80);
    CHECK(float16_bits(1024) == 0x6400);
    CHECK(float16_bits(2048) == 0x6800);
    CHECK(float16_bits(-1) == 0xBC00);
    CHECK(bfloat16_bits(1) == 0x3F80);
    CHECK(bfloat16_bits(3) == 0x4040);
    CHECK(bfloat16_bits(256) == 0x4380);
    CHECK(bfloat16_bits(-1) == 0xBF80);
}

TEST_CASE("every type round-trips its values through fill and check", "[coll]") {
    for (const DataType t :
         {DataType::float32, DataType::float64, DataType::int32, DataType::bfloat16,
          DataType::float16, DataType::int8, DataType::uint8, DataType::int64, DataType::uint64}) {
        const OpCounts c = op_counts(CollOp::sendrecv, 64 * element_size(t), t, 2);
        const TestPattern p(3, 2, t, ReduceOp::sum);
        // sendrecv on 2 ranks: rank 1 receives rank 0's input unchanged.
        Buffer sent(c.send * element_size(t));
        fill_input(sent.data(), t, p, op_data(CollOp::sendrecv, c, {0, 2, 0, 1}));
        const OpData d = op_data(CollOp::sendrecv, c, {1, 2, 0, 1});
        INFO(to_string(t));
        CHECK(count_wrong(sent.data(), t, p, d) == 0);
        sent[0] ^= std::byte{0x01};
        CHECK(count_wrong(sent.data(), t, p, d) == 1);
    }
}

TEST_CASE("closed-form prod and min equal the brute-force reduction, exact in the type", "[coll]") {
    for (const DataType t : {DataType::float32, DataType::int8, DataType::uint8, DataType::int64}) {
        for (const int n : {1, 2, 3, 5, 16, 17, 40}) {
            for (const ReduceOp red : {ReduceOp::prod, ReduceOp::min}) {
                const TestPattern p(7, n, t, red);
                for (std::uint64_t i = 0; i < 300; ++i) {
                    std::uint64_t want = red == ReduceOp::prod ? 1 : ~std::uint64_t{0};
                    for (int r = 0; r < n; ++r) {
                        want = red == ReduceOp::prod ? want * p.value(r, i)
                                                     : std::min(want, p.value(r, i));
                    }
                    INFO(to_string(t) << " " << n << " ranks " << to_string(red));
                    REQUIRE(p.reduced(i) == want);
                    REQUIRE(want <= exact_integer_limit(t));
                }
            }
        }
    }
    // int8 holds 127: a product over 2 ranks keeps values below 12 (m = 8: 7 x 7 = 49).
    CHECK(TestPattern(1, 2, DataType::int8, ReduceOp::prod).range() == 8);
    CHECK(TestPattern(1, 2, DataType::float32, ReduceOp::prod).range() == 16);
}
