#include "platform/telemetry_sampler.hpp"

namespace linkperf {

TelemetrySampler::TelemetrySampler(const std::filesystem::path& sysfs_root,
                                   std::chrono::milliseconds interval, bool use_nvml)
    : cpu_(sysfs_root), interval_(interval) {
    if (use_nvml) {
        nvml_ = Nvml::open(nvml_reason_);
        if (nvml_) {
            // NVML index -> bus id, so a summary can tell the case's GPUs from the others;
            // left empty when a device cannot be named (every GPU then counts).
            const auto links = nvml_->nvlinks();
            if (links.size() == nvml_->device_count()) {
                for (const auto& l : links) {
                    gpu_bus_ids_.push_back(l.bdf);
                }
            }
        }
    } else {
        nvml_reason_ = "NVML not used";
    }
}

TelemetrySampler::~TelemetrySampler() {
    if (thread_.joinable()) {
        stop();
    }
}

void TelemetrySampler::sample_once() {
    std::lock_guard<std::mutex> lock(mutex_);
    cpu_.sample(record_.cpu_mhz);
    if (nvml_) {
        const auto s = nvml_->sample();
        record_.gpu.insert(record_.gpu.end(), s.begin(), s.end());
    }
    ++record_.ticks;
}

void TelemetrySampler::loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
        lock.unlock();
        sample_once();
        lock.lock();
    }
}

void TelemetrySampler::start() {
    if (thread_.joinable()) {
        stop();
    }
    record_ = TelemetryRecord{};
    record_.cpu_unavailable = cpu_.unavailable_reason();
    record_.gpu_unavailable = nvml_ ? std::string() : nvml_reason_;
    record_.gpu_bus_ids = gpu_bus_ids_;
    record_.cpu_reference_mhz = cpu_.reference_mhz();
    cpu_.sample_throttle_counts(record_.cpu_throttle_count);
    started_ = std::chrono::steady_clock::now();
    stopping_ = false;
    sample_once();
    if (cpu_.available() || nvml_) {
        thread_ = std::thread([this] { loop(); });
    }
}

TelemetryRecord TelemetrySampler::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
    sample_once();
    cpu_.sample_throttle_counts(record_.cpu_throttle_count);
    record_.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return std::move(record_);
}

} // namespace linkperf
