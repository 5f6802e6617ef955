// host.copy / host.read / host.write: a team of pinned threads, each streaming over its own
// slice of the buffer; one sample is every thread doing `reps` passes over its slice between a
// start and an end barrier, timed on the coordinating thread.
#include "bench/host/host_kernels.hpp"
#include "bench/host/host_measure.hpp"
#include "bench/host/worker_team.hpp"
#include "core/error.hpp"
#include "core/path_catalogue.hpp"
#include "core/units.hpp"

#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <utility>

namespace linkperf::bench {
namespace {

enum class Transfer { copy, read, write };

// A streaming path of the catalogue (PathGroup::host_stream) is measured here: each needs its
// transfer, so a new one cannot be measured as another by mistake.
Transfer transfer_of(const std::string& path) {
    if (const std::optional<PathId> id = path_id_of(path)) {
        switch (*id) {
        case PathId::host_copy:
            return Transfer::copy;
        case PathId::host_read:
            return Transfer::read;
        case PathId::host_write:
            return Transfer::write;
        default:
            break;
        }
    }
    throw usage_error("not a streaming host path: '" + path + "'");
}

// Slice [begin, end) of member m when `bytes` are split over n members in whole cache lines,
// so no two threads ever write the same line.
std::pair<std::size_t, std::size_t> slice(std::size_t bytes, std::size_t n, std::size_t m) {
    constexpr std::size_t kLine = 64;
    const std::size_t lines = bytes / kLine;
    const std::size_t begin = lines * m / n * kLine;
    const std::size_t end = m + 1 == n ? bytes : lines * (m + 1) / n * kLine;
    return {begin, end};
}

// A value per thread on its own cache line, so the threads' results do not share lines.
struct alignas(64) PerThread {
    std::uint64_t sum = 0;
    std::uint64_t passes = 0;
};

// The initial contents of the memory under test: distinct words no fill could fake.
std::uint64_t word_at(std::size_t index) {
    return (index + 1) * 0x9E3779B97F4A7C15ULL;
}

constexpr std::uint64_t kWritePattern = 0xA5A5'5A5A'0F0F'F0F0ULL;

// The buffers of one bandwidth case, allocated, placed and first-touched once; every
// measure() samples them with a fresh team of pinned threads and checks the data it moved.
class HostBandwidthCase final : public PreparedCase {
public:
    explicit HostBandwidthCase(const Case& c)
        : case_(c), transfer_(transfer_of(c.path.id)), size_(c.size_bytes),
          // The memory under test lives on the endpoint that is not the threads' CPUs; a
          // copy's destination is on the threads' own node.
          memory_node_(transfer_ == Transfer::write ? c.destination.id : c.source.id),
          local_node_(transfer_ == Transfer::copy ? c.destination.id : -1),
          memory_(checked_size(c, transfer_, memory_node_, local_node_), memory_node_) {
        if (transfer_ == Transfer::copy) {
            local_ = std::make_unique<NumaBuffer>(size_, local_node_);
        }
        // Each thread first-touches its own slice: with a node policy the pages land on that
        // node whoever touches them, and the touch allocates them before any timing.
        WorkerTeam team(case_.cpus);
        const std::size_t n = team.size();
        team.run([&](std::size_t t) {
            const auto [b, e] = slice(size_, n, t);
            for (std::size_t i = b; i + 8 <= e; i += 8) {
                const std::uint64_t w = word_at(i / 8);
                std::memcpy(memory_.data() + i, &w, 8);
            }
            for (std::size_t i = size_ / 8 * 8; i < e; ++i) {
                memory_.data()[i] = std::byte{0x5a};
            }
        });
    }

    std::map<int, std::uint64_t> held_bytes() const override {
        std::map<int, std::uint64_t> held{{memory_node_, size_}};
        if (local_) {
            held[local_node_] += size_;
        }
        return held;
    }

    Measurement measure(const SamplerConfig& sampler) override;

private:
    // The case's size, after checking that its buffers fit where they go.
    static std::size_t checked_size(const Case& c, Transfer transfer, int memory_node,
                                    int local_node) {
        const std::size_t size = c.size_bytes;
        if (transfer == Transfer::copy && memory_node == local_node) {
            require_memory(2 * std::uint64_t{size}, memory_node, c);
        } else {
            require_memory(size, memory_node, c);
            if (transfer == Transfer::copy) {
                require_memory(size, local_node, c);
            }
        }
        return size;
    }

