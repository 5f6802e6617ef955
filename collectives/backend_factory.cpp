#include "collectives/backend_factory.hpp"

#include "core/error.hpp"

#ifdef LINKPERF_COLL_HAVE_MPI
#include "collectives/mpi/mpi_backend.hpp"
#endif
#ifdef LINKPERF_COLL_HAVE_NCCL
#include "collectives/nccl/nccl_backend.hpp"
#endif

namespace linkperf::coll {

bool built_with_mpi() {
#ifdef LINKPERF_COLL_HAVE_MPI
    return true;
#else
    return false;
#endif
}

bool built_with_nccl() {
#ifdef LINKPERF_COLL_HAVE_NCCL
    return true;
#else
    return false;
#endif
}

std::unique_ptr<Backend> make_backend(const BackendRequest& r) {
    if (r.options.backend == BackendKind::mpi) {
#ifdef LINKPERF_COLL_HAVE_MPI
        auto* group = dynamic_cast<MpiGroup*>(&r.group);
        if (group == nullptr) {
            throw environment_error("the mpi backend needs MPI to be running");
        }
        MpiBackendConfig config;
        config.buffer_bytes = r.buffer_bytes;
        config.bind = r.options.bind;
        return make_mpi_backend(*group, r.topo, r.layout, config, r.watchdog);
#else
        throw environment_error("the mpi backend is not available: linkperf-coll was built "
                                "without MPI (install libopenmpi-dev and rebuild)");
#endif
    }
#ifdef LINKPERF_COLL_HAVE_NCCL
    NcclBackendConfig config;
    config.buffer_bytes = r.buffer_bytes;
    config.bind = r.options.bind;
    config.devices_per_process = r.devices_per_process;
    return make_nccl_backend(r.group, r.topo, r.layout, config, r.watchdog);
#else
    throw environment_error("the nccl backend is not available: linkperf-coll was built without "
                            "CUDA and NCCL (configure with LINKPERF_CUDA=ON where nvcc and "
                            "libnccl are installed)");
#endif
}

} // namespace linkperf::coll
