#include "core/host_link_kind.hpp"

namespace linkperf {

HostLinkKind host_link_kind(bool pageable_uses_host_page_tables) {
    return pageable_uses_host_page_tables ? HostLinkKind::nvlink_c2c : HostLinkKind::pcie;
}

const char* results_name(HostLinkKind kind) {
    switch (kind) {
    case HostLinkKind::nvlink_c2c:
        return "nvlink-c2c";
    case HostLinkKind::pcie:
        return "pcie";
    case HostLinkKind::unknown:
        break;
    }
    return "unknown";
}

} // namespace linkperf
