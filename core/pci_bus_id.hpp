#pragma once
// PCI addresses as sysfs and hwloc spell them ("0000:19:00.0"), whatever the source wrote:
// CUDA may give "0000:19:00.0", nvidia-smi "00000000:19:00.0", some tools "19:00.0" or upper
// case. Matching CUDA devices to topology GPUs and sysfs nodes needs one spelling.
#include <optional>
#include <string>
#include <string_view>

namespace linkperf::gpu {

// "DOMAIN:BUS:DEV.FN" with a domain of at least 4 hex digits, lower case; nullopt when the text
// is not a PCI address.
std::optional<std::string> normalize_pci_bus_id(std::string_view text);

} // namespace linkperf::gpu
