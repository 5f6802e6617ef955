#pragma once
// Writes and checks seeded data in host memory, element by element in the op's type. NCCL
// stages through host memory; MPI works on its host buffers directly.
#include "collectives/ops/data_type.hpp"
#include "collectives/ops/op_data.hpp"
#include "collectives/ops/test_pattern.hpp"

#include <cstddef>
#include <cstdint>

namespace linkperf::coll {

// Writes the rank's input runs into `region` (elements of `type`).
void fill_input(std::byte* region, DataType type, const TestPattern& pattern, const OpData& data);
// Writes -1 (never a test value) into `count` elements, so untouched output is counted wrong.
void fill_sentinel(std::byte* region, DataType type, std::uint64_t count);
// Elements of the result runs that differ from the expected values, compared exactly.
std::uint64_t count_wrong(const std::byte* region, DataType type, const TestPattern& pattern,
                          const OpData& data);

// Exact encodings of small integers (and -1), exposed for tests: IEEE binary16 and bfloat16
// bit patterns.
std::uint16_t float16_bits(std::int64_t value);
std::uint16_t bfloat16_bits(std::int64_t value);

} // namespace linkperf::coll
