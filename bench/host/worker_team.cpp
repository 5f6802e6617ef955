#include "bench/host/worker_team.hpp"

#include "bench/host/host_kernels.hpp"

#include <chrono>

namespace linkperf::bench {

WorkerTeam::WorkerTeam(const std::vector<unsigned>& pus)
    : pus_(pus), caller_binding_({pus.at(0)}), seen_(pus.size()) {
    for (auto& s : seen_) {
        s.store(-1);
    }
    for (std::size_t m = 1; m < pus_.size(); ++m) {
        threads_.emplace_back([this, m] { loop(m); });
    }
    while (ready_.load(std::memory_order_acquire) != pus_.size() - 1) {
        std::this_thread::yield();
    }
    if (bind_error_) {
        stop_.store(true);
        generation_.fetch_add(1);
        for (auto& t : threads_) {
            t.join();
        }
        threads_.clear();
        std::rethrow_exception(bind_error_);
    }
}

WorkerTeam::~WorkerTeam() {
    stop_.store(true, std::memory_order_release);
    generation_.fetch_add(1, std::memory_order_acq_rel);
    for (auto& t : threads_) {
        t.join();
    }
}

void WorkerTeam::loop(std::size_t member) {
    std::unique_ptr<ThreadBinding> binding;
    try {
        binding = std::make_unique<ThreadBinding>(std::vector<unsigned>{pus_[member]});
    } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex_);
        if (!bind_error_) {
            bind_error_ = std::current_exception();
        }
    }
    std::uint64_t seen_generation = generation_.load(std::memory_order_acquire);
    ready_.fetch_add(1, std::memory_order_acq_rel);
    while (true) {
        std::uint64_t g;
        unsigned spins = 0;
        while ((g = generation_.load(std::memory_order_acquire)) == seen_generation) {
            // Spin while work is likely to come soon; yield when the team idles longer.
            if (++spins < (1u << 16)) {
                cpu_relax();
            } else {
                std::this_thread::yield();
            }
        }
        seen_generation = g;
        if (stop_.load(std::memory_order_acquire)) {
            return;
        }
        (*work_)(member);
        seen_[member].store(current_pu(), std::memory_order_relaxed);
        done_.fetch_add(1, std::memory_order_acq_rel);
    }
}

double WorkerTeam::run(const std::function<void(std::size_t)>& work) {
    work_ = &work;
    done_.store(0, std::memory_order_relaxed);
    const auto t0 = std::chrono::steady_clock::now();
    generation_.fetch_add(1, std::memory_order_acq_rel);
    work(0);
    while (done_.load(std::memory_order_acquire) != pus_.size() - 1) {
        cpu_relax();
    }
    const auto t1 = std::chrono::steady_clock::now();
    seen_[0].store(current_pu(), std::memory_order_relaxed);
    return std::chrono::duration<double>(t1 - t0).count();
}

std::vector<int> WorkerTeam::seen_pus() const {
    std::vector<int> out;
    for (const auto& s : seen_) {
        out.push_back(s.load(std::memory_order_relaxed));
    }
    return out;
}

} // namespace linkperf::bench
