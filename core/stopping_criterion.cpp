#include "core/stopping_criterion.hpp"

#include "core/entropy_criterion.hpp"
#include "core/error.hpp"
#include "core/stdrel_criterion.hpp"

namespace linkperf {

const char* to_string(Criterion criterion) {
    switch (criterion) {
    case Criterion::stdrel:
        return "stdrel";
    case Criterion::entropy:
        return "entropy";
    }
    return "unknown";
}

Criterion criterion_from_string(const std::string& text) {
    for (const Criterion c : {Criterion::stdrel, Criterion::entropy}) {
        if (text == to_string(c)) {
            return c;
        }
    }
    throw usage_error("unknown stopping criterion '" + text + "': use stdrel or entropy");
}

std::unique_ptr<StoppingCriterion> make_criterion(Criterion kind, double target_stdrel) {
    switch (kind) {
    case Criterion::entropy:
        return std::make_unique<EntropyCriterion>();
    case Criterion::stdrel:
        break;
    }
    return std::make_unique<StdrelCriterion>(target_stdrel);
}

} // namespace linkperf
