#include "core/output_file.hpp"

#include "core/error.hpp"
#include "core/interrupt.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>
#include <utility>

namespace linkperf {
namespace {

namespace fs = std::filesystem;

std::string errno_text(int e) {
    return std::strerror(e);
}

// A dangling symbolic link names the file to create: follow links by hand (canonical() stops
// at a link whose target does not exist yet).
fs::path follow_links(fs::path p) {
    for (int hops = 0; hops < 40; ++hops) {
        struct stat st {};
        if (::lstat(p.c_str(), &st) != 0 || !S_ISLNK(st.st_mode)) {
            return p;
        }
        std::error_code ec;
        const fs::path link = fs::read_symlink(p, ec);
        if (ec) {
            return p;
        }
        p = link.is_absolute() ? link : p.parent_path() / link;
    }
    throw usage_error("'" + p.string() + "': too many levels of symbolic links");
}

// The path with every symbolic link resolved, for comparing names of files that may not exist.
fs::path resolved(const fs::path& p) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(follow_links(p), ec);
    fs::path r = fs::weakly_canonical(absolute, ec);
    return ec ? absolute.lexically_normal() : r;
}

void write_all(int fd, std::string_view content, const std::string& where) {
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw usage_error(where + ": cannot write: " + errno_text(errno));
        }
        if (n == 0) {
            throw usage_error(where + ": cannot write: the device took no data");
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

// What a lock file linkperf makes holds, so that a later linkperf knows it for one of its own.
constexpr std::string_view kLockText = "linkperf output lock\n";

bool is_linkperf_lock(int fd, const struct stat& st) {
    if (st.st_size == 0) {
        return true;
    }
    if (st.st_size != static_cast<off_t>(kLockText.size())) {
        return false;
    }
    char buf[64] = {};
    return ::pread(fd, buf, kLockText.size(), 0) == static_cast<ssize_t>(kLockText.size()) &&
           std::string_view(buf, kLockText.size()) == kLockText;
}

void write_lock_text(int fd) {
    if (::ftruncate(fd, 0) == 0) {
        // Best effort: an unwritable lock text only makes a stale lock look foreign later.
        [[maybe_unused]] const ssize_t n = ::pwrite(fd, kLockText.data(), kLockText.size(), 0);
    }
}

} // namespace

void write_file_atomically(const fs::path& name, std::string_view content, bool sync) {
    // Defence for callers that bypass OutputFile: a link's target is what gets replaced, and
    // a device, FIFO or socket is never renamed over (as root that would destroy /dev/null).
    const fs::path path = follow_links(name);
    struct stat existing {};
    if (::stat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode)) {
        throw usage_error("cannot write '" + name.string() +
                          "': not a regular file (outputs go through OutputFile)");
    }
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
        throw usage_error("cannot write '" + path.string() + "': " + errno_text(errno));
    }
    // A fatal signal while the temporary exists removes it (interrupt.hpp).
    struct Registered {
        int slot;
        ~Registered() { unregister_file(slot); }
    } const registered{register_file(tmpl.c_str())};
    try {
        write_all(fd, content, "'" + path.string() + "'");
    } catch (...) {
        ::close(fd);
        ::unlink(tmpl.c_str());
        throw;
    }
    // Readable like any file the user writes (not mkstemp's 0600); a replaced file keeps its mode.
    struct stat old {};
    const bool existed = ::stat(path.c_str(), &old) == 0;
    ::fchmod(fd, existed ? (old.st_mode & 07777) : 0644);
    if (existed && (old.st_uid != ::geteuid() || old.st_gid != ::getegid())) {
        // Root replacing a user's file: the user keeps it (best effort; a failure leaves root's).
        [[maybe_unused]] const int r = ::fchown(fd, old.st_uid, old.st_gid);
    }
    if ((sync && ::fsync(fd) != 0) || ::close(fd) != 0) {
        const std::string why = errno_text(errno);
        ::unlink(tmpl.c_str());
        throw usage_error("cannot write '" + path.string() + "': " + why);
    }
    if (::rename(tmpl.c_str(), path.c_str()) != 0) {
        const std::string why = errno_text(errno);
        ::unlink(tmpl.c_str());
        throw usage_error("cannot write '" + path.string() + "': " + why);
    }
}

