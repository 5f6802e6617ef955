#pragma once
// The host family's measurements, one file each (host_bandwidth.cpp, host_latency.cpp,
// host_c2c.cpp, host_cold.cpp), and what they share: the memory check, the statistics in the path's
// unit and the placement record.
#include "bench/host/host_caches.hpp"
#include "bench/path_runner.hpp"
#include "bench/sample_summary.hpp"
#include "core/measurement.hpp"
#include "core/sampler.hpp"
#include "platform/numa_buffer.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <vector>

namespace linkperf::bench {

// host.copy, host.read, host.write: threads of the destination node (copy, read) or source
// node (write) stream over memory of the other endpoint's node.
Measurement measure_host_bandwidth(const Case& c, const SamplerConfig& sampler);
// host.latency: a pointer chase through memory of the source node from one core.
Measurement measure_host_latency(const Case& c, const SamplerConfig& sampler);
// The same two set up once for several measurements (`linkperf run --repeat`): buffers
// allocated, placed and filled (the chase built and checked) here, not in each measure().
std::unique_ptr<PreparedCase> prepare_host_bandwidth(const Case& c);
std::unique_ptr<PreparedCase> prepare_host_latency(const Case& c);
// host.c2c: one-way cache-line hand-over between the two PUs of the case.
Measurement measure_host_c2c(const Case& c, const SamplerConfig& sampler);
// host.read.cold, host.latency.cold: one thread, the buffer's lines flushed before every pass.
Measurement measure_host_cold(const Case& c, const SamplerConfig& sampler);

// Throws Error(environment) naming the case when `bytes` more on NUMA node `node` would
// not fit in the usable part of its memory_budget (the runner skips the case with that reason).
void require_memory(std::uint64_t bytes, int node, const Case& c);

// Checks the buffers' pages and the PUs the threads were seen on (-1: unknown) against the
// ones asked for; a mismatch leaves placement.verified false with the finding in detail.
void record_placement(Measurement& m, const std::vector<const NumaBuffer*>& buffers,
                      const std::vector<int>& seen, const std::vector<unsigned>& wanted);

// {"l1d_bytes", "l2_bytes", "llc_bytes", "llc_level", "llc_bytes_all_threads", "source"}.
nlohmann::json cache_facts(const CacheSizes& caches);

} // namespace linkperf::bench
