#pragma once
// The per-op timeout. The measuring thread ticks after every op (a relaxed store, cheap
// enough for 1 us ops); a watchdog thread fires when an armed phase makes no progress for
// `timeout` seconds: a rank died or hung, and blocking MPI/NCCL calls would wait forever.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace linkperf::coll {

class Watchdog {
public:
    // Called on the watchdog thread with what was running; expected not to return (it ends
    // the job). Create the watchdog before pinning the measuring thread so it runs anywhere.
    using Expire = std::function<void(const std::string& what, double timeout_s)>;

    Watchdog(double timeout_s, Expire on_expire);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // Starts timing a phase ("all_reduce at 64M, out-of-place, timed").
    void arm(std::string what);
    void disarm();
    void tick() noexcept {
        progress_.store(progress_.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }
    double timeout_s() const { return timeout_s_; }

private:
    void loop();

    double timeout_s_;
    Expire on_expire_;
    std::atomic<std::uint64_t> progress_{0};
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    bool armed_ = false;
    std::uint64_t generation_ = 0; // bumped by arm() so a new phase starts a fresh timer
    std::string what_;
    std::thread thread_;
};

} // namespace linkperf::coll
