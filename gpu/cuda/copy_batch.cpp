// CopyBatch on CUDA: lanes of cudaMemcpyAsync or copy kernels, held behind a HoldGate while
// queued and timed with CUDA events from one common start (copy_timing_plan).
#include "gpu/copy_batch.hpp"
#include "gpu/copy_plan.hpp"

#include "gpu/cuda/cuda_resources.hpp"
#include "gpu/cuda/hold_gate.hpp"
#include "gpu/kernels/launchers.cuh"

#include <fmt/core.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>

namespace linkperf::gpu {
namespace {

// Operations (copies or kernel launches) one lane queues behind one hold: well under the depth
// at which queueing on a held stream would block the host (and the hold would time out).
constexpr std::uint64_t kMaxQueued = 256;

bool host_side(const GpuBuffer& b) {
    return is_host_kind(b.spec().kind) && b.spec().kind != MemoryKind::managed;
}

struct Lane {
    CopyLane spec;
    std::unique_ptr<Stream> stream;
    std::unique_ptr<Event> start;
    std::unique_ptr<Event> stop;
    kernels::CopyGeometry geometry;
    kernels::LoadPolicy load = kernels::LoadPolicy::normal;
    kernels::StorePolicy store = kernels::StorePolicy::normal;
    std::uint64_t repeats = 1; // sm: copies per kernel launch
    // sm: the kernel's repetition marks (one per block and copy) and the copies queued since
    // they were zeroed, so run() can prove every copy ran.
    std::unique_ptr<DeviceAllocation> marks;
    std::uint64_t queued = 0;

    unsigned long long* marks_ptr() const {
        return marks ? reinterpret_cast<unsigned long long*>(marks->data()) : nullptr;
    }

    // `copies` copies: one cudaMemcpyAsync each, or kernel launches of `repeats` copies.
    void enqueue(std::uint64_t copies) {
        queued += copies;
        if (spec.engine == CopyEngine::copy_engine) {
            for (std::uint64_t c = 0; c < copies; ++c) {
                check(cudaMemcpyAsync(spec.destination->copy_ptr(), spec.source->copy_ptr(),
                                      spec.bytes, cudaMemcpyDefault, stream->get()),
                      "cudaMemcpyAsync");
            }
            return;
        }
        const LaunchSplit split = split_launches(copies, repeats);
        for (std::uint64_t l = 0; l < split.launches; ++l) {
            kernels::launch_copy(stream->get(), spec.destination->device_ptr(),
                                 spec.source->device_ptr(), spec.bytes, load, store, geometry,
                                 l + 1 == split.launches ? split.last_repeats : split.repeats,
                                 marks_ptr());
            check_launch("copy kernel");
        }
    }
};

void validate(const CopyLane& l) {
    if (l.source == nullptr || l.destination == nullptr || l.bytes == 0) {
        throw GpuError(GpuErrorKind::measurement,
                       "a copy lane needs a source, a destination and a size");
    }
    if (l.bytes > l.source->spec().bytes || l.bytes > l.destination->spec().bytes) {
        throw GpuError(GpuErrorKind::measurement, "a copy lane is larger than its buffers");
    }
    if (l.engine == CopyEngine::sm) {
        for (const GpuBuffer* b : {l.source, static_cast<const GpuBuffer*>(l.destination)}) {
            if (b->device_ptr() == nullptr) {
                throw GpuError(GpuErrorKind::unavailable,
                               fmt::format("kernels of gpu{} cannot address {} memory in place",
                                           l.device, to_string(b->spec().kind)));
            }
            if (reinterpret_cast<std::uintptr_t>(b->device_ptr()) % 16 != 0) {
                throw GpuError(GpuErrorKind::measurement,
                               "copy kernel buffers must be 16-byte aligned");
            }
        }
    }
}

} // namespace

struct CopyBatch::Impl {
    std::vector<Lane> lanes;
    HoldGate gate;
    bool held = true;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    // The gate's flag is host memory that hold kernels read: after an exception a held stream
    // may still be spinning, so let it go and wait for every lane before the gate is freed.
    ~Impl() {
        gate.release();
        for (const Lane& l : lanes) {
            if (l.stream) {
                cudaStreamSynchronize(l.stream->get()); // errors: nothing left to report to
            }
        }
        cudaGetLastError();
    }

    std::unique_ptr<Event> total_end; // on lane 0's device

