// One call into one library, for the link-alone test (tests/cmake/link_alone.cmake): built once
// per library with LINK_ALONE_<LIBRARY> defined and linked against that library alone. Exits 0
// when the call gives the expected answer.
#if defined(LINK_ALONE_CORE)
#include "core/units.hpp"
static bool check() {
    return linkperf::parse_size("4K") == 4096;
}
#elif defined(LINK_ALONE_PLATFORM)
#include "platform/host_info.hpp"
static bool check() {
    return !linkperf::read_host_info().isa.empty();
}
#elif defined(LINK_ALONE_GPU)
#include "gpu/gpu_inventory.hpp"
static bool check() {
    // Never throws; without a device or without CUDA it says why.
    const linkperf::gpu::GpuInventory inventory = linkperf::gpu::query_gpus();
    return inventory.available || !inventory.reason.empty();
}
#elif defined(LINK_ALONE_CUDA_RESOURCES)
#include "gpu/cuda/cuda_resources.hpp"
static bool check() {
    return !linkperf::gpu::error_classes().empty();
}
#elif defined(LINK_ALONE_BENCH)
#include "bench/results_table.hpp"

#include <cstdio>
static bool check() {
    std::FILE* sink = std::tmpfile();
    if (sink == nullptr) {
        return false;
    }
    linkperf::bench::print_tables(sink, {});
    return std::fclose(sink) == 0;
}
#elif defined(LINK_ALONE_RESULTS_MODEL)
#include "results_model/text_escape.hpp"
static bool check() {
    return linkperf::reports::html_escape("<a>") == "&lt;a&gt;";
}
#elif defined(LINK_ALONE_GATE)
#include "gate/run_stats.hpp"

#include <array>
static bool check() {
    const std::array<double, 3> values = {1.0, 3.0, 2.0};
    return linkperf::reports::median_of(values) == 2.0;
}
#elif defined(LINK_ALONE_REPORTS)
#include "reports/svg_chart.hpp"
static bool check() {
    return linkperf::reports::palette_colour(0)[0] == '#';
}
#elif defined(LINK_ALONE_FLEET)
#include "fleet/fleet_nodes.hpp"
static bool check() {
    return linkperf::reports::node_name_from_file("/data/node-7.json") == "node-7";
}
#elif defined(LINK_ALONE_HISTORY)
#include "history/history.hpp"
static bool check() {
    linkperf::reports::HistoryStore store;
    store.finish();
    return store.nodes().empty();
}
#elif defined(LINK_ALONE_NODE)
#include "node/nfd_labels.hpp"
static bool check() {
    return linkperf::valid_label_name("linkperf.dev/gpu.count") &&
           !linkperf::valid_label_name("linkperf.dev/-bad");
}
#elif defined(LINK_ALONE_RUN)
#include "run/run_driver.hpp"
static bool check() {
    return linkperf::run::pass_budget(linkperf::SamplerConfig{}, 4).warmup_samples == 0;
}
#elif defined(LINK_ALONE_COLL_OPS)
#include "collectives/ops/data_type.hpp"
static bool check() {
    using namespace linkperf::coll;
    return element_size(data_type_from_string("float32")) == 4;
}
#else
#error "define LINK_ALONE_<LIBRARY> (tests/cmake/link_alone.cmake)"
#endif

int main() {
    return check() ? 0 : 1;
}
