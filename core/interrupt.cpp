#include "core/interrupt.hpp"

#include <csignal>

namespace linkperf {
namespace {

volatile std::sig_atomic_t g_signal = 0;
struct sigaction g_old_int {};
struct sigaction g_old_term {};

void on_interrupt(int signal) {
    g_signal = signal;
}

} // namespace

InterruptScope::InterruptScope() {
    g_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    // SA_RESTART: a read or write the signal lands in goes on; SA_RESETHAND: the next signal
    // takes the default action.
    sa.sa_flags = SA_RESTART | SA_RESETHAND;
    ::sigaction(SIGINT, &sa, &g_old_int);
    ::sigaction(SIGTERM, &sa, &g_old_term);
}

InterruptScope::~InterruptScope() {
    ::sigaction(SIGINT, &g_old_int, nullptr);
    ::sigaction(SIGTERM, &g_old_term, nullptr);
}

int interrupt_signal() {
    return g_signal;
}

const char* signal_name(int signal) {
    switch (signal) {
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    default:
        return "signal";
    }
}

int interrupted_exit_code(int signal) {
    return 128 + signal;
}

} // namespace linkperf