    // One chunk of `reps` repetitions (each lane runs reps x copies_per_rep copies), in the
    // order of copy_timing_plan, added to lane_seconds. Returns the chunk's time (common start
    // to the last lane's end), or nullopt when the hold timed out (timing untrusted).
    std::optional<double> run_chunk(std::uint64_t reps, bool hold,
                                    std::vector<double>& lane_seconds) {
        if (hold) {
            gate.arm();
        }
        {
            // Whatever happens while queueing, the held stream must be let go.
            struct ReleaseOnExit {
                HoldGate* gate;
                ~ReleaseOnExit() {
                    if (gate != nullptr) {
                        gate->release();
                    }
                }
            } release{hold ? &gate : nullptr};
            for (const TimingStep& step : copy_timing_plan(lanes.size(), hold)) {
                Lane& l = lanes[step.lane];
                DeviceScope on(l.spec.device);
                switch (step.op) {
                case TimingOp::hold:
                    gate.hold(*l.stream);
                    break;
                case TimingOp::record_start:
                    l.start->record(*l.stream);
                    break;
                case TimingOp::wait_for_start:
                    check(cudaStreamWaitEvent(l.stream->get(), lanes[step.other].start->get(), 0),
                          "cudaStreamWaitEvent(common start)");
                    break;
                case TimingOp::copies:
                    l.enqueue(reps * l.spec.copies_per_rep);
                    break;
                case TimingOp::record_end:
                    l.stop->record(*l.stream);
                    break;
                case TimingOp::wait_for_end:
                    check(cudaStreamWaitEvent(l.stream->get(), lanes[step.other].stop->get(), 0),
                          "cudaStreamWaitEvent(lane end)");
                    break;
                case TimingOp::record_total_end:
                    total_end->record(*l.stream);
                    break;
                }
            }
        }
        std::vector<double> s;
        for (const Lane& l : lanes) {
            s.push_back(elapsed_seconds(*l.start, *l.stop));
        }
        const double total = elapsed_seconds(*lanes.front().start, *total_end);
        if (hold && gate.timed_out()) {
            return std::nullopt;
        }
        for (std::size_t i = 0; i < s.size(); ++i) {
            lane_seconds[i] += s[i];
        }
        return total;
    }

