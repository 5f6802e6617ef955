#include "harness/gpu/copy_session.hpp"

#include "harness/cuda/cuda_resources.hpp"
#include "harness/numa_buffer.hpp"
#include "kernels/spin_kernel.cuh"

#include <cstring>
#include <vector>

namespace linkperf::gpu {
namespace {

constexpr std::uint32_t kSeed = 0x11235813u;
constexpr std::uint64_t kSpinTimeoutNs = 10'000'000'000ULL; // a lost release ends in 10 s

class CudaCopySession final : public CopySession {
public:
    explicit CudaCopySession(const CopySpec& spec)
        : spec_(spec), words_(spec.bytes / 4), flag_(sizeof(int), cudaHostAllocMapped) {
        check(cudaSetDevice(spec.device), "cudaSetDevice");
        std::size_t free_b = 0;
        std::size_t total_b = 0;
        check(cudaMemGetInfo(&free_b, &total_b), "cudaMemGetInfo");
        const std::size_t device_need =
            spec.direction == CopyDirection::d2d ? 2 * spec.bytes : spec.bytes;
        if (device_need > free_b) {
            throw environment_error("GPU " + std::to_string(spec.device) + " has " +
                                    std::to_string(free_b) + " bytes free, the case needs " +
                                    std::to_string(device_need));
        }
        dev_a_ = std::make_unique<DeviceBuffer>(spec.bytes);
        if (spec.direction == CopyDirection::d2d) {
            dev_b_ = std::make_unique<DeviceBuffer>(spec.bytes);
        } else if (spec.host_memory == HostMemory::pinned) {
            pinned_ = std::make_unique<PinnedBuffer>(spec.bytes, cudaHostAllocDefault);
            std::memset(pinned_->get(), 0, spec.bytes); // first touch on this thread's node
        } else {
            pageable_ = std::make_unique<NumaBuffer>(spec.bytes, -1);
            pageable_->first_touch(0);
        }
        void* flag_dev = nullptr;
        check(cudaHostGetDevicePointer(&flag_dev, flag_.get(), 0), "cudaHostGetDevicePointer");
        flag_dev_ = static_cast<volatile int*>(flag_dev);
        // The source holds the pattern; the destination starts different.
        if (spec.direction == CopyDirection::h2d) {
            auto* w = static_cast<std::uint32_t*>(host());
            for (std::size_t i = 0; i < words_; ++i) {
                w[i] = kSeed + static_cast<std::uint32_t>(i);
            }
            check(cudaMemset(dev_a_->get(), 0, spec.bytes), "cudaMemset");
        } else {
            kernels::launch_fill_pattern(static_cast<std::uint32_t*>(dev_a_->get()), words_, kSeed,
                                         stream_.get());
            if (dev_b_) {
                check(cudaMemsetAsync(dev_b_->get(), 0, spec.bytes, stream_.get()),
                      "cudaMemsetAsync");
            }
            check(cudaStreamSynchronize(stream_.get()), "fill pattern");
        }
    }

    double batch(std::uint64_t reps) override {
        void* dst = nullptr;
        const void* src = nullptr;
        switch (spec_.direction) {
        case CopyDirection::h2d:
            dst = dev_a_->get();
            src = host();
            break;
        case CopyDirection::d2h:
            dst = host();
            src = dev_a_->get();
            break;
        case CopyDirection::d2d:
            dst = dev_b_->get();
            src = dev_a_->get();
            break;
        }
        // Pageable copies synchronise with the host, so a spin kernel would deadlock them.
        const bool hold =
            spec_.direction == CopyDirection::d2d || spec_.host_memory == HostMemory::pinned;
        auto* flag = static_cast<volatile int*>(flag_.get());
        *flag = 0;
        if (hold) {
            kernels::launch_spin_until_released(flag_dev_, kSpinTimeoutNs, stream_.get());
        }
        check(cudaEventRecord(start_.get(), stream_.get()), "cudaEventRecord");
        for (std::uint64_t r = 0; r < reps; ++r) {
            check(cudaMemcpyAsync(dst, src, spec_.bytes, cudaMemcpyDefault, stream_.get()),
                  "cudaMemcpyAsync");
        }
        check(cudaEventRecord(stop_.get(), stream_.get()), "cudaEventRecord");
        *flag = 1;
        check(cudaEventSynchronize(stop_.get()), "cudaEventSynchronize");
        float ms = 0;
        check(cudaEventElapsedTime(&ms, start_.get(), stop_.get()), "cudaEventElapsedTime");
        return static_cast<double>(ms) * 1e-3;
    }

    bool verify() override {
        if (spec_.direction == CopyDirection::d2h) {
            const auto* w = static_cast<const std::uint32_t*>(host());
            for (std::size_t i = 0; i < words_; ++i) {
                if (w[i] != kSeed + static_cast<std::uint32_t>(i)) {
                    return false;
                }
            }
            return true;
        }
        DeviceBuffer count(sizeof(unsigned long long));
        check(cudaMemsetAsync(count.get(), 0, count.size(), stream_.get()), "cudaMemsetAsync");
        const void* dst = spec_.direction == CopyDirection::d2d ? dev_b_->get() : dev_a_->get();
        kernels::launch_count_mismatches(static_cast<const std::uint32_t*>(dst), words_, kSeed,
                                         static_cast<unsigned long long*>(count.get()),
                                         stream_.get());
        unsigned long long wrong = 1;
        check(cudaMemcpyAsync(&wrong, count.get(), sizeof wrong, cudaMemcpyDeviceToHost,
                              stream_.get()),
              "cudaMemcpyAsync");
        check(cudaStreamSynchronize(stream_.get()), "verify");
        return wrong == 0;
    }

private:
    void* host() const { return pinned_ ? pinned_->get() : pageable_->data(); }

    CopySpec spec_;
    std::size_t words_;
    Stream stream_;
    Event start_;
    Event stop_;
    PinnedBuffer flag_;
    volatile int* flag_dev_ = nullptr;
    std::unique_ptr<DeviceBuffer> dev_a_;
    std::unique_ptr<DeviceBuffer> dev_b_;
    std::unique_ptr<PinnedBuffer> pinned_;
    std::unique_ptr<NumaBuffer> pageable_;
};

} // namespace

std::unique_ptr<CopySession> open_copy_session(const CopySpec& spec) {
    return std::make_unique<CudaCopySession>(spec);
}

} // namespace linkperf::gpu
