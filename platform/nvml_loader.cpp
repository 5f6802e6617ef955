#include "platform/nvml_loader.hpp"

#include "core/pci_bus_id.hpp"

#include <dlfcn.h>

#include <cstdint>
#include <cstring>

namespace linkperf {
namespace {

// NVML's C ABI (nvml.h): return codes are ints (0 = NVML_SUCCESS), devices opaque pointers.
using Device = void*;
using InitFn = int (*)();
using CountFn = int (*)(unsigned*);
using HandleFn = int (*)(unsigned, Device*);
using ClockFn = int (*)(Device, int, unsigned*);        // nvmlDeviceGetClockInfo
using TempFn = int (*)(Device, int, unsigned*);         // nvmlDeviceGetTemperature
using PowerFn = int (*)(Device, unsigned*);             // nvmlDeviceGetPowerUsage, mW
using PcieFn = int (*)(Device, int, unsigned*);         // nvmlDeviceGetPcieThroughput, KB/s
using ReasonsFn = int (*)(Device, unsigned long long*); // ...ClocksEventReasons / ThrottleReasons

// nvmlFieldValue_t: the value union sits at byte 32 (docs and pynvml agree).
struct FieldValue {
    unsigned field_id;
    unsigned scope_id;
    long long timestamp;
    long long latency_usec;
    int value_type;
    int nvml_return;
    union {
        double d;
        unsigned ui;
        unsigned long ul;
        unsigned long long ull;
        long long sll;
        int si;
        unsigned short us;
    } value;
};
static_assert(sizeof(FieldValue) == 40, "nvmlFieldValue_t layout");
using FieldsFn = int (*)(Device, int, FieldValue*);

// nvmlPciInfo_t (nvml.h, unchanged since NVML 10).
struct PciInfo {
    char bus_id_legacy[16];
    unsigned domain;
    unsigned bus;
    unsigned device;
    unsigned pci_device_id;
    unsigned pci_subsystem_id;
    char bus_id[32];
};
static_assert(sizeof(PciInfo) == 68, "nvmlPciInfo_t layout");
using PciFn = int (*)(Device, PciInfo*);                 // nvmlDeviceGetPciInfo_v3
using LinkStateFn = int (*)(Device, unsigned, int*);     // nvmlDeviceGetNvLinkState
using RemotePciFn = int (*)(Device, unsigned, PciInfo*); // ...GetNvLinkRemotePciInfo_v2
using RemoteTypeFn = int (*)(Device, unsigned, int*);    // ...GetNvLinkRemoteDeviceType
constexpr unsigned kMaxNvlinks = 18;                     // NVML_NVLINK_MAX_LINKS
constexpr int kRemoteSwitch = 2;                         // NVML_NVLINK_DEVICE_TYPE_SWITCH

// "00000000:1B:00.0" -> "0000:1b:00.0", as sysfs and hwloc spell it.
std::string bus_id_of(const PciInfo& p) {
    const std::string text(p.bus_id, strnlen(p.bus_id, sizeof p.bus_id));
    if (auto id = PciBusId::parse(text)) {
        return id->str();
    }
    return PciBusId::from_fields(p.domain, p.bus, p.device, 0).str();
}

constexpr int kClockSm = 1;         // NVML_CLOCK_SM
constexpr int kClockMem = 2;        // NVML_CLOCK_MEM
constexpr int kTempGpu = 0;         // NVML_TEMPERATURE_GPU
constexpr int kPcieTx = 0;          // NVML_PCIE_UTIL_TX_BYTES
constexpr int kPcieRx = 1;          // NVML_PCIE_UTIL_RX_BYTES
constexpr unsigned kNvlinkTx = 138; // NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_TX (KiB, cumulative)
constexpr unsigned kNvlinkRx = 139; // NVML_FI_DEV_NVLINK_THROUGHPUT_DATA_RX

std::optional<std::uint64_t> field_u64(const FieldValue& f) {
    if (f.nvml_return != 0) {
        return std::nullopt;
    }
    switch (f.value_type) {
    case 1:
        return f.value.ui;
    case 2:
        return f.value.ul;
    case 3:
        return f.value.ull;
    case 4:
        return f.value.sll >= 0 ? std::optional<std::uint64_t>(f.value.sll) : std::nullopt;
    default:
        return std::nullopt;
    }
}

template <typename F> F symbol(void* lib, const char* name) {
    return reinterpret_cast<F>(::dlsym(lib, name));
}

} // namespace

struct Nvml::Api {
    InitFn shutdown = nullptr;
    ClockFn clock = nullptr;
    TempFn temperature = nullptr;
    PowerFn power = nullptr;
    PcieFn pcie = nullptr;
    ReasonsFn reasons = nullptr;
    FieldsFn fields = nullptr;
    PciFn pci = nullptr;
    LinkStateFn link_state = nullptr;
    RemotePciFn remote_pci = nullptr;
    RemoteTypeFn remote_type = nullptr;
};

std::unique_ptr<Nvml> Nvml::open(std::string& reason, const char* library) {
    void* lib = ::dlopen(library, RTLD_NOW | RTLD_LOCAL);
    if (lib == nullptr) {
        reason = std::string(library) + " not found (no NVIDIA driver)";
        return nullptr;
    }
    std::unique_ptr<Nvml> nvml(new Nvml());
    nvml->library_ = lib;
    nvml->api_ = std::make_unique<Api>();
    const auto init = symbol<InitFn>(lib, "nvmlInit_v2");
    const auto count = symbol<CountFn>(lib, "nvmlDeviceGetCount_v2");
    const auto handle = symbol<HandleFn>(lib, "nvmlDeviceGetHandleByIndex_v2");
    Api& api = *nvml->api_;
    api.clock = symbol<ClockFn>(lib, "nvmlDeviceGetClockInfo");
    api.temperature = symbol<TempFn>(lib, "nvmlDeviceGetTemperature");
    api.power = symbol<PowerFn>(lib, "nvmlDeviceGetPowerUsage");
    api.pcie = symbol<PcieFn>(lib, "nvmlDeviceGetPcieThroughput");
    api.reasons = symbol<ReasonsFn>(lib, "nvmlDeviceGetCurrentClocksEventReasons");
    if (api.reasons == nullptr) {
        api.reasons = symbol<ReasonsFn>(lib, "nvmlDeviceGetCurrentClocksThrottleReasons");
    }
    api.fields = symbol<FieldsFn>(lib, "nvmlDeviceGetFieldValues");
    api.pci = symbol<PciFn>(lib, "nvmlDeviceGetPciInfo_v3");
    api.link_state = symbol<LinkStateFn>(lib, "nvmlDeviceGetNvLinkState");
    api.remote_pci = symbol<RemotePciFn>(lib, "nvmlDeviceGetNvLinkRemotePciInfo_v2");
    api.remote_type = symbol<RemoteTypeFn>(lib, "nvmlDeviceGetNvLinkRemoteDeviceType");
    const auto shutdown = symbol<InitFn>(lib, "nvmlShutdown");
    if (init == nullptr || count == nullptr || handle == nullptr || shutdown == nullptr) {
        reason = std::string(library) + " lacks nvmlInit_v2/nvmlDeviceGetCount_v2";
        return nullptr; // the destructor closes the library; shutdown is not called
    }
    if (init() != 0) {
        reason = "nvmlInit failed (driver not loaded?)";
        return nullptr;
    }
    api.shutdown = shutdown; // from here on the destructor balances nvmlInit
    unsigned n = 0;
    if (count(&n) != 0 || n == 0) {
        reason = "NVML reports no GPU";
        return nullptr;
    }
    for (unsigned i = 0; i < n; ++i) {
        Device d = nullptr;
        if (handle(i, &d) == 0) {
            nvml->devices_.push_back(d);
        }
    }
    return nvml;
}

Nvml::~Nvml() {
    if (api_ && api_->shutdown != nullptr) {
        api_->shutdown();
    }
    if (library_ != nullptr) {
        ::dlclose(library_);
    }
}

std::vector<GpuSample> Nvml::sample() const {
    std::vector<GpuSample> out;
    const Api& a = *api_;
    for (unsigned i = 0; i < devices_.size(); ++i) {
        Device d = devices_[i];
        GpuSample s;
        s.device = i;
        unsigned v = 0;
        if (a.clock != nullptr && a.clock(d, kClockSm, &v) == 0) {
            s.sm_mhz = v;
        }
        if (a.clock != nullptr && a.clock(d, kClockMem, &v) == 0) {
            s.memory_mhz = v;
        }
        if (a.temperature != nullptr && a.temperature(d, kTempGpu, &v) == 0) {
            s.temperature_c = v;
        }
        if (a.power != nullptr && a.power(d, &v) == 0) {
            s.power_w = v / 1000.0;
        }
        if (a.pcie != nullptr && a.pcie(d, kPcieTx, &v) == 0) {
            s.pcie_tx_mbps = v / 1000.0;
        }
        if (a.pcie != nullptr && a.pcie(d, kPcieRx, &v) == 0) {
            s.pcie_rx_mbps = v / 1000.0;
        }
        unsigned long long reasons = 0;
        if (a.reasons != nullptr && a.reasons(d, &reasons) == 0) {
            s.event_reasons = reasons;
        }
        if (a.fields != nullptr) {
            FieldValue f[2]{};
            f[0].field_id = kNvlinkTx;
            f[1].field_id = kNvlinkRx;
            if (a.fields(d, 2, f) == 0) {
                s.nvlink_tx_kib = field_u64(f[0]);
                s.nvlink_rx_kib = field_u64(f[1]);
            }
        }
        out.push_back(s);
    }
    return out;
}

std::vector<NvlinkFacts> Nvml::nvlinks() const {
    std::vector<NvlinkFacts> out;
    const Api& a = *api_;
    if (a.pci == nullptr || a.link_state == nullptr) {
        return out;
    }
    for (Device d : devices_) {
        PciInfo own{};
        if (a.pci(d, &own) != 0) {
            continue;
        }
        NvlinkFacts f;
        f.bdf = bus_id_of(own);
        for (unsigned link = 0; link < kMaxNvlinks; ++link) {
            int active = 0;
            if (a.link_state(d, link, &active) != 0 || active == 0) {
                continue; // not supported on this GPU, no such link, or down
            }
            ++f.active_links;
            int type = -1;
            if (a.remote_type != nullptr && a.remote_type(d, link, &type) == 0 &&
                type == kRemoteSwitch) {
                ++f.switch_links;
                continue;
            }
            PciInfo remote{};
            if (a.remote_pci != nullptr && a.remote_pci(d, link, &remote) == 0) {
                f.remote_gpus.push_back(bus_id_of(remote));
            }
        }
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace linkperf
