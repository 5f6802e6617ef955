#pragma once
// Ctrl-C (SIGINT), SIGTERM and SIGHUP. Two regimes, one handler:
// - While an InterruptScope lives, the first such signal only asks the work to stop at its next
//   check (the case in flight, for `linkperf run`): the results file then holds every finished
//   case and says it is incomplete.
// - Otherwise (and for a second signal inside a scope), the process ends at once: the files
//   registered below (held lock files, half-written temporaries) are removed first, a line says
//   so, and the signal is raised again with its default action, so the exit status is the
//   shell's 128 + signal.
// install_interrupt_handlers() is the first thing a program's main does: there is no moment in
// which a signal kills it the default way with a lock or a temporary file left behind.
namespace linkperf {

// Installs the handler for SIGINT and SIGTERM (SIGINT too when the shell left it ignored: job
// control sends it), and for SIGHUP unless it is ignored (nohup). `program` prefixes the line
// ("linkperf").
void install_interrupt_handlers(const char* program);

class InterruptScope {
public:
    InterruptScope();  // the first signal is now a request; clears any earlier request
    ~InterruptScope(); // signals end the process again
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;
};

// The signal that asked the run to stop (SIGINT, SIGTERM or SIGHUP), 0 when none did.
int interrupt_signal();

// "SIGINT", "SIGTERM", "SIGHUP" (the name a signal is known by in logs and the results file).
const char* signal_name(int signal);

// The exit status of a process stopped by `signal`, as a shell reports it: 128 + the number
// (130 for SIGINT, 143 for SIGTERM).
int interrupted_exit_code(int signal);

// Files removed when a signal ends the process (and by remove_registered_files): an output's
// lock file while it is held, a temporary file while it is written. At most kMaxRegistered at
// once; register_file returns a slot (-1 when full: the file is then not removed) that
// unregister_file frees. Async-signal-safe removal: the paths are copied into fixed storage.
inline constexpr int kMaxRegistered = 32;
int register_file(const char* path);
void unregister_file(int slot);
// Removes every registered file now (async-signal-safe): for a process about to _Exit.
void remove_registered_files();

} // namespace linkperf
