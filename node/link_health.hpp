#pragma once
// `linkperf topo --check`: the health of every GPU's link and placement, judged from sysfs.
//
// Rules (docs/topology.md):
//  - width: a link on the GPU's path to the root port trained narrower than both of its ends
//    can do (the lower of their max widths) is a failure; the GPU's own link narrower than the
//    GPU only because the slot is narrower is a warning. Links do not narrow for power saving.
//  - speed: a link trained slower than both ends can do is a failure. A GPU at idle may have
//    trained down (link speed management: 2.5 GT/s at idle is normal), so an operator checking
//    an idle machine passes --allow-idle-downtrain and gets a warning instead; a check under
//    load keeps the failure. A slot slower than the GPU: warning.
//  - a GPU whose IOMMU group holds a function of another device: failure. PCI bridges (class
//    0x0604xx, e.g. the GPU's own root or switch downstream port without ACS) are left out:
//    VFIO accepts them in a group. Other functions of the same device (same slot, e.g. its HDA
//    audio function .1) are not another device: a warning.
//  - no IOMMU groups at all: failure with --require-iommu, otherwise a warning when GPUs exist.
//  - a GPU whose nearest NUMA node has neither CPUs nor memory, or does not exist: failure;
//    a GPU with no NUMA affinity on a multi-node machine: warning.
//  - --expect-gpus N and a different GPU count: failure.
#include "platform/sysfs_pci.hpp"

#include <optional>
#include <string>
#include <vector>

namespace linkperf {

enum class Severity { warning, failure };
const char* to_string(Severity severity);

struct LinkFinding {
    Severity severity = Severity::failure;
    std::string device; // "0000:19:00.0", or "machine"
    std::string message;

    std::string line() const; // "FAIL 0000:19:00.0: ..." / "WARN ..."
};

struct LinkHealthOptions {
    std::optional<unsigned> expect_gpus;
    bool require_iommu = false;
    bool allow_idle_downtrain = false;
};

std::vector<LinkFinding> check_link_health(const SysfsMachine& machine,
                                           const LinkHealthOptions& options);

bool has_failure(const std::vector<LinkFinding>& findings);

} // namespace linkperf
