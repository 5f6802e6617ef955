// The device-free parts of the GPU inventory (gpu/gpu_inventory.hpp): how a UUID is written.
#include "gpu/gpu_inventory.hpp"

#include <catch2/catch.hpp>

using namespace linkperf::gpu;

TEST_CASE("UUIDs are written as nvidia-smi writes them", "[gpu][inventory]") {
    const unsigned char bytes[16] = {0x6e, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f, 0x80,
                                     0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7, 0x08};
    CHECK(uuid_text(bytes, false) == "GPU-6e2a3b4c-5d6e-7f80-91a2-b3c4d5e6f708");
    CHECK(uuid_text(bytes, true) == "MIG-6e2a3b4c-5d6e-7f80-91a2-b3c4d5e6f708");
    const unsigned char zero[16] = {};
    CHECK(uuid_text(zero, false) == "GPU-00000000-0000-0000-0000-000000000000");
}
