#include "core/exit_status.hpp"

#include "core/error.hpp"
#include "core/standard_streams.hpp"

#include <new>

namespace linkperf {

ExitStatus exit_status_of(const std::exception_ptr& failure) {
    using Cause = ExitStatus::Cause;
    try {
        std::rethrow_exception(failure);
    } catch (const Error& e) {
        return {static_cast<int>(e.code()), e.what(), Cause::error};
    } catch (const std::bad_alloc&) {
        return {static_cast<int>(ExitCode::environment), "out of memory", Cause::out_of_memory};
    } catch (const std::exception& e) {
        if (std::string why; !stdout_ok(why)) {
            return {static_cast<int>(ExitCode::usage), "cannot write to standard output: " + why,
                    Cause::lost_stdout};
        }
        return {static_cast<int>(ExitCode::failed), e.what(), Cause::other};
    } catch (...) {
        return {static_cast<int>(ExitCode::failed), "unknown failure", Cause::other};
    }
}

} // namespace linkperf
