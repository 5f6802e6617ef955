#include "bench/prepared_case_cache.hpp"

#include "core/error.hpp"
#include "platform/memory_budget.hpp"

#include <new>
#include <utility>

namespace linkperf::bench {
namespace {

void release(std::map<int, std::uint64_t>& held, const PreparedCase& p) {
    for (const auto& [node, bytes] : p.held_bytes()) {
        auto& h = held[node];
        h = h >= bytes ? h - bytes : 0;
    }
}

std::uint64_t total(const std::map<int, std::uint64_t>& bytes) {
    std::uint64_t sum = 0;
    for (const auto& [node, b] : bytes) {
        sum += b;
    }
    return sum;
}

} // namespace

PreparedCaseCache::PreparedCaseCache(UsableBytes usable, double share, std::uint64_t min_kept_bytes)
    : usable_(usable ? std::move(usable)
                     : UsableBytes([](int node) { return memory_budget(node).usable(); })),
      share_(share), min_kept_bytes_(min_kept_bytes) {}

template <typename F>
auto PreparedCaseCache::retried(const std::string& name, F&& f) -> decltype(f()) {
    if (held_.empty() || refused_.count(name) > 0) {
        return f();
    }
    try {
        return f();
    } catch (const Error& e) {
        if (e.code() != ExitCode::environment) {
            throw;
        }
    } catch (const std::bad_alloc&) {
    }
    clear();
    try {
        return f();
    } catch (...) {
        refused_.insert(name); // its own refusal: do not empty the cache for it again
        throw;
    }
}

std::unique_ptr<PreparedCase> PreparedCaseCache::take(const std::string& name, PathRunner& runner,
                                                      const Case& c, bool* kept) {
    if (const auto it = held_.find(name); it != held_.end()) {
        std::unique_ptr<PreparedCase> p = std::move(it->second);
        held_.erase(it);
        release(held_bytes_, *p);
        if (kept != nullptr) {
            *kept = true;
        }
        return p;
    }
    if (kept != nullptr) {
        *kept = false;
    }
    return retried(name, [&] { return runner.prepare(c); });
}

Measurement PreparedCaseCache::measure(const std::string& name, PreparedCase& p,
                                       const SamplerConfig& sampler) {
    return retried(name, [&] { return p.measure(sampler); });
}

void PreparedCaseCache::keep(const std::string& name, std::unique_ptr<PreparedCase> p) {
    if (!p || last_pass_) {
        return;
    }
    const auto bytes = p->held_bytes();
    if (total(bytes) < min_kept_bytes_) {
        return; // cheap to make again, and fresh pages each pass
    }
    for (const auto& [node, b] : bytes) {
        auto limit = limit_.find(node);
        if (limit == limit_.end()) {
            // What the node could give with nothing of ours held, less this case's buffers,
            // which are allocated already.
            const double could = static_cast<double>(usable_(node) + held_bytes(node) + b);
            limit = limit_.emplace(node, static_cast<std::uint64_t>(could * share_)).first;
        }
        if (held_bytes(node) + b > limit->second) {
            return; // set up anew next pass
        }
    }
    for (const auto& [node, b] : bytes) {
        held_bytes_[node] += b;
    }
    held_[name] = std::move(p);
}

void PreparedCaseCache::last_pass() {
    last_pass_ = true;
}

void PreparedCaseCache::clear() {
    held_.clear();
    held_bytes_.clear();
}

std::uint64_t PreparedCaseCache::held_bytes(int node) const {
    const auto it = held_bytes_.find(node);
    return it == held_bytes_.end() ? 0 : it->second;
}

} // namespace linkperf::bench