    Case case_;
    Transfer transfer_;
    std::size_t size_;
    int memory_node_;
    int local_node_;
    NumaBuffer memory_;
    std::unique_ptr<NumaBuffer> local_;
    // The write pattern goes on across measurements: each batch stores a new one, so the
    // check sees the last batch's stores and not a pattern an earlier measurement left.
    std::uint64_t pattern_ = kWritePattern;
};

Measurement HostBandwidthCase::measure(const SamplerConfig& sampler) {
    const Case& c = case_;
    Measurement m;
    m.test_case = c;
    const std::size_t size = size_;
    NumaBuffer& memory = memory_;
    WorkerTeam team(c.cpus);
    const std::size_t n = team.size();
    if (local_) {
        // Cleared before every measurement, so the check after it sees this one's copies and
        // not what an earlier measurement of a kept case left.
        team.run([&](std::size_t t) {
            const auto [b, e] = slice(size, n, t);
            std::memset(local_->data() + b, 0, e - b);
        });
    }
    std::byte* const local = local_ ? local_->data() : nullptr;

    // Plain stores while the data fits in the caches serving the threads, streaming stores
    // past them (a copy touches both buffers).
    const CacheSizes caches = caches_for(c.cpus);
    const std::size_t working_set = transfer_ == Transfer::copy ? 2 * size : size;
    const StoreKind stores = transfer_ == Transfer::read
                                 ? StoreKind::temporal
                                 : store_kind_for(working_set, caches.llc_all);
    std::vector<PerThread> per_thread(n);
    std::uint64_t& pattern = pattern_;

    BatchFn batch;
    switch (transfer_) {
    case Transfer::copy:
        batch = [&](std::uint64_t reps) {
            return team.run([&](std::size_t t) {
                const auto [b, e] = slice(size, n, t);
                for (std::uint64_t r = 0; r < reps; ++r) {
                    copy_bytes(local + b, memory.data() + b, e - b, stores);
                    clobber_memory();
                }
            });
        };
        break;
    case Transfer::read:
        batch = [&](std::uint64_t reps) {
            return team.run([&](std::size_t t) {
                const auto [b, e] = slice(size, n, t);
                std::uint64_t sum = 0;
                for (std::uint64_t r = 0; r < reps; ++r) {
                    sum += read_bytes(memory.data() + b, e - b);
                    clobber_memory();
                }
                per_thread[t].sum = sum;
                per_thread[t].passes = reps;
            });
        };
        break;
    case Transfer::write:
        batch = [&](std::uint64_t reps) {
            // A new pattern per batch, so the check below sees the last batch's stores.
            ++pattern;
            return team.run([&](std::size_t t) {
                const auto [b, e] = slice(size, n, t);
                for (std::uint64_t r = 0; r < reps; ++r) {
                    write_bytes(memory.data() + b, e - b, pattern, stores);
                    clobber_memory();
                }
            });
        };
        break;
    }
    const SampleSet set = run_samples(batch, sampler);
    m.bytes_per_op = size;
    finish_samples(m, set, static_cast<double>(m.bytes_per_op));

    switch (transfer_) {
    case Transfer::copy:
        m.data_verified = std::memcmp(local, memory.data(), size) == 0;
        break;
    case Transfer::read:
        m.data_verified = true;
        for (std::size_t t = 0; t < n; ++t) {
            const auto [b, e] = slice(size, n, t);
            const std::uint64_t one_pass = checksum_reference(memory.data() + b, e - b);
            m.data_verified = m.data_verified && per_thread[t].passes > 0 &&
                              per_thread[t].sum == one_pass * per_thread[t].passes;
        }
        break;
    case Transfer::write:
        // Slices start on whole lines, so the per-slice pattern is the whole buffer's pattern.
        m.data_verified = pattern_intact(memory.data(), size, pattern);
        break;
    }
    std::vector<const NumaBuffer*> buffers{&memory};
    if (local_) {
        buffers.push_back(local_.get());
    }
    record_placement(m, buffers, team.seen_pus(), c.cpus);
    m.extra["stores"] = transfer_ == Transfer::read ? "none (loads only)" : to_string(stores);
    m.extra["stream_store_method"] = stream_store_method();
    m.extra["vector_path"] = vector_path();
    m.extra["working_set_bytes"] = working_set;
    m.extra["passes_per_sample"] = set.reps_per_sample;
    m.extra["caches"] = cache_facts(caches);
    if (!m.data_verified) {
        m.status = CaseStatus::failed;
        m.error = "data verification failed: " + c.name() +
                  (transfer_ == Transfer::copy   ? " destination differs from the source"
                   : transfer_ == Transfer::read ? " checksum differs from the memory's"
                                                 : " memory does not hold the written pattern");
    }
    return m;
}

} // namespace

std::unique_ptr<PreparedCase> prepare_host_bandwidth(const Case& c) {
    return std::make_unique<HostBandwidthCase>(c);
}

Measurement measure_host_bandwidth(const Case& c, const SamplerConfig& sampler) {
    return HostBandwidthCase(c).measure(sampler);
}

} // namespace linkperf::bench
