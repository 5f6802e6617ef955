#include "collectives/watchdog.hpp"

#include <algorithm>
#include <chrono>

namespace linkperf::coll {

Watchdog::Watchdog(double timeout_s, Expire on_expire)
    : timeout_s_(timeout_s), on_expire_(std::move(on_expire)), thread_([this] { loop(); }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void Watchdog::arm(std::string what) {
    std::lock_guard lock(mutex_);
    armed_ = true;
    ++generation_;
    what_ = std::move(what);
}

void Watchdog::disarm() {
    std::lock_guard lock(mutex_);
    armed_ = false;
}

void Watchdog::loop() {
    using clock = std::chrono::steady_clock;
    const auto limit = std::chrono::duration<double>(timeout_s_);
    // Checks often enough to fire within ~5% of the limit, never busier than every 10 ms.
    const auto poll = std::chrono::duration_cast<clock::duration>(std::clamp(
        limit / 20, std::chrono::duration<double>(0.01), std::chrono::duration<double>(0.5)));
    std::unique_lock lock(mutex_);
    std::uint64_t seen_progress = progress_.load(std::memory_order_relaxed);
    std::uint64_t seen_generation = generation_;
    auto since = clock::now();
    while (!stop_) {
        wake_.wait_for(lock, poll);
        if (stop_) {
            break;
        }
        const std::uint64_t p = progress_.load(std::memory_order_relaxed);
        const auto now = clock::now();
        if (!armed_ || p != seen_progress || generation_ != seen_generation) {
            seen_progress = p;
            seen_generation = generation_;
            since = now;
            continue;
        }
        if (now - since >= limit) {
            const std::string what = what_;
            lock.unlock();
            on_expire_(what, timeout_s_);
            return;
        }
    }
}

} // namespace linkperf::coll
