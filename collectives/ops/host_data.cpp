#include "collectives/ops/host_data.hpp"

#include <bit>
#include <cstring>

namespace linkperf::coll {
namespace {

// Element storage and the exact encoding of an integer value for each type.
struct Float32 {
    using T = float;
    static T encode(std::int64_t v) { return static_cast<float>(v); }
};
struct Float64 {
    using T = double;
    static T encode(std::int64_t v) { return static_cast<double>(v); }
};
struct Int32 {
    using T = std::int32_t;
    static T encode(std::int64_t v) { return static_cast<std::int32_t>(v); }
};
template <class I> struct Integer {
    using T = I;
    static T encode(std::int64_t v) { return static_cast<T>(v); } // -1: all ones when unsigned
};
struct BFloat16 {
    using T = std::uint16_t;
    static T encode(std::int64_t v) { return bfloat16_bits(v); }
};
struct Float16 {
    using T = std::uint16_t;
    static T encode(std::int64_t v) { return float16_bits(v); }
};

template <class F> decltype(auto) with_type(DataType type, F&& f) {
    switch (type) {
    case DataType::float32:
        return f(Float32{});
    case DataType::float64:
        return f(Float64{});
    case DataType::int32:
        return f(Int32{});
    case DataType::bfloat16:
        return f(BFloat16{});
    case DataType::float16:
        return f(Float16{});
    case DataType::int8:
        return f(Integer<std::int8_t>{});
    case DataType::uint8:
        return f(Integer<std::uint8_t>{});
    case DataType::int64:
        return f(Integer<std::int64_t>{});
    case DataType::uint64:
        return f(Integer<std::uint64_t>{});
    }
    return f(Float32{});
}

std::uint64_t expected(const TestPattern& p, const Segment& s, std::uint64_t k) {
    const std::uint64_t index = s.index_base + k;
    return s.rank == kReducedOverRanks ? p.reduced(index) : p.value(s.rank, index);
}

// Elements are read and written through memcpy: buffers are byte arrays of any alignment.
template <class T> void store(std::byte* region, std::uint64_t i, T v) {
    std::memcpy(region + i * sizeof(T), &v, sizeof(T));
}

template <class T> T load(const std::byte* region, std::uint64_t i) {
    T v;
    std::memcpy(&v, region + i * sizeof(T), sizeof(T));
    return v;
}

} // namespace

std::uint16_t bfloat16_bits(std::int64_t value) {
    // bfloat16 is the top half of a float32; small integers have no low mantissa bits.
    return static_cast<std::uint16_t>(std::bit_cast<std::uint32_t>(static_cast<float>(value)) >>
                                      16);
}

std::uint16_t float16_bits(std::int64_t value) {
    const std::uint64_t sign = value < 0 ? 0x8000 : 0;
    std::uint64_t mag = static_cast<std::uint64_t>(value < 0 ? -value : value);
    if (mag == 0) {
        return static_cast<std::uint16_t>(sign);
    }
    // Exact for magnitudes up to 2048 (11 significant bits): exponent e, 10 stored bits.
    unsigned e = 0;
    while ((mag >> (e + 1)) != 0) {
        ++e;
    }
    const std::uint64_t mantissa = ((mag << 10) >> e) & 0x3ff;
    return static_cast<std::uint16_t>(sign | ((e + 15) << 10) | mantissa);
}

void fill_input(std::byte* region, DataType type, const TestPattern& pattern, const OpData& data) {
    with_type(type, [&](auto enc) {
        using E = decltype(enc);
        for (const Segment& s : data.input) {
            for (std::uint64_t k = 0; k < s.count; ++k) {
                store(region, s.offset + k,
                      E::encode(static_cast<std::int64_t>(expected(pattern, s, k))));
            }
        }
    });
}

void fill_sentinel(std::byte* region, DataType type, std::uint64_t count) {
    with_type(type, [&](auto enc) {
        using E = decltype(enc);
        const typename E::T v = E::encode(-1);
        for (std::uint64_t i = 0; i < count; ++i) {
            store(region, i, v);
        }
    });
}

std::uint64_t count_wrong(const std::byte* region, DataType type, const TestPattern& pattern,
                          const OpData& data) {
    return with_type(type, [&](auto enc) {
        using E = decltype(enc);
        using T = typename E::T;
        std::uint64_t wrong = 0;
        for (const Segment& s : data.result) {
            for (std::uint64_t k = 0; k < s.count; ++k) {
                const T want = E::encode(static_cast<std::int64_t>(expected(pattern, s, k)));
                const T got = load<T>(region, s.offset + k);
                // Bit equality: every expected value is an exact integer with one encoding.
                if (std::memcmp(&want, &got, sizeof(T)) != 0) {
                    ++wrong;
                }
            }
        }
        return wrong;
    });
}

} // namespace linkperf::coll
