#include "core/json_text.hpp"

namespace linkperf {

std::string json_text(const nlohmann::json& doc, int indent) {
    return doc.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace linkperf
