#pragma once
// NCCL loaded at run time with dlopen, so a host without libnccl gets one clear error line
// (exit 3) instead of the loader refusing to start the program. The entry points' types come
// from nccl.h; nothing links against libnccl.
#include <nccl.h>

#include <string>

namespace linkperf::coll {

struct NcclApi {
    decltype(&ncclGetVersion) GetVersion = nullptr;
    decltype(&ncclGetUniqueId) GetUniqueId = nullptr;
    decltype(&ncclCommInitRank) CommInitRank = nullptr;
    decltype(&ncclCommInitAll) CommInitAll = nullptr;
    decltype(&ncclCommDestroy) CommDestroy = nullptr;
    decltype(&ncclCommAbort) CommAbort = nullptr;
    decltype(&ncclCommGetAsyncError) CommGetAsyncError = nullptr;
    decltype(&ncclGetErrorString) GetErrorString = nullptr;
    decltype(&ncclGroupStart) GroupStart = nullptr;
    decltype(&ncclGroupEnd) GroupEnd = nullptr;
    decltype(&ncclAllReduce) AllReduce = nullptr;
    decltype(&ncclAllGather) AllGather = nullptr;
    decltype(&ncclReduceScatter) ReduceScatter = nullptr;
    decltype(&ncclBroadcast) Broadcast = nullptr;
    decltype(&ncclReduce) Reduce = nullptr;
    decltype(&ncclSend) Send = nullptr;
    decltype(&ncclRecv) Recv = nullptr;
};

class NcclLibrary {
public:
    // Loads once per process: $LINKPERF_NCCL_LIBRARY when set, else libnccl.so.2 from the
    // loader's path, else the library found at build time. Throws Error(environment).
    static const NcclLibrary& get();

    const NcclApi& api() const { return api_; }
    const std::string& path() const { return path_; }
    std::string version() const; // "2.28.9"
    // Throws Error(environment) naming the call and NCCL's reason.
    void check(ncclResult_t result, const char* what) const;

private:
    NcclLibrary();
    NcclApi api_;
    std::string path_;
    void* handle_ = nullptr; // kept open for the life of the process
};

} // namespace linkperf::coll
