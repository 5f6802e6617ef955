#pragma once
// A team of pinned threads that run one piece of work together, timed from the release of
// the team to the last thread's finish. The calling thread is member 0 (bound to the first
// PU while the team lives), so n threads need exactly n PUs and nobody spins on a spare core.
#include "platform/cpu_binding.hpp"

#include <atomic>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace linkperf::bench {

class WorkerTeam {
public:
    // One member per PU. Throws Error(environment) when a PU cannot be bound.
    explicit WorkerTeam(const std::vector<unsigned>& pus);
    ~WorkerTeam();
    WorkerTeam(const WorkerTeam&) = delete;
    WorkerTeam& operator=(const WorkerTeam&) = delete;

    std::size_t size() const { return pus_.size(); }
    // Runs work(member) on every member at once; returns the seconds from release to the last
    // member's end (steady_clock on member 0).
    double run(const std::function<void(std::size_t member)>& work);
    // The PU each member was last seen on (hwloc_get_last_cpu_location after its work).
    std::vector<int> seen_pus() const;

private:
    void loop(std::size_t member);

    std::vector<unsigned> pus_;
    ThreadBinding caller_binding_;
    std::vector<std::thread> threads_;
    const std::function<void(std::size_t)>* work_ = nullptr;
    alignas(64) std::atomic<std::uint64_t> generation_{0};
    alignas(64) std::atomic<std::size_t> done_{0};
    alignas(64) std::atomic<std::size_t> ready_{0};
    std::vector<std::atomic<int>> seen_;
    std::mutex error_mutex_;
    std::exception_ptr bind_error_; // guarded by error_mutex_ until every member is ready
    std::atomic<bool> stop_{false};
};

} // namespace linkperf::bench
