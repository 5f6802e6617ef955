#include "collectives/nccl/nccl_library.hpp"

#include "core/error.hpp"

#include <dlfcn.h>

#include <cstdlib>
#include <vector>

namespace linkperf::coll {
namespace {

template <class F> void resolve(void* handle, F& fn, const char* name, const std::string& path) {
    void* sym = ::dlsym(handle, name);
    if (sym == nullptr) {
        throw environment_error("NCCL at " + path + " lacks " + name +
                                " (linkperf-coll needs NCCL 2.7 or newer)");
    }
    fn = reinterpret_cast<F>(sym);
}

} // namespace

const NcclLibrary& NcclLibrary::get() {
    static const NcclLibrary library; // a failed load throws and is retried on the next call
    return library;
}

NcclLibrary::NcclLibrary() {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("LINKPERF_NCCL_LIBRARY"); env != nullptr && *env != '\0') {
        candidates.emplace_back(env);
    } else {
        candidates.emplace_back("libnccl.so.2");
#ifdef LINKPERF_NCCL_LIBRARY_PATH
        candidates.emplace_back(LINKPERF_NCCL_LIBRARY_PATH);
#endif
    }
    std::string errors;
    for (const std::string& c : candidates) {
        handle_ = ::dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (handle_ != nullptr) {
            path_ = c;
            break;
        }
        const char* why = ::dlerror();
        errors += (errors.empty() ? "" : "; ") + std::string(why != nullptr ? why : c);
    }
    if (handle_ == nullptr) {
        throw environment_error("NCCL is not available at run time: " + errors +
                                " (install NCCL, add its directory to LD_LIBRARY_PATH, or set "
                                "LINKPERF_NCCL_LIBRARY to libnccl.so.2)");
    }
    try {
        resolve(handle_, api_.GetVersion, "ncclGetVersion", path_);
        resolve(handle_, api_.GetUniqueId, "ncclGetUniqueId", path_);
        resolve(handle_, api_.CommInitRank, "ncclCommInitRank", path_);
        resolve(handle_, api_.CommInitAll, "ncclCommInitAll", path_);
        resolve(handle_, api_.CommDestroy, "ncclCommDestroy", path_);
        resolve(handle_, api_.CommAbort, "ncclCommAbort", path_);
        resolve(handle_, api_.CommGetAsyncError, "ncclCommGetAsyncError", path_);
        resolve(handle_, api_.GetErrorString, "ncclGetErrorString", path_);
        resolve(handle_, api_.GroupStart, "ncclGroupStart", path_);
        resolve(handle_, api_.GroupEnd, "ncclGroupEnd", path_);
        resolve(handle_, api_.AllReduce, "ncclAllReduce", path_);
        resolve(handle_, api_.AllGather, "ncclAllGather", path_);
        resolve(handle_, api_.ReduceScatter, "ncclReduceScatter", path_);
        resolve(handle_, api_.Broadcast, "ncclBroadcast", path_);
        resolve(handle_, api_.Reduce, "ncclReduce", path_);
        resolve(handle_, api_.Send, "ncclSend", path_);
        resolve(handle_, api_.Recv, "ncclRecv", path_);
    } catch (...) {
        ::dlclose(handle_);
        throw;
    }
}

std::string NcclLibrary::version() const {
    int v = 0;
    if (api_.GetVersion(&v) != ncclSuccess) {
        return "unknown";
    }
    // NCCL_VERSION_CODE: major*10000 + minor*100 + patch since 2.9.
    return std::to_string(v / 10000) + "." + std::to_string(v % 10000 / 100) + "." +
           std::to_string(v % 100);
}

void NcclLibrary::check(ncclResult_t result, const char* what) const {
    if (result != ncclSuccess && result != ncclInProgress) {
        throw environment_error(std::string(what) + " failed: " + api_.GetErrorString(result));
    }
}

} // namespace linkperf::coll
