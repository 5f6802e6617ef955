#include "core/standard_streams.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace linkperf {

void keep_standard_descriptors() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
            const int parked = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (parked >= 0 && parked != fd) {
                ::dup2(parked, fd);
                ::close(parked);
            }
        }
    }
}

bool stdout_ok(std::string& why) {
    errno = 0;
    if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
        why = errno != 0 ? std::strerror(errno) : "write error";
        return false;
    }
    return true;
}

} // namespace linkperf
