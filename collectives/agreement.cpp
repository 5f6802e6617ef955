#include "collectives/agreement.hpp"

#include "core/error.hpp"
#include "core/utf8_text.hpp"
#include "platform/cpu_list.hpp"

#include <fmt/core.h>

#include <cstdint>
#include <cstdlib>
#include <map>
#include <new>
#include <string>
#include <vector>

namespace linkperf::coll {
namespace {

// Ranks as a range list, "0-3,8": the CPU-list format.
std::string rank_ranges(const std::vector<int>& ranks) {
    return format_cpu_list(std::vector<unsigned>(ranks.begin(), ranks.end()));
}

} // namespace

void agree(ProcessGroup& group, const std::function<void()>& step) {
    std::uint64_t code = 0;
    std::string message;
    try {
        step();
    } catch (const AgreedFailure&) {
        throw; // agreed already
    } catch (const Error& e) {
        code = static_cast<std::uint64_t>(e.code());
        message = e.what();
    } catch (const std::bad_alloc&) {
        code = static_cast<std::uint64_t>(ExitCode::environment);
        message = "out of memory";
    } catch (const std::exception& e) {
        code = static_cast<std::uint64_t>(ExitCode::failed);
        message = e.what();
    }
    std::uint64_t worst[1] = {code};
    group.all_reduce(std::span<std::uint64_t>(worst), Reduction::max);
    if (worst[0] == 0) {
        return;
    }
    const std::vector<std::string> messages = group.all_gather(message);
    if (group.rank() == 0) {
        std::map<std::string, std::vector<int>> by_message;
        for (int r = 0; r < static_cast<int>(messages.size()); ++r) {
            if (!messages[static_cast<std::size_t>(r)].empty()) {
                by_message[messages[static_cast<std::size_t>(r)]].push_back(r);
            }
        }
        for (const auto& [text, ranks] : by_message) {
            const bool everyone = static_cast<int>(ranks.size()) == group.size();
            fmt::print(
                stderr, "linkperf-coll: error: {}{}\n", terminal_text(text),
                everyone || group.size() == 1
                    ? std::string()
                    : fmt::format(" (rank{} {})", ranks.size() > 1 ? "s" : "", rank_ranges(ranks)));
        }
        std::fflush(stderr);
    }
    throw AgreedFailure(static_cast<ExitCode>(worst[0]));
}

bool launcher_rank_zero() {
    for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK", "SLURM_PROCID"}) {
        if (const char* v = std::getenv(name); v != nullptr && *v != '\0') {
            return std::string(v) == "0";
        }
    }
    return true;
}

} // namespace linkperf::coll
