#include "bench/host/host_caches.hpp"

#include "platform/sysfs_file.hpp"

#include <unistd.h>

#include <algorithm>
#include <set>

namespace linkperf::bench {
namespace {

// sysfs sizes: "32K", "32768K", "1M", or plain bytes.
std::uint64_t parse_cache_size(const std::string& s) {
    std::uint64_t v = 0;
    std::size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
    }
    if (i < s.size()) {
        switch (s[i]) {
        case 'K':
            return v << 10;
        case 'M':
            return v << 20;
        case 'G':
            return v << 30;
        default:
            break;
        }
    }
    return v;
}

// Unused where the C library has no cache sysconf names.
[[maybe_unused]] std::uint64_t sysconf_bytes(int name) {
    const long v = ::sysconf(name);
    return v > 0 ? static_cast<std::uint64_t>(v) : 0;
}

} // namespace

std::vector<CacheLevel> pu_caches(unsigned pu, const std::filesystem::path& root) {
    std::vector<CacheLevel> out;
    const std::filesystem::path dir = root / ("cpu" + std::to_string(pu)) / "cache";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("index", 0) != 0) {
            continue;
        }
        const std::string type = read_sysfs_text(entry.path() / "type").value_or("");
        if (type == "Instruction") {
            continue;
        }
        CacheLevel c;
        c.level = static_cast<unsigned>(
            parse_cache_size(read_sysfs_text(entry.path() / "level").value_or("")));
        c.bytes = parse_cache_size(read_sysfs_text(entry.path() / "size").value_or(""));
        c.shared_cpus = read_sysfs_text(entry.path() / "shared_cpu_list").value_or("");
        if (c.level > 0 && c.bytes > 0) {
            out.push_back(c);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const CacheLevel& a, const CacheLevel& b) { return a.level < b.level; });
    return out;
}

CacheSizes caches_for(const std::vector<unsigned>& pus, const std::filesystem::path& root) {
    CacheSizes sizes;
    std::set<std::string> llc_instances;
    for (const unsigned pu : pus) {
        const std::vector<CacheLevel> levels = pu_caches(pu, root);
        if (levels.empty()) {
            continue;
        }
        const CacheLevel& last = levels.back();
        if (sizes.source.empty()) {
            sizes.source = "sysfs";
            for (const CacheLevel& c : levels) {
                sizes.l1d = c.level == 1 ? c.bytes : sizes.l1d;
                sizes.l2 = c.level == 2 ? c.bytes : sizes.l2;
            }
            sizes.llc = last.bytes;
            sizes.llc_level = last.level;
        }
        // An instance is named by the PUs sharing it; PUs without the list count alone.
        const std::string id =
            last.shared_cpus.empty() ? "pu" + std::to_string(pu) : last.shared_cpus;
        if (last.level == sizes.llc_level && llc_instances.insert(id).second) {
            sizes.llc_all += last.bytes;
        }
    }
    if (!sizes.source.empty()) {
        return sizes;
    }
#if defined(_SC_LEVEL1_DCACHE_SIZE) && defined(_SC_LEVEL2_CACHE_SIZE) &&                           \
    defined(_SC_LEVEL3_CACHE_SIZE)
    sizes.l1d = sysconf_bytes(_SC_LEVEL1_DCACHE_SIZE);
    sizes.l2 = sysconf_bytes(_SC_LEVEL2_CACHE_SIZE);
    const std::uint64_t l3 = sysconf_bytes(_SC_LEVEL3_CACHE_SIZE);
    sizes.llc = l3 > 0 ? l3 : sizes.l2;
    sizes.llc_level = l3 > 0 ? 3 : (sizes.l2 > 0 ? 2 : 0);
#endif
    if (sizes.llc > 0) {
        sizes.source = "sysconf";
    } else {
        sizes.llc = std::uint64_t{32} << 20;
        sizes.source = "assumed";
    }
    sizes.llc_all = sizes.llc;
    return sizes;
}

std::string cache_note(const CacheSizes& sizes) {
    if (sizes.source != "assumed") {
        return "";
    }
    return "caches: the kernel gives no cache sizes (no /sys/devices/system/cpu/cpuN/cache, no "
           "sysconf figure): the last level is assumed " +
           std::to_string(sizes.llc >> 20) +
           " MiB for the DRAM point and the store method (results: caches.source \"assumed\")";
}

} // namespace linkperf::bench
