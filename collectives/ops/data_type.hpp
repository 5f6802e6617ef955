#pragma once
// Element types and reductions. float32/float64/int32/int8/uint8/int64/uint64 work on every
// backend; bfloat16 and float16 only on NCCL (MPI has no standard datatype for them). sum, prod,
// min and max on every backend; avg only on NCCL (MPI has no average).
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace linkperf::coll {

enum class DataType { float32, float64, int32, bfloat16, float16, int8, uint8, int64, uint64 };
enum class ReduceOp { sum, max, prod, min, avg };

std::size_t element_size(DataType type);
const char* to_string(DataType type);       // "float32", "bfloat16", ...
const char* nccl_tests_name(DataType type); // the name nccl-tests prints: "float", "half", ...
// Accepts linkperf's names and nccl-tests' (-d float, double, int32, bfloat16, half, int8, uint8,
// int64, uint64).
// Throws Error(usage).
DataType data_type_from_string(std::string_view name);
// Whether MPI can reduce the type (bfloat16/float16 have no MPI datatype).
bool mpi_supports(DataType type);
// Whether MPI has the reduction (no average).
bool mpi_supports(ReduceOp op);
// Largest integer n such that every integer in [0, n] is exact in the type: the budget for
// sums of the seeded test values (the sentinel -1 of an unsigned type excluded).
std::uint64_t exact_integer_limit(DataType type);

const char* to_string(ReduceOp op);
ReduceOp reduce_op_from_string(std::string_view name); // throws Error(usage)

} // namespace linkperf::coll
