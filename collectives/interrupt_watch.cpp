#include "collectives/interrupt_watch.hpp"

#include <chrono>
#include <cstdlib>

namespace linkperf::coll {
namespace {

// How often the thread looks for a signal: well inside the second mpirun leaves before SIGKILL.
constexpr std::chrono::milliseconds kPoll{20};

} // namespace

InterruptWatch::InterruptWatch(OnSignal on_signal)
    : on_signal_(std::move(on_signal)), thread_([this] { loop(); }) {}

InterruptWatch::~InterruptWatch() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void InterruptWatch::loop() {
    std::unique_lock lock(mutex_);
    while (!stop_) {
        wake_.wait_for(lock, kPoll);
        if (const int signal = interrupt_signal(); signal != 0 && !stop_) {
            lock.unlock();
            on_signal_(signal);
            // A write still in progress on another thread leaves its temporary file and the
            // output's lock behind an _Exit: remove them (core/interrupt.hpp).
            remove_registered_files();
            std::_Exit(interrupted_exit_code(signal));
        }
    }
}

} // namespace linkperf::coll