OutputFile::OutputFile(std::string what, const std::string& spec)
    : what_(std::move(what)), spec_(spec) {
    const std::string name = what_ + " '" + spec_ + "'";
    if (spec_.empty()) {
        throw usage_error(what_ + ": empty file name (use - for standard output)");
    }
    if (spec_ == "-") {
        kind_ = Kind::standard_output;
        target_ = "-";
        struct stat st {};
        if (::fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode)) {
            has_id_ = true;
            dev_ = st.st_dev;
            ino_ = st.st_ino;
        }
        return;
    }
    const fs::path path(spec_);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno != ENOENT) {
            throw usage_error(name + ": " + errno_text(errno));
        }
        // A new file (or the missing target of a symbolic link): its directory must exist.
        target_ = follow_links(path);
        const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
        struct stat d {};
        if (::stat(dir.c_str(), &d) != 0 || !S_ISDIR(d.st_mode)) {
            throw usage_error(name + ": cannot write: no such directory '" + dir.string() + "'");
        }
    } else if (S_ISDIR(st.st_mode)) {
        throw usage_error(name + ": cannot write: is a directory");
    } else if (S_ISBLK(st.st_mode)) {
        throw usage_error(name +
                          ": cannot write: a block device (linkperf does not write to disks)");
    } else if (S_ISREG(st.st_mode)) {
        // Replacing by rename needs only the directory's permission: a file its owner made
        // read-only, or another user's file, would be replaced without a word (docs/outputs.md).
        if ((st.st_mode & S_IWUSR) == 0) {
            throw usage_error(name + ": cannot write: the file is read-only (chmod u+w it to let "
                                     "linkperf replace it, or choose another file)");
        }
        if (st.st_uid != ::geteuid() && ::geteuid() != 0) {
            throw usage_error(name + ": cannot write: the file belongs to another user (uid " +
                              std::to_string(st.st_uid) + "); choose another file");
        }
        std::error_code ec;
        target_ = fs::canonical(path, ec);
        if (ec) {
            throw usage_error(name + ": " + ec.message());
        }
        has_id_ = true;
        dev_ = st.st_dev;
        ino_ = st.st_ino;
    } else {
        // A character device, a FIFO or a socket: written in place (open()).
        kind_ = Kind::in_place;
        target_ = path;
        fifo_ = S_ISFIFO(st.st_mode);
        socket_ = S_ISSOCK(st.st_mode);
        has_id_ = true;
        dev_ = st.st_dev;
        ino_ = st.st_ino;
    }
}

