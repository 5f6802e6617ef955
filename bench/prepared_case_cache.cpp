#include "bench/prepared_case_cache.hpp"

#include "core/error.hpp"
#include "platform/memory_budget.hpp"

#include <chrono>
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

} // namespace

PreparedCaseCache::PreparedCaseCache(UsableBytes usable, double share, double min_setup_seconds)
    : usable_(usable ? std::move(usable)
                     : UsableBytes([](int node) { return memory_budget(node).usable(); })),
      share_(share), min_setup_seconds_(min_setup_seconds) {}

std::unique_ptr<PreparedCase> PreparedCaseCache::take(const std::string& name, PathRunner& runner,
                                                      const Case& c) {
    if (const auto it = held_.find(name); it != held_.end()) {
        std::unique_ptr<PreparedCase> p = std::move(it->second);
        held_.erase(it);
        release(held_bytes_, *p);
        return p;
    }
    const auto start = std::chrono::steady_clock::now();
    const auto timed = [&](std::unique_ptr<PreparedCase> p) {
        setup_seconds_[name] =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return p;
    };
    if (held_.empty()) {
        return timed(runner.prepare(c));
    }
    try {
        return timed(runner.prepare(c));
    } catch (const Error& e) {
        if (e.code() != ExitCode::environment) {
            throw;
        }
    } catch (const std::bad_alloc&) {
    }
    clear();
    return timed(runner.prepare(c));
}

void PreparedCaseCache::keep(const std::string& name, std::unique_ptr<PreparedCase> p) {
    if (!p || last_pass_) {
        return;
    }
    if (const auto t = setup_seconds_.find(name);
        t == setup_seconds_.end() || t->second < min_setup_seconds_) {
        return; // cheap to make again, and fresh pages each pass
    }
    const auto bytes = p->held_bytes();
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
