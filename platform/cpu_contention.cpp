#include "platform/cpu_contention.hpp"

#include "platform/sysfs_file.hpp"

#include <chrono>
#include <sstream>
#include <string>

namespace linkperf {

CpuCounters read_cpu_counters(const std::filesystem::path& proc) {
    CpuCounters k;
    k.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    if (const auto stat = read_sysfs_text(proc / "stat")) {
        std::istringstream lines(*stat);
        std::string line;
        while (std::getline(lines, line)) {
            std::istringstream fields(line);
            std::string name;
            fields >> name;
            if (name == "cpu") {
                // user nice system idle iowait irq softirq steal guest guest_nice: guest time
                // is already in user, so the total stops at steal.
                std::uint64_t v = 0;
                for (int i = 0; i < 8 && fields >> v; ++i) {
                    k.total_ticks += v;
                    if (i == 7) {
                        k.steal_ticks = v;
                    }
                }
            } else if (name == "procs_running") {
                fields >> k.procs_running;
            }
        }
    }
    if (const auto psi = read_sysfs_text(proc / "pressure" / "cpu")) {
        // "some avg10=0.00 avg60=0.00 avg300=0.00 total=12345"
        const auto at = psi->find("total=");
        if (psi->rfind("some", 0) == 0 && at != std::string::npos) {
            const auto end = psi->find_first_of(" \n", at);
            k.pressure_some_us = parse_sysfs_number<std::uint64_t>(std::string_view(*psi).substr(
                at + 6, end == std::string::npos ? std::string::npos : end - at - 6));
        }
    }
    return k;
}

} // namespace linkperf