void OutputFile::open() {
    if (opened_) {
        return;
    }
    const std::string name = what_ + " '" + spec_ + "'";
    if (kind_ == Kind::standard_output) {
        opened_ = true;
        return;
    }
    if (kind_ == Kind::in_place && socket_) {
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        if (spec_.size() >= sizeof addr.sun_path) {
            throw usage_error(name + ": socket path too long");
        }
        std::memcpy(addr.sun_path, spec_.c_str(), spec_.size() + 1);
        fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd_ < 0 || ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
            const std::string why = errno_text(errno);
            release();
            throw usage_error(name + ": cannot connect to the socket: " + why);
        }
        opened_ = true;
        return;
    }
    if (kind_ == Kind::in_place) {
        // Opened non-blocking so that a FIFO without a reader (ENXIO) or a slow device cannot
        // hang the start.
        const auto deadline = std::chrono::steady_clock::now() + kFifoReaderWait;
        while ((fd_ = ::open(target_.c_str(), O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)) < 0) {
            if (errno == ENXIO && fifo_ && std::chrono::steady_clock::now() < deadline) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                continue;
            }
            if (errno == ENXIO && fifo_) {
                throw usage_error(name + ": no process reads this FIFO (start its reader first)");
            }
            throw usage_error(name + ": " + errno_text(errno));
        }
        const int flags = ::fcntl(fd_, F_GETFL);
        ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK); // writes wait for a slow reader
        if (fifo_ && ::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            const int e = errno;
            release();
            throw usage_error(name + (e == EWOULDBLOCK
                                          ? ": another linkperf is writing to this FIFO"
                                          : ": cannot lock: " + errno_text(e)));
        }
        opened_ = true;
        return;
    }
    // A regular file: lock ".NAME.lock" beside it. The holder removes the lock file before it
    // lets go, so a lock taken on a removed file is retried on the new one.
    lock_path_ = target_.parent_path() / ("." + target_.filename().string() + ".lock");
    if (!target_.has_parent_path()) {
        lock_path_ = "." + target_.filename().string() + ".lock";
    }
    for (int attempt = 0; attempt < 100; ++attempt) {
        // O_EXCL tells a lock file made now from one found there; O_NONBLOCK: a FIFO planted
        // under the name cannot hang the open (it is refused below).
        bool created = true;
        int fd = ::open(lock_path_.c_str(),
                        O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
        if (fd < 0 && errno == EEXIST) {
            created = false;
            fd = ::open(lock_path_.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
            if (fd < 0 && errno == ENOENT) {
                continue; // its holder removed it meanwhile
            }
        }
        if (fd < 0) {
            throw usage_error(name + ": cannot create the lock file '" + lock_path_.string() +
                              "': " + errno_text(errno));
        }
        struct stat held {};
        if (::fstat(fd, &held) != 0 || !S_ISREG(held.st_mode)) {
            ::close(fd);
            throw usage_error(name + ": the lock file '" + lock_path_.string() +
                              "' exists and is not a regular file; remove it or choose another "
                              "file");
        }
        if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const int e = errno;
            ::close(fd);
            if (e == EWOULDBLOCK) {
                throw usage_error(name + ": another linkperf is writing this file (lock '" +
                                  lock_path_.string() + "'); wait for it or choose another file");
            }
            throw usage_error(name + ": cannot lock '" + lock_path_.string() +
                              "': " + errno_text(e));
        }
        struct stat named {};
        if (::fstat(fd, &held) == 0 && ::stat(lock_path_.c_str(), &named) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino) {
            lock_fd_ = fd;
            // Ours to remove: one made now, or one a linkperf left (it holds kLockText; an
            // older linkperf left it empty). Anything else is the user's file: locked, kept.
            lock_owned_ = created || is_linkperf_lock(fd, held);
            if (lock_owned_) {
                write_lock_text(fd);
                lock_slot_ = register_file(lock_path_.c_str()); // a fatal signal removes it
            }
            opened_ = true;
            return;
        }
        ::close(fd);
    }
    throw usage_error(name + ": cannot take the lock '" + lock_path_.string() + "'");
}

OutputFile::~OutputFile() {
    release();
}

OutputFile::OutputFile(OutputFile&& other) noexcept
    : what_(std::move(other.what_)), spec_(std::move(other.spec_)),
      target_(std::move(other.target_)), kind_(other.kind_), fd_(std::exchange(other.fd_, -1)),
      lock_fd_(std::exchange(other.lock_fd_, -1)), lock_owned_(other.lock_owned_),
      lock_slot_(std::exchange(other.lock_slot_, -1)), lock_path_(std::move(other.lock_path_)),
      has_id_(other.has_id_), dev_(other.dev_), ino_(other.ino_), fifo_(other.fifo_),
      socket_(other.socket_), opened_(std::exchange(other.opened_, false)) {}

OutputFile& OutputFile::operator=(OutputFile&& other) noexcept {
    if (this != &other) {
        release();
        what_ = std::move(other.what_);
        spec_ = std::move(other.spec_);
        target_ = std::move(other.target_);
        kind_ = other.kind_;
        fd_ = std::exchange(other.fd_, -1);
        lock_fd_ = std::exchange(other.lock_fd_, -1);
        lock_owned_ = other.lock_owned_;
        lock_slot_ = std::exchange(other.lock_slot_, -1);
        lock_path_ = std::move(other.lock_path_);
        has_id_ = other.has_id_;
        dev_ = other.dev_;
        ino_ = other.ino_;
        fifo_ = other.fifo_;
        socket_ = other.socket_;
        opened_ = std::exchange(other.opened_, false);
    }
    return *this;
}

