#pragma once
// The one way linkperf writes a file the user named (--out, --prom, --html, --csv, --md,
// --junit, baselines, nfd --out). What the name points at decides how it is written, so that
// nothing the user points linkperf at is destroyed (docs/outputs.md):
// - "-": standard output, for every output option.
// - a regular file, or a name that does not exist yet: replaced atomically (a temporary file in
//   the same directory, fsync, rename), so a reader sees the old or the new content, never half.
// - a symbolic link: followed; its target is replaced and the link stays.
// - a character device or a FIFO: opened when the OutputFile is made and written in place (never
//   renamed over or truncated). A FIFO must get a reader within kFifoReaderWait.
// - a Unix socket: connected (stream) and written.
// - a directory or a block device: refused.
// A regular file is guarded by an advisory lock (flock on ".NAME.lock" beside it), a FIFO by a
// lock on the FIFO itself, both held while the OutputFile lives: a second linkperf writing the
// same output fails at start instead of one of them losing its results. A lock file is removed
// only when it is linkperf's (made now, or holding linkperf's lock text, or empty); a user's own
// ".NAME.lock" is locked and left as it was. An existing regular file that is read-only (no
// owner write bit), or belongs to another user while linkperf is not root, is refused; root
// replacing a user's file gives the new file the old owner.
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace linkperf {

inline constexpr std::chrono::milliseconds kFifoReaderWait{2000};

class OutputFile {
public:
    enum class Kind { standard_output, regular_file, in_place };

    // `what` names the output in messages ("--out", "--md", "baseline file"). Resolves `spec`
    // and writes nothing. Throws Error(usage) naming `what` and the file: an empty name,
    // a directory, a block device, a missing directory.
    OutputFile(std::string what, const std::string& spec);
    ~OutputFile();
    OutputFile(OutputFile&& other) noexcept;
    OutputFile& operator=(OutputFile&& other) noexcept;
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    // Opens a device, FIFO or socket and takes the lock, once; call it after check_distinct
    // (a second output naming the same file would find the lock taken). Throws
    // Error(usage): a FIFO without a reader, an output another linkperf is writing.
    void open();

    // Writes all of `content` (opening first if needed): a regular file is replaced by it, a stream
    // gets it appended. Throws Error(usage) naming the file and the system's reason. `sync`
    // false: a regular file is still replaced whole (a crashed or killed process leaves the old
    // or the new content), but not flushed to the disk first: for the many interim writes of
    // a results file, which syncs one a second and its last (an fsync each cost --repeat ms).
    void write(std::string_view content, bool sync = true);
    // Flushes a regular file's last content to the disk (fsync), best effort: for a writer
    // whose interim writes did not sync and that ends without a last write (a fatal error).
    void sync() const noexcept;

    Kind kind() const { return kind_; }
    // True for a regular file: every write replaces the whole content. A stream (stdout, a
    // device, a FIFO, a socket) gets each write appended, so a document is written to it once.
    bool replaceable() const { return kind_ == Kind::regular_file; }
    const std::string& what() const { return what_; }
    const std::string& spec() const { return spec_; } // as the user gave it
    // The file written: symbolic links followed; "-" for standard output.
    const std::filesystem::path& target() const { return target_; }

    // True when `path` names the file this output writes: the same inode, or the same path
    // once symbolic links are resolved.
    bool names(const std::filesystem::path& path) const;
    bool same_as(const OutputFile& other) const;

private:
    void release() noexcept;

    std::string what_;
    std::string spec_;
    std::filesystem::path target_;
    Kind kind_ = Kind::regular_file;
    int fd_ = -1;             // an open device, FIFO or socket
    int lock_fd_ = -1;        // the lock held on a regular file's lock file
    bool lock_owned_ = false; // the lock file is linkperf's: removed on release
    int lock_slot_ = -1;      // its registration for removal by a fatal signal (interrupt.hpp)
    std::filesystem::path lock_path_;
    bool has_id_ = false; // dev_/ino_ hold the identity of an existing target
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    bool fifo_ = false;
    bool socket_ = false;
    bool opened_ = false;
};

// An input file of a command, for check_distinct: `what` names it in the message.
struct InputFile {
    std::string what;
    std::filesystem::path path;
};

// Refuses standard output that is one of the inputs (`report r.json >> r.json`): the same
// device and inode. Throws Error(usage) naming the input. check_distinct calls it; a command
// that prints to stdout without an output option calls it itself.
void check_stdout_not_input(const std::vector<InputFile>& inputs);

// Refuses, before anything is written, an output that names one of the inputs or another
// output of the same command, and standard output that is an input (check_stdout_not_input).
// Throws Error(usage) naming both.
void check_distinct(const std::vector<const OutputFile*>& outputs,
                    const std::vector<InputFile>& inputs);

// The outputs one command names, resolved and checked against its inputs and each other before
// any input is read or any output written.
class OutputSet {
public:
    // An option left out (empty) adds nothing; get() then returns nullptr.
    void add(const char* option, const std::string& spec);
    // check_distinct, then open() each: throws Error(usage) before anything is written.
    void check_and_open(const std::vector<InputFile>& inputs);
    OutputFile* get(const std::string& option);
    // Hands the output over to its writer (a ResultsFile): removed from the set, the lock kept.
    // Empty when the option was left out. Pointers from get() are invalid afterwards.
    std::optional<OutputFile> take(const std::string& option);
    // True when one of them is standard output (human-readable lines then go to stderr).
    bool any_on_stdout() const;

private:
    std::vector<OutputFile> files_;
};

// Writes `content` to the regular file `path` through a temporary file in the same directory,
// fsync (unless `sync` is false) and rename (an existing file keeps its permissions; a new one
// gets 0644). A symbolic
// link's target is replaced; anything that exists and is not a regular file is refused
// (Error(usage)), never renamed over. The building block of OutputFile: outputs the user
// names go through OutputFile.
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           bool sync = true);

} // namespace linkperf
