#pragma once
// A case of a scripted (test-only) family: what the runner and run-driver tests measure when
// what they test is the driving, not a measurement.
#include "core/case.hpp"

namespace linkperf::testing {

// Host memory read by host threads, 4 KiB << n: n tells a test's cases apart.
inline Case scripted_case(unsigned n) {
    Case c;
    c.path = {"test.scripted", Metric::bandwidth, "bytes"};
    c.source = {EndpointKind::host_memory, 0, "local", "numa"};
    c.destination = {EndpointKind::host_cpu, 0, "cpu", ""};
    c.size_bytes = 4096ULL << n;
    return c;
}

} // namespace linkperf::testing
