#include "collectives/core/data_type.hpp"

#include "core/error.hpp"

#include <string>

namespace linkperf::coll {

std::size_t element_size(DataType type) {
    switch (type) {
    case DataType::float32:
    case DataType::int32:
        return 4;
    case DataType::float64:
        return 8;
    case DataType::bfloat16:
    case DataType::float16:
        return 2;
    }
    return 1;
}

const char* to_string(DataType type) {
    switch (type) {
    case DataType::float32:
        return "float32";
    case DataType::float64:
        return "float64";
    case DataType::int32:
        return "int32";
    case DataType::bfloat16:
        return "bfloat16";
    case DataType::float16:
        return "float16";
    }
    return "unknown";
}

const char* nccl_tests_name(DataType type) {
    switch (type) {
    case DataType::float32:
        return "float";
    case DataType::float64:
        return "double";
    case DataType::int32:
        return "int32";
    case DataType::bfloat16:
        return "bfloat16";
    case DataType::float16:
        return "half";
    }
    return "unknown";
}

DataType data_type_from_string(std::string_view name) {
    if (name == "float32" || name == "float" || name == "f32") {
        return DataType::float32;
    }
    if (name == "float64" || name == "double" || name == "f64") {
        return DataType::float64;
    }
    if (name == "int32" || name == "int") {
        return DataType::int32;
    }
    if (name == "bfloat16" || name == "bf16") {
        return DataType::bfloat16;
    }
    if (name == "float16" || name == "half" || name == "fp16") {
        return DataType::float16;
    }
    throw usage_error("unknown data type '" + std::string(name) +
                      "' (known: float32, float64, int32, bf16, fp16)");
}

bool mpi_supports(DataType type) {
    return type == DataType::float32 || type == DataType::float64 || type == DataType::int32;
}

std::uint64_t exact_integer_limit(DataType type) {
    switch (type) {
    case DataType::float32:
        return std::uint64_t{1} << 24;
    case DataType::float64:
        return std::uint64_t{1} << 53;
    case DataType::int32:
        return (std::uint64_t{1} << 31) - 1;
    case DataType::bfloat16:
        return 256;
    case DataType::float16:
        return 2048;
    }
    return 0;
}

const char* to_string(ReduceOp op) {
    return op == ReduceOp::sum ? "sum" : "max";
}

ReduceOp reduce_op_from_string(std::string_view name) {
    if (name == "sum") {
        return ReduceOp::sum;
    }
    if (name == "max") {
        return ReduceOp::max;
    }
    throw usage_error("unknown reduction '" + std::string(name) + "' (known: sum, max)");
}

} // namespace linkperf::coll
