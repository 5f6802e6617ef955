#include "collectives/guarded_results.hpp"

#include <exception>
#include <utility>

namespace linkperf::coll {

void GuardedResults::open(const std::filesystem::path& path, nlohmann::json context) {
    std::lock_guard lock(mutex_);
    file_.emplace(path, std::move(context));
}

void GuardedResults::append(nlohmann::json entry) {
    std::lock_guard lock(mutex_);
    file_->append(std::move(entry));
}

void GuardedResults::set_collectives(const std::string& key, nlohmann::json value) {
    std::lock_guard lock(mutex_);
    file_->context()["linkperf"]["collectives"][key] = std::move(value);
}

void GuardedResults::finish() {
    std::lock_guard lock(mutex_);
    file_->finish();
    finished_ = true;
}

std::size_t GuardedResults::entries() {
    std::lock_guard lock(mutex_);
    return file_->document()["benchmarks"].size();
}

GuardedResults::Stopped GuardedResults::stop(const std::string& by) {
    Stopped s;
    if (!mutex_.try_lock_for(kStopWait)) { // never unlocked once taken: see the header
        s.busy = true;
        return s;
    }
    if (!file_) {
        return s;
    }
    s.opened = true;
    s.finished = finished_;
    s.path = file_->path();
    s.entries = file_->document()["benchmarks"].size();
    try {
        if (!finished_) {
            file_->interrupt(by);
        }
    } catch (const std::exception& e) {
        s.error = e.what(); // the file on disk still holds every entry, complete: false
    }
    file_.reset(); // removes the lock file beside it
    return s;
}

} // namespace linkperf::coll
