#pragma once
// Rank 0's results file, shared by the sweep and the interrupt thread (interrupt_watch.hpp):
// every use holds one lock, so a signal never lands inside a rewrite, and the interrupt can
// record itself and close the file (which removes its ".NAME.lock") while the sweep waits.
#include "core/results_file.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace linkperf::coll {

class GuardedResults {
public:
    void open(const std::filesystem::path& path, nlohmann::json context);
    void append(nlohmann::json entry);
    // Sets context.linkperf.collectives[key] (written with the next entry).
    void set_collectives(const std::string& key, nlohmann::json value);
    void finish();
    std::size_t entries();

    // What the interrupt left.
    struct Stopped {
        bool busy = false;     // a results write did not finish within kStopWait: not touched
        bool opened = false;   // a results file had been opened
        bool finished = false; // and finished: the run was complete
        std::filesystem::path path;
        std::size_t entries = 0;
        std::string error; // recording the interrupt failed (the file keeps complete: false)
    };
    // Records what stopped the run (`by`: "SIGINT", "SIGTERM", "timeout") in an unfinished
    // file, then closes it, which removes its lock file. Keeps the mutex: the process is to end
    // next, and nothing else may touch the file. Waits at most kStopWait for a write in
    // progress (one stuck on a reader that went away must not keep the job from ending).
    Stopped stop(const std::string& by);
    static constexpr std::chrono::seconds kStopWait{5};

private:
    std::timed_mutex mutex_;
    std::optional<ResultsFile> file_;
    bool finished_ = false;
};

} // namespace linkperf::coll
