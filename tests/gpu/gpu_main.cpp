// The GPU test binary: exits 77 (ctest's SKIP_RETURN_CODE for label gpu) where no CUDA device
// can be used, so a host without one reports the tests skipped, never passed.
#define CATCH_CONFIG_RUNNER
#include "gpu/gpu_inventory.hpp"
#include "gpu/gpu_ops.hpp"

#include <catch2/catch.hpp>

#include <cstdio>

int main(int argc, char** argv) {
    const linkperf::gpu::GpuInventory inv = linkperf::gpu::query_gpus();
    if (!inv.available) {
        std::printf("SKIPPED: %s\n", inv.reason.c_str());
        return 77;
    }
    // As the runner does before its first case: no lazy kernel load behind a hold kernel.
    linkperf::gpu::preload_kernels(inv);
    return Catch::Session().run(argc, argv);
}
