#pragma once
// Pins the calling thread to a set of PUs with hwloc (HWLOC_CPUBIND_THREAD) and restores the
// previous binding when it goes out of scope.
#include <vector>

namespace linkperf {

class ThreadBinding {
public:
    // Throws Error(environment) when a PU does not exist or binding is refused.
    explicit ThreadBinding(const std::vector<unsigned>& pus);
    ~ThreadBinding();
    ThreadBinding(const ThreadBinding&) = delete;
    ThreadBinding& operator=(const ThreadBinding&) = delete;

    const std::vector<unsigned>& pus() const { return pus_; }

private:
    std::vector<unsigned> pus_;
    void* previous_ = nullptr; // hwloc_bitmap_t of the binding to restore
};

// The PU the calling thread is running on now (hwloc_get_last_cpu_location), or -1.
int current_pu();

// The PUs the calling thread is allowed on now.
std::vector<unsigned> current_binding();

} // namespace linkperf
