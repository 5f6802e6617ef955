#include "collectives/ops/data_type.hpp"

#include "core/error.hpp"

#include <string>

namespace linkperf::coll {

std::size_t element_size(DataType type) {
    switch (type) {
    case DataType::float32:
    case DataType::int32:
        return 4;
    case DataType::int8:
    case DataType::uint8:
        return 1;
    case DataType::int64:
    case DataType::uint64:
        return 8;
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
    case DataType::int8:
        return "int8";
    case DataType::uint8:
        return "uint8";
    case DataType::int64:
        return "int64";
    case DataType::uint64:
        return "uint64";
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
    case DataType::int8:
        return "int8";
    case DataType::uint8:
        return "uint8";
    case DataType::int64:
        return "int64";
    case DataType::uint64:
        return "uint64";
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
    if (name == "int8" || name == "char") {
        return DataType::int8;
    }
    if (name == "uint8") {
        return DataType::uint8;
    }
    if (name == "int64") {
        return DataType::int64;
    }
    if (name == "uint64") {
        return DataType::uint64;
    }
    throw usage_error("unknown data type '" + std::string(name) +
                      "' (known: float32, float64, int32, int8, uint8, int64, uint64, bf16, fp16)");
}

bool mpi_supports(DataType type) {
    return type != DataType::bfloat16 && type != DataType::float16;
}

bool mpi_supports(ReduceOp op) {
    return op != ReduceOp::avg;
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
    case DataType::int8:
        return 127;
    case DataType::uint8:
        return 254; // 255 is the sentinel -1
    case DataType::int64:
        return (std::uint64_t{1} << 63) - 1;
    case DataType::uint64:
        return ~std::uint64_t{0} - 1;
    }
    return 0;
}

const char* to_string(ReduceOp op) {
    switch (op) {
    case ReduceOp::sum:
        return "sum";
    case ReduceOp::max:
        return "max";
    case ReduceOp::prod:
        return "prod";
    case ReduceOp::min:
        return "min";
    case ReduceOp::avg:
        return "avg";
    }
    return "unknown";
}

ReduceOp reduce_op_from_string(std::string_view name) {
    for (const ReduceOp op :
         {ReduceOp::sum, ReduceOp::max, ReduceOp::prod, ReduceOp::min, ReduceOp::avg}) {
        if (name == to_string(op)) {
            return op;
        }
    }
    throw usage_error("unknown reduction '" + std::string(name) +
                      "' (known: sum, prod, min, max, avg)");
}

} // namespace linkperf::coll
