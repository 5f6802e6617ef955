#pragma once
// One PCI function's address ("0000:19:00.0", as sysfs and hwloc spell it), whatever the source
// wrote: CUDA may give "0000:19:00.0", nvidia-smi and NVML "00000000:19:00.0", some tools
// "19:00.0" or upper case. Every bus-id comparison in the tree goes through this type.
#include <optional>
#include <string>
#include <string_view>

namespace linkperf {

class PciBusId {
public:
    // "DOMAIN:BUS:DEV.FN" (domain optional, at most 8 hex digits; bus 2, device 2 below 0x20,
    // function 1 below 8; any case); nullopt when the text is not a PCI address.
    static std::optional<PciBusId> parse(std::string_view text);
    // From the numeric fields (hwloc, NVML); the device is taken modulo 32, the function modulo 8.
    static PciBusId from_fields(unsigned domain, unsigned bus, unsigned device, unsigned function);

    // Canonical spelling: a domain of at least 4 hex digits, lower case ("0000:19:00.0").
    const std::string& str() const noexcept { return text_; }
    bool operator==(const PciBusId&) const = default;

private:
    explicit PciBusId(std::string text) : text_(std::move(text)) {}
    std::string text_;
};

// The canonical spelling of `text`, or `text` unchanged when it is not a PCI address (fields
// that keep what the source reported).
std::string canonical_pci_bus_id(std::string_view text);

// Whether `a` and `b` name the same PCI function in any spelling; false when either is not a PCI
// address.
bool same_pci_bus_id(std::string_view a, std::string_view b);

// Whether `a` and `b` are functions of one device (domain, bus and device equal: "0000:19:00.0"
// and "0000:19:00.1") in any spelling; false when either is not a PCI address.
bool same_pci_device(std::string_view a, std::string_view b);

} // namespace linkperf
