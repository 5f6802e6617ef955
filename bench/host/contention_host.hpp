#pragma once
// Contention measurements (docs/saturation.md): the victim measured alone, then again while
// an aggressor runs on other cores for the whole of the victim's measurement (started before
// it, seen completing passes before it starts and after it ends, stopped after), both flows'
// data verified; the entry's figures are the victim's under load, extra holds the victim alone
// and the interference ratio.
#include "core/measurement.hpp"
#include "core/sampler.hpp"

#include <functional>

namespace linkperf::bench {

// The victim measurement of a pair (host.read, host.copy, a GPU copy), called twice.
using VictimFn = std::function<Measurement()>;

// A flow started before the victim and stopped after it: passes() counts completed passes.
class Aggressor {
public:
    virtual ~Aggressor() = default;
    virtual std::uint64_t passes() const = 0;  // the slowest worker's completed passes
    virtual double bytes_per_pass() const = 0; // all workers together
    // Stops the workers, joins them and checks the data each pass moved; true when intact.
    virtual bool stop_and_verify(std::string& why) = 0;
    virtual nlohmann::json describe() const = 0;
};

// Runs the pair: alone, then with the aggressor `start()` returns (already running). Fills
// extra.victim, extra.aggressor, extra.alone, extra.interference_ratio and
// extra.aggressor_run; fails the case when the aggressor did not run throughout or its data
// did not survive.
Measurement measure_pair(const Case& pair, const VictimFn& victim,
                         const std::function<std::unique_ptr<Aggressor>()>& start);

// Host copies into the victim's memory node by the pair's aggressor PUs (cpus after the
// victim's `threads`), each copying its slice again and again until stopped.
std::unique_ptr<Aggressor> start_host_copy_aggressor(const std::vector<unsigned>& pus,
                                                     int source_node, int destination_node,
                                                     std::size_t bytes);

// host.read / host.copy victims against host.copy aggressors.
Measurement measure_host_contention(const Case& pair, const SamplerConfig& sampler);

} // namespace linkperf::bench
