#include "harness/gpu/copy_session.hpp"
#include "harness/error.hpp"

namespace linkperf::gpu {

std::unique_ptr<CopySession> open_copy_session(const CopySpec&) {
    throw environment_error("this linkperf was built without CUDA: GPU paths cannot run");
}

} // namespace linkperf::gpu
