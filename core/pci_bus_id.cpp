#include "core/pci_bus_id.hpp"

#include "core/text.hpp"

#include <fmt/core.h>

#include <charconv>

namespace linkperf {
namespace {

// Parses a hex field of at most max_digits digits that makes up the whole of `text`.
std::optional<unsigned long> hex_field(std::string_view text, std::size_t max_digits) {
    if (text.empty() || text.size() > max_digits) {
        return std::nullopt;
    }
    return parse_number<unsigned long>(text, 16);
}

} // namespace

std::optional<PciBusId> PciBusId::parse(std::string_view text) {
    const auto dot = text.rfind('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const auto fn = hex_field(text.substr(dot + 1), 1);
    std::string_view head = text.substr(0, dot);
    const auto c2 = head.rfind(':');
    if (c2 == std::string_view::npos) {
        return std::nullopt;
    }
    const auto dev = hex_field(head.substr(c2 + 1), 2);
    head = head.substr(0, c2);
    const auto c1 = head.rfind(':');
    const auto bus = hex_field(c1 == std::string_view::npos ? head : head.substr(c1 + 1), 2);
    const auto domain = c1 == std::string_view::npos ? std::optional<unsigned long>(0)
                                                     : hex_field(head.substr(0, c1), 8);
    if (!fn || *fn > 7 || !dev || *dev > 0x1f || !bus || !domain) {
        return std::nullopt;
    }
    return from_fields(static_cast<unsigned>(*domain), static_cast<unsigned>(*bus),
                       static_cast<unsigned>(*dev), static_cast<unsigned>(*fn));
}

PciBusId PciBusId::from_fields(unsigned domain, unsigned bus, unsigned device, unsigned function) {
    return PciBusId(fmt::format("{:04x}:{:02x}:{:02x}.{:x}", domain, bus & 0xffU, device & 0x1fU,
                                function & 7U));
}

std::string canonical_pci_bus_id(std::string_view text) {
    const auto id = PciBusId::parse(text);
    return id ? id->str() : std::string(text);
}

bool same_pci_bus_id(std::string_view a, std::string_view b) {
    const auto x = PciBusId::parse(a);
    return x && x == PciBusId::parse(b);
}

bool same_pci_device(std::string_view a, std::string_view b) {
    const auto x = PciBusId::parse(a);
    const auto y = PciBusId::parse(b);
    if (!x || !y) {
        return false;
    }
    // The canonical spelling ends in ".F": everything before the last dot is the device.
    const std::string& s = x->str();
    const std::string& t = y->str();
    return s.substr(0, s.rfind('.')) == t.substr(0, t.rfind('.'));
}

} // namespace linkperf
