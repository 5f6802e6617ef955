// OutputFile: what a name points at decides how it is written (docs/outputs.md). Special files
// are made here with mknod/mkfifo in a temporary directory, never the real /dev nodes; a case
// that needs mknod (root) says so and checks nothing else when it is not allowed.
#include "core/error.hpp"
#include "core/output_file.hpp"
#include "core/results_file.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <chrono>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace linkperf;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "linkperf-output-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    fs::path operator/(const std::string& name) const { return path / name; }
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// The message of the usage error `f` throws ("" and a failed check when none).
template <typename F> std::string usage_message(F f) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(e.code() == ExitCode::usage);
        return e.what();
    }
    FAIL_CHECK("no usage error");
    return "";
}

std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) {
        ++n;
    }
    return n;
}

// A character device with /dev/null's (1,3) or /dev/full's (1,7) numbers, made in `dir`.
bool make_char_device(const fs::path& p, unsigned minor) {
    if (::mknod(p.c_str(), S_IFCHR | 0666, makedev(1, minor)) != 0) {
        WARN("mknod not permitted here (not root): device cases not checked");
        return false;
    }
    return true;
}

} // namespace

TEST_CASE("output: a new and an existing regular file are replaced whole, nothing left beside",
          "[output]") {
    TempDir dir;
    const fs::path f = dir / "r.json";
    {
        OutputFile out("--out", f.string());
        CHECK(out.kind() == OutputFile::Kind::regular_file);
        out.write("first\n");
        CHECK(slurp(f) == "first\n");
        CHECK(fs::exists(dir / ".r.json.lock")); // held while the output lives
        out.write("second\n");
        CHECK(slurp(f) == "second\n");
    }
    CHECK(entries(dir.path) == 1); // no temporary file, no lock file
    ::chmod(f.c_str(), 0600);
    OutputFile("--out", f.string()).write("third\n");
    CHECK(slurp(f) == "third\n");
    struct stat st {};
    REQUIRE(::stat(f.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600); // a replaced file keeps its permissions
}

TEST_CASE("output: a symbolic link is followed, its target replaced and the link kept",
          "[output]") {
    TempDir dir;
    { std::ofstream(dir / "target.md") << "old"; }
    fs::create_symlink("target.md", dir / "link.md");
    OutputFile("--md", (dir / "link.md").string()).write("new");
    CHECK(fs::is_symlink(dir / "link.md"));
    CHECK(slurp(dir / "target.md") == "new");
    // A dangling link names the file to create.
    fs::create_symlink("made.md", dir / "dangling.md");
    OutputFile out("--md", (dir / "dangling.md").string());
    CHECK(out.target() == dir / "made.md");
    out.write("made");
    CHECK(fs::is_symlink(dir / "dangling.md"));
    CHECK(slurp(dir / "made.md") == "made");
}

TEST_CASE("output: bad names are usage errors naming the option", "[output]") {
    TempDir dir;
    CHECK_THAT(usage_message([] { OutputFile("--out", ""); }), Catch::Contains("--out"));
    CHECK_THAT(usage_message([&] { OutputFile("--md", dir.path.string()); }),
               Catch::Contains("is a directory"));
    CHECK_THAT(usage_message([&] { OutputFile("--csv", (dir / "no/such/r.csv").string()); }),
               Catch::Contains("no such directory"));
    CHECK(entries(dir.path) == 0);
}

TEST_CASE("output: - is standard output", "[output]") {
    OutputFile out("--md", "-");
    CHECK(out.kind() == OutputFile::Kind::standard_output);
    CHECK_FALSE(out.replaceable());
}

TEST_CASE("output: a character device is written in place, never replaced", "[output]") {
    TempDir dir;
    const fs::path null = dir / "null";
    const fs::path full = dir / "full";
    if (!make_char_device(null, 3) || !make_char_device(full, 7)) {
        return;
    }
    OutputFile out("--out", null.string());
    CHECK(out.kind() == OutputFile::Kind::in_place);
    out.write("discarded");
    struct stat st {};
    REQUIRE(::stat(null.c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    // A full device: the write fails with the reason, and the device is still a device.
    OutputFile f("--out", full.string());
    CHECK_THAT(usage_message([&] { f.write("data"); }), Catch::Contains("No space left"));
    REQUIRE(::stat(full.c_str(), &st) == 0);
    CHECK(S_ISCHR(st.st_mode));
    CHECK(entries(dir.path) == 2);
}

TEST_CASE("output: a FIFO is written in place, and without a reader it fails instead of hanging",
          "[output]") {
    TempDir dir;
    const fs::path fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    const auto start = std::chrono::steady_clock::now();
    CHECK_THAT(usage_message([&] { OutputFile("--out", fifo.string()).open(); }),
               Catch::Contains("no process reads"));
    CHECK(std::chrono::steady_clock::now() - start < kFifoReaderWait * 3);

    std::string got;
    std::thread reader([&] {
        const int fd = ::open(fifo.c_str(), O_RDONLY);
        char buf[256];
        ssize_t n = 0;
        while (fd >= 0 && (n = ::read(fd, buf, sizeof buf)) > 0) {
            got.append(buf, static_cast<std::size_t>(n));
        }
        if (fd >= 0) {
            ::close(fd);
        }
    });
    {
        OutputFile out("--out", fifo.string());
        out.write("through the pipe");
    }
    reader.join();
    CHECK(got == "through the pipe");
    struct stat st {};
    REQUIRE(::stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
}

TEST_CASE("output: a second writer of the same file fails at start, then succeeds when free",
          "[output]") {
    TempDir dir;
    const fs::path f = dir / "r.json";
    {
        OutputFile first("--out", f.string());
        first.open();
        OutputFile second("--out", f.string());
        CHECK_THAT(usage_message([&] { second.open(); }),
                   Catch::Contains("another linkperf is writing"));
        first.write("kept");
    }
    CHECK(slurp(f) == "kept");
    OutputFile third("--out", f.string());
    third.open();
    third.write("next");
    CHECK(slurp(f) == "next");
}

TEST_CASE("output: an output naming an input, or another output, is refused", "[output]") {
    TempDir dir;
    const fs::path in = dir / "in.json";
    { std::ofstream(in) << "{}"; }
    fs::create_symlink("in.json", dir / "alias.json");
    const InputFile input{"RESULTS", in};
    for (const fs::path& name : {in, dir / "alias.json", dir.path / "." / "in.json"}) {
        INFO(name);
        OutputFile out("--md", name.string());
        CHECK_THAT(usage_message([&] { check_distinct({&out}, {input}); }),
                   Catch::Contains("is the input RESULTS"));
    }
    const OutputFile a("--md", (dir / "new.md").string());
    const OutputFile b("--csv", (dir.path / "." / "new.md").string());
    CHECK_THAT(usage_message([&] {
                   check_distinct({&a, &b}, {input});
               }),
               Catch::Contains("name the same file"));
    const OutputFile dash1("--md", "-");
    const OutputFile dash2("--csv", "-");
    CHECK_THAT(usage_message([&] {
                   check_distinct({&dash1, &dash2}, {});
               }),
               Catch::Contains("name the same file"));
    const OutputFile c("--csv", (dir / "other.csv").string());
    CHECK_NOTHROW(check_distinct({&a, &c, &dash1}, {input}));
    CHECK(slurp(in) == "{}");
}

TEST_CASE("results file: a stream gets one whole document at the end", "[output][results]") {
    TempDir dir;
    const fs::path fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    std::string got;
    std::thread reader([&] {
        const int fd = ::open(fifo.c_str(), O_RDONLY);
        char buf[4096];
        ssize_t n = 0;
        while (fd >= 0 && (n = ::read(fd, buf, sizeof buf)) > 0) {
            got.append(buf, static_cast<std::size_t>(n));
        }
        if (fd >= 0) {
            ::close(fd);
        }
    });
    {
        ResultsFile results(fifo, {{"linkperf", {{"schema_version", 1}}}});
        results.append({{"name", "a"}});
        results.append({{"name", "b"}});
        results.finish();
    }
    reader.join();
    const auto doc = nlohmann::json::parse(got); // one document, not one per case
    CHECK(doc["benchmarks"].size() == 2);
    CHECK(doc["context"]["linkperf"]["complete"] == true);
}

TEST_CASE("output: write_file_atomically never renames over a device, FIFO or directory",
          "[output]") {
    TempDir dir;
    const fs::path fifo = dir / "fifo";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THAT(usage_message([&] { write_file_atomically(fifo, "x"); }),
               Catch::Contains("not a regular file"));
    fs::create_symlink("fifo", dir / "to-fifo");
    CHECK_THAT(usage_message([&] { write_file_atomically(dir / "to-fifo", "x"); }),
               Catch::Contains("not a regular file"));
    struct stat st {};
    REQUIRE(::stat(fifo.c_str(), &st) == 0);
    CHECK(S_ISFIFO(st.st_mode));
    const fs::path null = dir / "null";
    if (make_char_device(null, 3)) {
        CHECK_THAT(usage_message([&] { write_file_atomically(null, "x"); }),
                   Catch::Contains("not a regular file"));
        REQUIRE(::stat(null.c_str(), &st) == 0);
        CHECK(S_ISCHR(st.st_mode));
    }
    fs::create_symlink("real.txt", dir / "to-real");
    write_file_atomically(dir / "to-real", "through");
    CHECK(fs::is_symlink(dir / "to-real"));
    CHECK(slurp(dir / "real.txt") == "through");
}

TEST_CASE("output: a user's own .NAME.lock is locked but never removed or changed; ours is",
          "[output][lock]") {
    TempDir dir;
    const fs::path f = dir / "r.json";
    const fs::path lock = dir / ".r.json.lock";
    { std::ofstream(lock) << "my notes, not a linkperf lock\n"; }
    {
        OutputFile out("--out", f.string());
        out.write("x\n");
        // Held meanwhile: a second writer is refused.
        CHECK_THAT(usage_message([&] { OutputFile("--out", f.string()).open(); }),
                   Catch::Contains("another linkperf"));
    }
    REQUIRE(fs::exists(lock));
    CHECK(slurp(lock) == "my notes, not a linkperf lock\n");
    // An empty one (what an older linkperf, or one killed by SIGKILL, left) is a stale lock.
    fs::remove(lock);
    { std::ofstream(lock).flush(); }
    OutputFile("--out", f.string()).write("y\n");
    CHECK_FALSE(fs::exists(lock));
    // A directory or FIFO under the lock's name is refused, not waited on.
    REQUIRE(::mkfifo(lock.c_str(), 0600) == 0);
    CHECK_THAT(usage_message([&] { OutputFile("--out", f.string()).write("z\n"); }),
               Catch::Contains("not a regular file"));
    CHECK(slurp(f) == "y\n");
}

TEST_CASE("output: a read-only output is refused; root keeps a user's file theirs",
          "[output][lock]") {
    TempDir dir;
    const fs::path f = dir / "r.json";
    { std::ofstream(f) << "kept\n"; }
    ::chmod(f.c_str(), 0444);
    CHECK_THAT(usage_message([&] { OutputFile("--out", f.string()).write("x\n"); }),
               Catch::Contains("read-only"));
    CHECK(slurp(f) == "kept\n");
    ::chmod(f.c_str(), 0644);
    if (::geteuid() != 0) {
        WARN("not root: the other user's file case is not checked");
        return;
    }
    REQUIRE(::chown(f.c_str(), 4321, 4321) == 0);
    OutputFile("--out", f.string()).write("new\n");
    struct stat st {};
    REQUIRE(::stat(f.c_str(), &st) == 0);
    CHECK(slurp(f) == "new\n");
    CHECK(st.st_uid == 4321);
    CHECK(st.st_gid == 4321);
}

TEST_CASE("output: a set hands an output over to its writer with the lock held", "[output]") {
    TempDir dir;
    const fs::path f = dir / "r.json";
    OutputSet outputs;
    outputs.add("--out", f.string());
    outputs.add("--prom", "");
    outputs.add("--md", (dir / "r.md").string());
    outputs.check_and_open({});
    CHECK(outputs.get("--prom") == nullptr);
    CHECK_FALSE(outputs.take("--prom"));
    std::optional<OutputFile> out = outputs.take("--out");
    REQUIRE(out);
    CHECK(outputs.get("--out") == nullptr);
    REQUIRE(outputs.get("--md") != nullptr);
    // Still locked after the hand-over: a second writer fails at start.
    OutputFile second("--out", f.string());
    CHECK_THAT(usage_message([&] { second.open(); }),
               Catch::Contains("another linkperf is writing"));
    out->write("taken");
    CHECK(slurp(f) == "taken");
}
