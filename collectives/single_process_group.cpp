// A run without a launcher: one process, so every host collective is the identity.
#include "collectives/process_group.hpp"

#include <cstdio>
#include <cstdlib>

namespace linkperf::coll {
namespace {

class SingleProcessGroup final : public ProcessGroup {
public:
    int rank() const override { return 0; }
    int size() const override { return 1; }
    void barrier() override {}
    void quiet_barrier() override {}
    void all_reduce(std::span<double>, Reduction) override {}
    void all_reduce(std::span<std::uint64_t>, Reduction) override {}
    void broadcast(std::span<std::byte>, int) override {}
    std::vector<std::string> all_gather(const std::string& text) override { return {text}; }
    std::unique_ptr<ProcessGroup> first(int members) override {
        return members >= 1 ? std::make_unique<SingleProcessGroup>() : nullptr;
    }
    [[noreturn]] void abort(int exit_code) override {
        std::fflush(stdout);
        std::fflush(stderr);
        std::_Exit(exit_code);
    }
};

} // namespace

std::unique_ptr<ProcessGroup> make_single_process_group() {
    return std::make_unique<SingleProcessGroup>();
}

} // namespace linkperf::coll
