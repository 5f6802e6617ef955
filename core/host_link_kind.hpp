#pragma once
// How a GPU reaches host memory, as the results file records it: the rule that tells the kinds
// apart and the names written for them, shared by the GPU layer that measures and the reports
// that read the file back.
namespace linkperf {

enum class HostLinkKind { unknown, pcie, nvlink_c2c };

// A GPU whose pageable memory accesses use the host's page tables reaches host memory over
// NVLink-C2C (Grace Hopper/Blackwell); any other discrete GPU over PCIe. ATS alone is not C2C.
HostLinkKind host_link_kind(bool pageable_uses_host_page_tables);

// In results files (extra.link.type, extra.links[].type): "pcie", "nvlink-c2c", "unknown".
const char* results_name(HostLinkKind kind);

} // namespace linkperf
