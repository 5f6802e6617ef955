#include "core/telemetry.hpp"

#include "core/pci_bus_id.hpp"

#include <algorithm>

namespace linkperf {
namespace {

template <typename Get> std::optional<Range> range_of(const std::vector<GpuSample>& s, Get get) {
    if (s.empty()) {
        return std::nullopt;
    }
    Range r{get(s.front()), get(s.front()), 0};
    double sum = 0;
    for (const auto& x : s) {
        const double v = get(x);
        r.min = std::min(r.min, v);
        r.max = std::max(r.max, v);
        sum += v;
    }
    r.mean = sum / static_cast<double>(s.size());
    return r;
}

nlohmann::json to_json(const Range& r) {
    return {{"min", r.min}, {"max", r.max}, {"mean", r.mean}};
}

std::optional<std::uint64_t> counter_change(const std::vector<GpuSample>& s,
                                            std::optional<std::uint64_t> GpuSample::*field) {
    if (s.empty() || !(s.front().*field) || !(s.back().*field)) {
        return std::nullopt;
    }
    const std::uint64_t first = *(s.front().*field);
    const std::uint64_t last = *(s.back().*field);
    return last >= first ? std::optional<std::uint64_t>(last - first) : std::nullopt;
}

// Below this share of its reference clock (base_frequency, else cpuinfo_max_freq) a busy CPU
// is throttled. Turbo, HWP and AVX frequency offsets stay above it; a CPU held at its lowest
// P-state by a thermal or power limit does not.
constexpr double kCpuThrottleShare = 0.7;

bool cpu_throttled(const TelemetryRecord& record, unsigned cpu,
                   const std::vector<double>& readings) {
    // The kernel's thermal_throttle counters, when this CPU has them: did one increase?
    if (const auto it = record.cpu_throttle_count.find(cpu);
        it != record.cpu_throttle_count.end() && it->second.size() >= 2) {
        return it->second.back() > it->second.front();
    }
    const auto ref = record.cpu_reference_mhz.find(cpu);
    if (ref == record.cpu_reference_mhz.end() || ref->second <= 0 || readings.empty()) {
        return false; // nothing to judge against
    }
    // The first reading is taken before the case starts working: a CPU ramping up from idle is
    // not throttling, so with three or more readings it is left out.
    const auto from = readings.size() >= 3 ? readings.begin() + 1 : readings.begin();
    double sum = 0;
    for (auto it = from; it != readings.end(); ++it) {
        sum += *it;
    }
    const double busy_mean = sum / static_cast<double>(readings.end() - from);
    return busy_mean < kCpuThrottleShare * ref->second;
}

} // namespace

std::vector<std::string> gpu_slowdown_reasons(std::uint64_t reasons) {
    static const std::pair<std::uint64_t, const char*> kSlowdowns[] = {
        {0x4, "sw_power_cap"}, {0x8, "hw_slowdown"},     {0x20, "sw_thermal"},
        {0x40, "hw_thermal"},  {0x80, "hw_power_brake"},
    };
    std::vector<std::string> out;
    for (const auto& [bit, name] : kSlowdowns) {
        if ((reasons & bit) != 0) {
            out.emplace_back(name);
        }
    }
    return out;
}

TelemetrySummary summarize_telemetry(const TelemetryRecord& record,
                                     const std::vector<unsigned>& cpus,
                                     const std::optional<std::vector<std::string>>& gpus) {
    TelemetrySummary s;
    s.samples = record.ticks;
    s.cpu_unavailable = record.cpu_unavailable;
    s.gpu_unavailable = record.gpu_unavailable;

    double sum = 0;
    std::size_t n = 0;
    Range r{0, 0, 0};
    for (const auto& [cpu, readings] : record.cpu_mhz) {
        if (readings.empty() ||
            (!cpus.empty() && std::find(cpus.begin(), cpus.end(), cpu) == cpus.end())) {
            continue;
        }
        const auto [lo, hi] = std::minmax_element(readings.begin(), readings.end());
        r.min = n == 0 ? *lo : std::min(r.min, *lo);
        r.max = n == 0 ? *hi : std::max(r.max, *hi);
        for (const double v : readings) {
            sum += v;
            ++n;
        }
        if (cpu_throttled(record, cpu, readings)) {
            s.cpu_throttled = true;
        }
    }
    if (n > 0) {
        r.mean = sum / static_cast<double>(n);
        s.cpu_mhz = r;
    } else if (s.cpu_unavailable.empty()) {
        s.cpu_unavailable = "no reading for the measuring CPUs";
    }

    std::map<unsigned, std::vector<GpuSample>> by_device;
    for (const auto& g : record.gpu) {
        by_device[g.device].push_back(g);
    }
    for (const auto& [device, samples] : by_device) {
        GpuTelemetry t;
        t.device = device;
        t.sm_mhz = *range_of(samples, [](const GpuSample& x) { return x.sm_mhz; });
        t.memory_mhz = *range_of(samples, [](const GpuSample& x) { return x.memory_mhz; });
        t.temperature_c = *range_of(samples, [](const GpuSample& x) { return x.temperature_c; });
        t.power_w = *range_of(samples, [](const GpuSample& x) { return x.power_w; });
        t.pcie_tx_mbps = *range_of(samples, [](const GpuSample& x) { return x.pcie_tx_mbps; });
        t.pcie_rx_mbps = *range_of(samples, [](const GpuSample& x) { return x.pcie_rx_mbps; });
        t.nvlink_tx_kib = counter_change(samples, &GpuSample::nvlink_tx_kib);
        t.nvlink_rx_kib = counter_change(samples, &GpuSample::nvlink_rx_kib);
        std::uint64_t seen = 0;
        for (const auto& x : samples) {
            seen |= x.event_reasons;
        }
        t.throttle_reasons = gpu_slowdown_reasons(seen);
        t.throttled = !t.throttle_reasons.empty();
        s.gpus.push_back(t);
    }
    // The GPUs that count: those the case uses, when the caller names them and the sampler
    // knows every device's bus id; every GPU otherwise.
    auto counts = [&](const GpuTelemetry& g) {
        if (!gpus || record.gpu_bus_ids.empty()) {
            return true;
        }
        if (g.device >= record.gpu_bus_ids.size()) {
            return true; // a device the sampler could not name: not left out
        }
        return std::any_of(gpus->begin(), gpus->end(), [&](const std::string& id) {
            return same_pci_bus_id(record.gpu_bus_ids[g.device], id);
        });
    };
    s.throttled = s.cpu_throttled ||
                  std::any_of(s.gpus.begin(), s.gpus.end(),
                              [&](const GpuTelemetry& g) { return g.throttled && counts(g); });
    return s;
}

nlohmann::json to_json(const TelemetrySummary& s) {
    nlohmann::json j;
    j["cpu_mhz"] =
        s.cpu_mhz ? to_json(*s.cpu_mhz) : nlohmann::json("unavailable: " + s.cpu_unavailable);
    if (s.gpus.empty()) {
        j["gpu"] = "unavailable: " +
                   (s.gpu_unavailable.empty() ? std::string("no GPU sample") : s.gpu_unavailable);
    } else {
        j["gpu"] = nlohmann::json::array();
        for (const auto& g : s.gpus) {
            nlohmann::json e = {{"device", g.device},
                                {"sm_mhz", to_json(g.sm_mhz)},
                                {"memory_mhz", to_json(g.memory_mhz)},
                                {"temperature_c", to_json(g.temperature_c)},
                                {"power_w", to_json(g.power_w)},
                                {"pcie_tx_mbps", to_json(g.pcie_tx_mbps)},
                                {"pcie_rx_mbps", to_json(g.pcie_rx_mbps)},
                                {"throttle_reasons", g.throttle_reasons},
                                {"throttled", g.throttled}};
            e["nvlink_tx_kib"] =
                g.nvlink_tx_kib ? nlohmann::json(*g.nvlink_tx_kib) : nlohmann::json("unavailable");
            e["nvlink_rx_kib"] =
                g.nvlink_rx_kib ? nlohmann::json(*g.nvlink_rx_kib) : nlohmann::json("unavailable");
            j["gpu"].push_back(e);
        }
    }
    j["cpu_throttled"] = s.cpu_throttled;
    j["throttled"] = s.throttled;
    j["samples"] = s.samples;
    return j;
}

} // namespace linkperf
