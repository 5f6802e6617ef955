#pragma once
// The prepared cases of `linkperf run --repeat`, kept from one pass to the next so each pass
// pays for measuring, not for setting up. Only a set-up that costs (min_setup_seconds or more)
// is kept: a cheap one is made anew in every pass, so its passes each get fresh pages and their
// medians sample page placement, a run-to-run noise source, instead of carrying one placement
// through every pass. Bounded: the memory held on a NUMA node stays within a share of what that
// node could give when the cache first held memory there; a case that would pass the bound is
// set up anew in every pass, as without the cache.
#include "bench/path_runner.hpp"

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace linkperf::bench {

class PreparedCaseCache {
public:
    // usable(node): the bytes node could still give (default: the usable part of
    // platform/memory_budget's figure).
    using UsableBytes = std::function<std::uint64_t(int node)>;
    explicit PreparedCaseCache(UsableBytes usable = {}, double share = 0.25,
                               double min_setup_seconds = 0.05);

    // The case kept under `name`, or prepare(c) of `runner`. A set-up refused for memory
    // (Error environment, std::bad_alloc) while the cache holds memory is retried once with
    // the cache emptied, so keeping earlier cases never skips a case that fits on its own.
    std::unique_ptr<PreparedCase> take(const std::string& name, PathRunner& runner, const Case& c);
    // Keeps `p` for the next pass when its set-up (timed by take()) cost min_setup_seconds or
    // more, it fits the bound and this is not the last pass.
    void keep(const std::string& name, std::unique_ptr<PreparedCase> p);
    // From now on keep() holds nothing and what is held is released as it is taken.
    void last_pass();
    void clear();

    std::size_t size() const { return held_.size(); }
    std::uint64_t held_bytes(int node) const;

private:
    UsableBytes usable_;
    double share_;
    double min_setup_seconds_;
    bool last_pass_ = false;
    std::map<std::string, double> setup_seconds_; // of each case's last set-up
    std::map<std::string, std::unique_ptr<PreparedCase>> held_;
    std::map<int, std::uint64_t> held_bytes_;
    std::map<int, std::uint64_t> limit_; // per node, fixed when first needed
};

} // namespace linkperf::bench