    // Repetitions per chunk: no lane queues more than kMaxQueued operations behind the hold.
    std::uint64_t chunk_reps() const {
        std::uint64_t reps = kMaxQueued;
        for (const Lane& l : lanes) {
            const std::uint64_t per_rep = std::max<std::uint64_t>(1, l.spec.copies_per_rep);
            const std::uint64_t copies_per_op =
                l.spec.engine == CopyEngine::copy_engine ? 1 : l.repeats;
            reps = std::min(reps, std::max<std::uint64_t>(1, kMaxQueued * copies_per_op / per_rep));
        }
        return reps;
    }
};

CopyBatch::CopyBatch(std::vector<CopyLane> lanes) : impl_(std::make_unique<Impl>()) {
    if (lanes.empty()) {
        throw GpuError(GpuErrorKind::measurement, "a copy batch needs at least one lane");
    }
    for (const CopyLane& l : lanes) {
        if (l.copies_per_rep == 0) {
            throw GpuError(GpuErrorKind::measurement, "a copy lane runs at least one copy");
        }
    }
    // Copy kernels sharing a GPU split its SMs, or the first would hold them all and the
    // others would wait instead of running alongside.
    std::map<int, int> kernels_on;
    for (const CopyLane& l : lanes) {
        kernels_on[l.device] += l.engine == CopyEngine::sm ? 1 : 0;
    }
    for (const CopyLane& l : lanes) {
        validate(l);
        const bool pageable = l.source->spec().kind == MemoryKind::pageable ||
                              l.destination->spec().kind == MemoryKind::pageable;
        impl_->held = impl_->held && !pageable;
        DeviceScope on(l.device);
        Lane lane;
        lane.spec = l;
        lane.stream = std::make_unique<Stream>();
        lane.start = std::make_unique<Event>();
        lane.stop = std::make_unique<Event>();
        if (impl_->lanes.empty()) {
            impl_->total_end = std::make_unique<Event>();
        }
        if (l.engine == CopyEngine::sm) {
            lane.geometry = kernels::copy_geometry(l.bytes, kernels_on[l.device]);
            lane.load =
                host_side(*l.source) ? kernels::LoadPolicy::uncached : kernels::LoadPolicy::normal;
            lane.store = host_side(*l.destination) ? kernels::StorePolicy::write_through
                                                   : kernels::StorePolicy::normal;
            lane.marks = std::make_unique<DeviceAllocation>(sizeof(unsigned long long));
        }
        impl_->lanes.push_back(std::move(lane));
    }
    if (!impl_->held && impl_->lanes.size() > 1) {
        throw GpuError(GpuErrorKind::unavailable,
                       "pageable copies are synchronous to the host thread: lanes over pageable "
                       "memory cannot run concurrently");
    }
}

CopyBatch::~CopyBatch() = default;

BatchTimes CopyBatch::run(std::uint64_t reps) {
    BatchTimes t;
    t.lane_seconds.assign(impl_->lanes.size(), 0.0);
    for (Lane& l : impl_->lanes) {
        l.repeats = l.spec.engine == CopyEngine::sm
                        ? std::max<std::uint64_t>(
                              1, sm_repeats_per_launch(l.spec.bytes, reps * l.spec.copies_per_rep))
                        : 1;
    }
    for (Lane& l : impl_->lanes) {
        if (l.marks) {
            DeviceScope on(l.spec.device);
            // On the lane's stream: ordered before its kernels whatever the stream's flags.
            check(cudaMemsetAsync(l.marks_ptr(), 0, sizeof(unsigned long long), l.stream->get()),
                  "cudaMemsetAsync(marks)");
        }
        l.queued = 0;
    }
    const std::uint64_t per_chunk = impl_->chunk_reps();
    const bool any_sm = std::any_of(impl_->lanes.begin(), impl_->lanes.end(),
                                    [](const Lane& l) { return l.spec.engine == CopyEngine::sm; });
    int attempts = 0; // held tries of the current chunk that timed out
    for (std::uint64_t done = 0; done < reps;) {
        const std::uint64_t chunk = std::min(per_chunk, reps - done);
        const std::optional<double> seconds = impl_->run_chunk(chunk, impl_->held, t.lane_seconds);
        if (!seconds) {
            // Queueing blocked behind the hold (the driver serialised a call): its times are
            // dropped (run_chunk added none). Try the chunk held again, then decide.
            switch (after_hold_timeout(impl_->lanes.size(), any_sm, ++attempts)) {
            case HoldTimeoutAction::retry_held:
                continue;
            case HoldTimeoutAction::unheld:
                // One copy-engine lane: this batch and the rest of the case unheld (held()
                // says so, and the case's timing note with it).
                impl_->held = false;
                t.lane_seconds.assign(impl_->lanes.size(), 0.0);
                t.total_seconds = 0;
                done = 0;
                continue;
            case HoldTimeoutAction::fail:
                throw GpuError(GpuErrorKind::measurement,
                               fmt::format("the hold kernel timed out {} times in a row (the "
                                           "copies were not all queued before it gave up): "
                                           "without it {} would not start together, so no "
                                           "time is reported",
                                           attempts,
                                           any_sm ? "copy kernels' launch gaps would be timed "
                                                    "and the lanes"
                                                  : "the lanes"));
            }
        }
        attempts = 0;
        t.total_seconds += *seconds;
        done += chunk;
    }
    // Every copy kernel ran every copy queued (timed-out chunks included: they ran too).
    for (Lane& l : impl_->lanes) {
        if (!l.marks) {
            continue;
        }
        DeviceScope on(l.spec.device);
        check(cudaStreamSynchronize(l.stream->get()), "cudaStreamSynchronize(copy lane)");
        unsigned long long marks = 0;
        check(cudaMemcpy(&marks, l.marks_ptr(), sizeof marks, cudaMemcpyDeviceToHost),
              "cudaMemcpy(marks)");
        if (const auto why = copy_marks_mismatch(
                marks, static_cast<std::uint64_t>(std::max(1, l.geometry.grid)), l.queued)) {
            throw GpuError(GpuErrorKind::measurement,
                           fmt::format("gpu{}: {}", l.spec.device, *why));
        }
    }
    return t;
}

bool CopyBatch::held() const {
    return impl_->held;
}

std::string CopyBatch::describe_lane(std::size_t lane) const {
    const Lane& l = impl_->lanes.at(lane);
    if (l.spec.engine == CopyEngine::copy_engine) {
        return "cudaMemcpyAsync";
    }
    return fmt::format("copy kernel on gpu{}: {} blocks x {} threads, 16-byte {} loads and {} "
                       "stores, 4-way unrolled grid-stride loop, the copy repeated inside each "
                       "launch up to {} MiB per launch",
                       l.spec.device, l.geometry.grid, l.geometry.block,
                       l.load == kernels::LoadPolicy::uncached ? "ld.global.cv" : "ld.global",
                       l.store == kernels::StorePolicy::write_through ? "st.global.wt"
                                                                      : "st.global",
                       kSmBytesPerLaunch >> 20);
}

} // namespace linkperf::gpu
