#pragma once
// Ctrl-C (SIGINT) and SIGTERM on linkperf-coll. Under mpirun a Ctrl-C reaches mpirun alone,
// which sends every rank SIGTERM and SIGKILL a second later, so nothing can wait for the case
// in flight (as `linkperf run` does): a thread acts on the first signal at once (noted by
// core/interrupt.hpp's handler), runs `on_signal` and ends the process with 128 + the signal.
// A second signal ends it the default way.
#include "core/interrupt.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace linkperf::coll {

class InterruptWatch {
public:
    using OnSignal = std::function<void(int signal)>;

    explicit InterruptWatch(OnSignal on_signal);
    ~InterruptWatch(); // a signal after this takes the handlers that were there before
    InterruptWatch(const InterruptWatch&) = delete;
    InterruptWatch& operator=(const InterruptWatch&) = delete;

private:
    void loop();

    OnSignal on_signal_;
    InterruptScope scope_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

} // namespace linkperf::coll
