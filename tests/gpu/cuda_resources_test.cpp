// The CUDA layer's device-free parts, in builds with CUDA: the error classification table and
// the kernel registry (every kernel of gpu/kernels/*.cu is listed, so the runner preloads it).
#ifdef LINKPERF_HAVE_CUDA
#include "gpu/cuda/cuda_resources.hpp"
#include "gpu/kernels/launchers.cuh"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>

using namespace linkperf::gpu;

// One RAII layer (also the NCCL backend's): owners move, never copy.
template <typename T> constexpr bool moves_only() {
    return std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T> &&
           !std::is_copy_constructible_v<T> && !std::is_copy_assignable_v<T>;
}
static_assert(moves_only<Stream>());
static_assert(moves_only<Event>());
static_assert(moves_only<MappedHostBlock>());
static_assert(moves_only<DeviceAllocation>());

TEST_CASE("CUDA errors are classified as the table says", "[gpu][cuda]") {
    // Sticky errors stop the run; peer limits and missing features skip the case.
    CHECK(classify(cudaErrorIllegalAddress) == GpuErrorKind::fatal);
    CHECK(classify(cudaErrorNvlinkUncorrectable) == GpuErrorKind::fatal);
    CHECK(classify(cudaErrorMpsClientTerminated) == GpuErrorKind::fatal);
    CHECK(classify(cudaErrorExternalDevice) == GpuErrorKind::fatal);
    CHECK(classify(static_cast<cudaError_t>(226)) == GpuErrorKind::fatal); // Contained
    CHECK(classify(static_cast<cudaError_t>(721)) == GpuErrorKind::fatal); // TensorMemoryLeak
    CHECK(classify(cudaErrorTooManyPeers) == GpuErrorKind::unavailable);
    CHECK(classify(cudaErrorPeerAccessUnsupported) == GpuErrorKind::unavailable);
    CHECK(classify(cudaErrorMemoryAllocation) == GpuErrorKind::out_of_memory);
    CHECK(classify(cudaErrorInvalidValue) == GpuErrorKind::measurement);
    CHECK(classify(cudaSuccess) == GpuErrorKind::measurement); // never asked: check() returns

    // Each row's name is the runtime's own name for its value, and no value is listed twice.
    std::set<int> seen;
    for (const ErrorClass& c : error_classes()) {
        INFO(c.name);
        CHECK(std::string(cudaGetErrorName(c.error)) == c.name);
        CHECK(seen.insert(static_cast<int>(c.error)).second);
    }
    CHECK(seen.size() >= 27);
}

TEST_CASE("a failed call throws with its kind and the call named", "[gpu][cuda]") {
    try {
        check(cudaErrorTooManyPeers, "cudaDeviceEnablePeerAccess");
        FAIL("check did not throw");
    } catch (const GpuError& e) {
        CHECK(e.kind() == GpuErrorKind::unavailable);
        CHECK_THAT(e.what(), Catch::Contains("cudaDeviceEnablePeerAccess") &&
                                 Catch::Contains("cudaErrorTooManyPeers"));
    }
    CHECK_NOTHROW(check(cudaSuccess, "nothing"));
}

namespace {

std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::size_t entries_of(const std::vector<linkperf::kernels::KernelEntry>& all,
                       const std::string& kernel) {
    std::size_t n = 0;
    for (const auto& e : all) {
        const std::string name = e.name;
        n += name == kernel || name.rfind(kernel + "<", 0) == 0 ? 1 : 0;
    }
    return n;
}

} // namespace

TEST_CASE("the kernel registry lists every kernel of gpu/kernels/", "[gpu][cuda]") {
    const auto all = linkperf::kernels::kernel_registry();
    std::set<std::string> names;
    std::set<const void*> functions;
    for (const auto& e : all) {
        CHECK(e.function != nullptr);
        CHECK(names.insert(e.name).second);
        CHECK(functions.insert(e.function).second);
    }
    // Every __global__ function in the sources has an entry ...
    const std::filesystem::path dir =
        std::filesystem::path(LINKPERF_TEST_DATA).parent_path().parent_path() / "gpu" / "kernels";
    const std::regex global(R"(__global__\s+void\s+(?:__launch_bounds__\([^)]*\)\s+)?(\w+)\s*\()");
    std::set<std::string> kernels;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
        if (f.path().extension() != ".cu") {
            continue;
        }
        const std::string text = read_all(f.path());
        for (std::sregex_iterator m(text.begin(), text.end(), global), end; m != end; ++m) {
            kernels.insert((*m)[1].str());
        }
    }
    REQUIRE(kernels.size() >= 7);
    for (const std::string& k : kernels) {
        INFO(k);
        CHECK(entries_of(all, k) >= 1);
    }
    // ... and the templates every instantiation a launcher can pick: 2 loads x 2 stores,
    // 2 chase loads.
    CHECK(entries_of(all, "copy_kernel") == 4);
    CHECK(entries_of(all, "chase_kernel") == 2);
    CHECK(all.size() == kernels.size() - 2 + 4 + 2); // the other kernels once each
}

#endif
