#include "core/bounded_file.hpp"

#include "core/error.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace linkperf {
namespace {

std::string size_text(std::uint64_t bytes) {
    return bytes >= (std::uint64_t{1} << 20) ? std::to_string(bytes >> 20) + " MiB"
                                             : std::to_string(bytes) + " bytes";
}

// Closes the descriptor on every way out.
struct Fd {
    int fd;
    ~Fd() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

} // namespace

std::optional<std::string> read_bounded_file(const std::filesystem::path& path,
                                             std::uint64_t max_bytes, std::string* why) {
    auto fail = [&](const std::string& reason) -> std::optional<std::string> {
        if (why != nullptr) {
            *why = reason;
        }
        return std::nullopt;
    };
    // Non-blocking: opening a FIFO without a writer returns at once (and is refused below).
    const Fd f{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)};
    if (f.fd < 0) {
        const int e = errno;
        return fail(e == ENOENT ? "no such file"
                    : e == ENXIO // a Unix socket cannot be opened
                        ? "not a regular file (a device, FIFO or socket is never read)"
                        : std::strerror(e));
    }
    struct stat st {};
    if (::fstat(f.fd, &st) != 0) {
        return fail(std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) {
        return fail("is a directory");
    }
    if (!S_ISREG(st.st_mode)) {
        return fail("not a regular file (a device, FIFO or socket is never read)");
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
        return fail(size_text(static_cast<std::uint64_t>(st.st_size)) +
                    " is larger than such a file may be (" + size_text(max_bytes) + ")");
    }
    const int flags = ::fcntl(f.fd, F_GETFL);
    ::fcntl(f.fd, F_SETFL, flags & ~O_NONBLOCK);
    std::string text;
    text.resize(static_cast<std::size_t>(
        std::min<std::uint64_t>(std::max<std::uint64_t>(st.st_size, 4096), max_bytes) + 1));
    std::size_t got = 0;
    while (got <= max_bytes) {
        if (got == text.size()) {
            text.resize(static_cast<std::size_t>(
                std::min<std::uint64_t>(std::uint64_t{text.size()} * 2, max_bytes + 1)));
        }
        const ssize_t n = ::read(f.fd, text.data() + got, text.size() - got);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return fail(std::string("read error: ") + std::strerror(errno));
        }
        if (n == 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    if (got > max_bytes) {
        return fail("larger than such a file may be (" + size_text(max_bytes) + ")");
    }
    text.resize(got);
    return text;
}

std::string read_input_file(const std::string& what, const std::filesystem::path& path,
                            std::uint64_t max_bytes) {
    std::string why;
    auto text = read_bounded_file(path, max_bytes, &why);
    if (!text) {
        throw usage_error(what + " '" + path.string() + "': " + why);
    }
    return std::move(*text);
}

} // namespace linkperf
