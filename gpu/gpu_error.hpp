#pragma once
// The GPU layer's exception: a Error that also says what the runner should do with the
// case it interrupted.
#include "core/error.hpp"

#include <string>

namespace linkperf::gpu {

enum class GpuErrorKind {
    unavailable,   // this device, build or platform cannot do it: the case is skipped
    out_of_memory, // not enough GPU or host memory for this size: the case is skipped
    measurement,   // the case ran but its result cannot be trusted: the case fails
    fatal,         // the CUDA context is unusable (sticky error): the run stops
};

class GpuError : public Error {
public:
    GpuError(GpuErrorKind kind, const std::string& what)
        : Error(kind == GpuErrorKind::measurement ? ExitCode::failed : ExitCode::environment, what),
          kind_(kind) {}
    GpuErrorKind kind() const noexcept { return kind_; }

private:
    GpuErrorKind kind_;
};

} // namespace linkperf::gpu
