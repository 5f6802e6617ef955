#pragma once
// Ctrl-C (SIGINT) and SIGTERM during a run. While an InterruptScope lives, the first such
// signal only asks the run to stop after the case in flight: the results file then holds every
// finished case and says it is incomplete. The handler resets itself, so a second signal ends
// the process at once the default way (the file on disk is already whole).
namespace linkperf {

class InterruptScope {
public:
    InterruptScope();  // installs the handlers and clears any earlier request
    ~InterruptScope(); // restores the handlers that were there before
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;
};

// The signal that asked the run to stop (SIGINT or SIGTERM), 0 when none did.
int interrupt_signal();

// "SIGINT", "SIGTERM" (the name a signal is known by in logs and the results file).
const char* signal_name(int signal);

// The exit status of a process stopped by `signal`, as a shell reports it: 128 + the number
// (130 for SIGINT, 143 for SIGTERM).
int interrupted_exit_code(int signal);

} // namespace linkperf
