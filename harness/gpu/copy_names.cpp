#include "harness/gpu/copy_session.hpp"

namespace linkperf::gpu {

const char* to_string(CopyDirection d) {
    switch (d) {
    case CopyDirection::h2d:
        return "h2d";
    case CopyDirection::d2h:
        return "d2h";
    case CopyDirection::d2d:
        return "d2d";
    }
    return "unknown";
}

const char* to_string(HostMemory m) {
    return m == HostMemory::pinned ? "pinned" : "pageable";
}

} // namespace linkperf::gpu