void OutputFile::release() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (lock_fd_ >= 0) {
        if (lock_owned_) {
            ::unlink(lock_path_.c_str()); // before unlocking: see the retry in open()
        }
        unregister_file(std::exchange(lock_slot_, -1));
        ::close(lock_fd_);
        lock_fd_ = -1;
    }
}

void OutputFile::write(std::string_view content, bool sync) {
    open();
    switch (kind_) {
    case Kind::standard_output:
        std::fflush(stdout); // what was printed before comes first
        write_all(STDOUT_FILENO, content, what_ + " (standard output)");
        return;
    case Kind::in_place:
        write_all(fd_, content, what_ + " '" + spec_ + "'");
        return;
    case Kind::regular_file:
        write_file_atomically(target_, content, sync);
        return;
    }
}

void OutputFile::sync() const noexcept {
    if (kind_ != Kind::regular_file) {
        return;
    }
    const int fd = ::open(target_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        [[maybe_unused]] const int r = ::fsync(fd);
        ::close(fd);
    }
}

bool OutputFile::names(const fs::path& path) const {
    struct stat st {};
    if (has_id_ && ::stat(path.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_) {
        return true;
    }
    return kind_ != Kind::standard_output && resolved(path) == resolved(target_);
}

bool OutputFile::same_as(const OutputFile& other) const {
    if (kind_ == Kind::standard_output && other.kind_ == Kind::standard_output) {
        return true;
    }
    if (has_id_ && other.has_id_ && dev_ == other.dev_ && ino_ == other.ino_) {
        return true;
    }
    return kind_ != Kind::standard_output && other.kind_ != Kind::standard_output &&
           resolved(target_) == resolved(other.target_);
}

void check_stdout_not_input(const std::vector<InputFile>& inputs) {
    struct stat out {};
    if (::fstat(STDOUT_FILENO, &out) != 0) {
        return; // closed: printing fails and says so (main)
    }
    for (const InputFile& in : inputs) {
        struct stat st {};
        if (::stat(in.path.c_str(), &st) == 0 && st.st_dev == out.st_dev &&
            st.st_ino == out.st_ino) {
            throw usage_error("standard output is the input " + in.what + " '" + in.path.string() +
                              "' (> or >> into an input): refusing to write into an input");
        }
    }
}

void check_distinct(const std::vector<const OutputFile*>& outputs,
                    const std::vector<InputFile>& inputs) {
    check_stdout_not_input(inputs);
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const OutputFile& o = *outputs[i];
        for (const InputFile& in : inputs) {
            if (o.names(in.path)) {
                throw usage_error(o.what() + " '" + o.spec() + "' is the input " + in.what + " '" +
                                  in.path.string() + "': refusing to overwrite an input");
            }
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (o.same_as(*outputs[j])) {
                throw usage_error(o.what() + " '" + o.spec() + "' and " + outputs[j]->what() +
                                  " '" + outputs[j]->spec() + "' name the same file");
            }
        }
    }
}

void OutputSet::add(const char* option, const std::string& spec) {
    if (!spec.empty()) {
        files_.emplace_back(option, spec);
    }
}

void OutputSet::check_and_open(const std::vector<InputFile>& inputs) {
    std::vector<const OutputFile*> all;
    for (const OutputFile& o : files_) {
        all.push_back(&o);
    }
    check_distinct(all, inputs);
    for (OutputFile& o : files_) {
        o.open();
    }
}

OutputFile* OutputSet::get(const std::string& option) {
    for (OutputFile& o : files_) {
        if (o.what() == option) {
            return &o;
        }
    }
    return nullptr;
}

std::optional<OutputFile> OutputSet::take(const std::string& option) {
    for (auto it = files_.begin(); it != files_.end(); ++it) {
        if (it->what() == option) {
            std::optional<OutputFile> taken(std::move(*it));
            files_.erase(it);
            return taken;
        }
    }
    return std::nullopt;
}

bool OutputSet::any_on_stdout() const {
    for (const OutputFile& o : files_) {
        if (o.kind() == OutputFile::Kind::standard_output) {
            return true;
        }
    }
    return false;
}

} // namespace linkperf
