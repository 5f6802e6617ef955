// Peer access on CUDA. The runtime has no query for the current state: enabling or disabling
// reports "already" instead, which tells whether this scope changed anything to undo.
#include "gpu/cuda/cuda_resources.hpp"
#include "gpu/gpu_ops.hpp"

#include <fmt/core.h>

namespace linkperf::gpu {
namespace {

// Sets access from `from` to `to`; true when the state changed.
bool set_access(int from, int to, bool enabled) {
    DeviceScope on(from);
    if (enabled) {
        int can = 0;
        check(cudaDeviceCanAccessPeer(&can, from, to), "cudaDeviceCanAccessPeer");
        if (can == 0) {
            throw GpuError(GpuErrorKind::unavailable,
                           fmt::format("gpu{} cannot access gpu{} as a peer", from, to));
        }
        const cudaError_t err = cudaDeviceEnablePeerAccess(to, 0);
        if (err == cudaErrorPeerAccessAlreadyEnabled) {
            cudaGetLastError();
            return false;
        }
        check(err, "cudaDeviceEnablePeerAccess");
        return true;
    }
    const cudaError_t err = cudaDeviceDisablePeerAccess(to);
    if (err == cudaErrorPeerAccessNotEnabled) {
        cudaGetLastError();
        return false;
    }
    check(err, "cudaDeviceDisablePeerAccess");
    return true;
}

} // namespace

PeerAccessScope::PeerAccessScope(int a, int b, bool enabled) : a_(a), b_(b), enabled_(enabled) {
    changed_ab_ = set_access(a, b, enabled);
    try {
        changed_ba_ = set_access(b, a, enabled);
    } catch (...) {
        if (changed_ab_) {
            set_access(a, b, !enabled);
        }
        throw;
    }
}

PeerAccessScope::~PeerAccessScope() {
    // Restoring is best effort: a destructor must not throw.
    try {
        if (changed_ab_) {
            set_access(a_, b_, !enabled_);
        }
        if (changed_ba_) {
            set_access(b_, a_, !enabled_);
        }
    } catch (const GpuError&) {
        cudaGetLastError();
    }
}

} // namespace linkperf::gpu
