#include "bench/path_runner.hpp"

namespace linkperf::bench {
namespace {

// A family without a set-up of its own to keep: every measurement is the family's measure().
class MeasuredEachTime final : public PreparedCase {
public:
    MeasuredEachTime(PathRunner& runner, Case c) : runner_(runner), case_(std::move(c)) {}
    Measurement measure(const SamplerConfig& sampler) override {
        return runner_.measure(case_, sampler);
    }

private:
    PathRunner& runner_;
    Case case_;
};

} // namespace

std::unique_ptr<PreparedCase> PathRunner::prepare(const Case& c) {
    return std::make_unique<MeasuredEachTime>(*this, c);
}

} // namespace linkperf::bench
