#pragma once
// The prepared cases of `linkperf run --repeat`, kept from one pass to the next so each pass
// pays for measuring, not for setting up. Only a case holding min_kept_bytes or more is kept
// (large buffers: costly to place and fill, and their placement averages over many pages); a
// smaller one is made anew in every pass, so its passes each get fresh pages and their medians
// sample page placement, a run-to-run noise source. The rule is the case's size, not a clock,
// so a slower or busier machine keeps the same cases. Bounded: the memory held on a NUMA node
// stays within a share of what that node could give when the cache first held memory there; a
// case that would pass the bound is set up anew in every pass, as without the cache.
#include "bench/path_runner.hpp"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

namespace linkperf::bench {

class PreparedCaseCache {
public:
    // usable(node): the bytes node could still give (default: the usable part of
    // platform/memory_budget's figure).
    using UsableBytes = std::function<std::uint64_t(int node)>;
    static constexpr std::uint64_t kMinKeptBytes = std::uint64_t{16} << 20;
    explicit PreparedCaseCache(UsableBytes usable = {}, double share = 0.25,
                               std::uint64_t min_kept_bytes = kMinKeptBytes);

    // The case kept under `name` (`kept` set true), or prepare(c) of `runner`.
    std::unique_ptr<PreparedCase> take(const std::string& name, PathRunner& runner, const Case& c,
                                       bool* kept = nullptr);
    // p->measure(sampler). Set-up (take) and measurement refused for memory (Error environment,
    // std::bad_alloc) while the cache holds memory are retried once with the cache emptied, so
    // keeping earlier cases never skips a case that fits on its own; a case refused even then
    // does not empty the cache again in later passes.
    Measurement measure(const std::string& name, PreparedCase& p, const SamplerConfig& sampler);
    // Keeps `p` for the next pass when it holds min_kept_bytes or more, fits the bound and this
    // is not the last pass.
    void keep(const std::string& name, std::unique_ptr<PreparedCase> p);
    // From now on keep() holds nothing and what is held is released as it is taken.
    void last_pass();
    void clear();

    std::size_t size() const { return held_.size(); }
    std::uint64_t held_bytes(int node) const;

private:
    // Runs f; on a memory refusal with something held (and the case not refused before),
    // empties the cache and runs f again.
    template <typename F> auto retried(const std::string& name, F&& f) -> decltype(f());

    UsableBytes usable_;
    double share_;
    std::uint64_t min_kept_bytes_;
    bool last_pass_ = false;
    std::map<std::string, std::unique_ptr<PreparedCase>> held_;
    std::map<int, std::uint64_t> held_bytes_;
    std::map<int, std::uint64_t> limit_; // per node, fixed when first needed
    std::set<std::string> refused_;      // refused for memory with the cache empty
};

} // namespace linkperf::bench
