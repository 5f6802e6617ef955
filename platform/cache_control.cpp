#include "platform/cache_control.hpp"

#include "core/bounded_file.hpp"
#include "core/error.hpp"

#include <unistd.h>

#include <cstdint>
#include <optional>
#include <string>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

namespace linkperf {
namespace {

constexpr std::size_t kDefaultLine = 64;

const char* align_down(const void* p, std::size_t granule) {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    return reinterpret_cast<const char*>(a - a % granule);
}

#if defined(__x86_64__)
bool cpu_has_clflushopt() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    return __get_cpuid_count(7, 0, &a, &b, &c, &d) != 0 && (b & bit_CLFLUSHOPT) != 0;
}

// clflushopt is weakly ordered: the mfence makes the flushes complete before the timed pass's
// loads (an sfence orders only stores), as Linux's clflush_cache_range does with mb().
__attribute__((target("clflushopt"))) void flush_clflushopt(const char* p, const char* end,
                                                            std::size_t step) {
    for (; p < end; p += step) {
        _mm_clflushopt(const_cast<char*>(p));
    }
    _mm_mfence();
}

void flush_clflush(const char* p, const char* end, std::size_t step) {
    for (; p < end; p += step) {
        _mm_clflush(p);
    }
    _mm_mfence();
}
#endif

#if defined(__aarch64__)
// Clean and invalidate to the point of coherency; dsb sy waits for every line to be done.
void flush_dc_civac(const char* p, const char* end, std::size_t step) {
    for (; p < end; p += step) {
        asm volatile("dc civac, %0" ::"r"(p) : "memory");
    }
    asm volatile("dsb sy" ::: "memory");
}
#endif

#if defined(__riscv_zicbom)
void flush_cbo(const char* p, const char* end, std::size_t step) {
    for (; p < end; p += step) {
        asm volatile("cbo.flush (%0)" ::"r"(p) : "memory");
    }
    asm volatile("fence rw, rw" ::: "memory");
}

// The Zicbom block size from the device tree (a big-endian 32-bit cell); user mode has no
// instruction that reports it.
std::size_t cbom_block_bytes() {
    const std::optional<std::string> cell =
        read_bounded_file("/proc/device-tree/cpus/cpu@0/riscv,cbom-block-size", 64);
    if (cell && cell->size() >= 4) {
        const auto* b = reinterpret_cast<const unsigned char*>(cell->data());
        const std::size_t v = (std::size_t{b[0]} << 24) | (std::size_t{b[1]} << 16) |
                              (std::size_t{b[2]} << 8) | std::size_t{b[3]};
        if (v >= 16 && (v & (v - 1)) == 0) {
            return v;
        }
    }
    return kDefaultLine;
}
#endif

std::size_t data_cache_line() {
    const long line = ::sysconf(_SC_LEVEL1_DCACHE_LINESIZE);
    return line > 0 ? static_cast<std::size_t>(line) : kDefaultLine;
}

bool available(FlushMethod method) {
    const FlushMethod native = native_flush_method();
    return method == FlushMethod::eviction || method == native ||
           (method == FlushMethod::clflush && native == FlushMethod::clflushopt);
}

} // namespace

const char* to_string(FlushMethod method) {
    switch (method) {
    case FlushMethod::clflushopt:
        return "clflushopt";
    case FlushMethod::clflush:
        return "clflush";
    case FlushMethod::dc_civac:
        return "dc civac";
    case FlushMethod::cbo_flush:
        return "cbo.flush";
    case FlushMethod::eviction:
        return "eviction buffer";
    }
    return "unknown";
}

FlushMethod native_flush_method() {
#if defined(__x86_64__)
    static const bool opt = cpu_has_clflushopt();
    return opt ? FlushMethod::clflushopt : FlushMethod::clflush;
#elif defined(__aarch64__)
    return FlushMethod::dc_civac;
#elif defined(__riscv_zicbom)
    return FlushMethod::cbo_flush;
#else
    return FlushMethod::eviction;
#endif
}

std::size_t flush_granule_bytes() {
#if defined(__x86_64__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid(1, &a, &b, &c, &d) != 0 && ((b >> 8) & 0xff) != 0) {
        return ((b >> 8) & 0xff) * 8; // CPUID.1:EBX[15:8], the clflush line in 8-byte units
    }
    return kDefaultLine;
#elif defined(__aarch64__)
    std::uint64_t ctr = 0;
    asm volatile("mrs %0, ctr_el0" : "=r"(ctr));
    return std::size_t{4} << ((ctr >> 16) & 0xf); // DminLine: log2 of the line in words
#elif defined(__riscv_zicbom)
    return cbom_block_bytes();
#else
    return data_cache_line();
#endif
}

CacheFlusher::CacheFlusher(std::size_t eviction_bytes, FlushMethod method) : method_(method) {
    if (!available(method)) {
        throw environment_error(std::string("cache flush method ") + to_string(method) +
                                " is not available on this CPU or build (it has " +
                                to_string(native_flush_method()) + ")");
    }
    if (method == FlushMethod::eviction) {
        if (eviction_bytes < 64 * 1024) {
            throw usage_error("the eviction buffer must be at least 64 KiB, not " +
                              std::to_string(eviction_bytes) + " bytes");
        }
        granule_ = data_cache_line();
        eviction_.assign(eviction_bytes / sizeof(std::uint64_t), 0);
    } else {
        granule_ = flush_granule_bytes();
    }
}

void CacheFlusher::flush(const void* data, std::size_t bytes) {
    if (bytes == 0) {
        return;
    }
    // Unused where the build has no flush instruction (the eviction walk needs no range).
    [[maybe_unused]] const char* begin = align_down(data, granule_);
    [[maybe_unused]] const char* end = static_cast<const char*>(data) + bytes;
    switch (method_) {
#if defined(__x86_64__)
    case FlushMethod::clflushopt:
        flush_clflushopt(begin, end, granule_);
        return;
    case FlushMethod::clflush:
        flush_clflush(begin, end, granule_);
        return;
#endif
#if defined(__aarch64__)
    case FlushMethod::dc_civac:
        flush_dc_civac(begin, end, granule_);
        return;
#endif
#if defined(__riscv_zicbom)
    case FlushMethod::cbo_flush:
        flush_cbo(begin, end, granule_);
        return;
#endif
    case FlushMethod::eviction: {
        // Writing one word per line of a buffer larger than the caches pushes every other line
        // out, dirty ones written back on the way; a new value each walk keeps the stores real.
        ++generation_;
        const std::size_t stride = granule_ / sizeof(std::uint64_t);
        for (std::size_t i = 0; i < eviction_.size(); i += stride) {
            eviction_[i] = generation_;
        }
        return;
    }
    default:
        break;
    }
    throw environment_error(std::string("cache flush method ") + to_string(method_) +
                            " is not compiled into this build");
}

} // namespace linkperf
