#include "core/interrupt.hpp"

#include <unistd.h>

#include <atomic>
#include <climits>
#include <csignal>
#include <cstring>

namespace linkperf {
namespace {

volatile std::sig_atomic_t g_signal = 0;
std::atomic<bool> g_scope{false};
const char* g_program = "linkperf";

struct Slot {
    // int, not bool: a one-byte compare-exchange is a libatomic call on riscv64 (GCC 12), a
    // word-sized one an lr/sc pair on every target linkperf builds for.
    std::atomic<int> used{0};
    char path[PATH_MAX] = {};
};
Slot g_slots[kMaxRegistered];

void write_err(const char* text) {
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, text, std::strlen(text));
}

// Async-signal-safe: unlink, write, sigaction and raise only.
[[noreturn]] void end_by_signal(int signal) {
    remove_registered_files();
    write_err(g_program);
    write_err(": stopped by ");
    write_err(signal_name(signal));
    write_err(" (no lock or half-written file left; outputs already written are whole)\n");
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(signal, &dfl, nullptr);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signal);
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(signal);
    ::_exit(interrupted_exit_code(signal));
}

void on_signal(int signal) {
    if (g_scope.load() && g_signal == 0) {
        g_signal = signal; // a request: the work stops at its next check
        return;
    }
    end_by_signal(signal);
}

void install(int signal) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaddset(&sa.sa_mask, SIGINT); // one handler at a time: a second signal waits for it
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sa.sa_flags = SA_RESTART; // a read or write the signal lands in goes on
    ::sigaction(signal, &sa, nullptr);
}

// SIGHUP (the terminal went away) too, unless it is ignored: `nohup linkperf run` goes on.
void install_all() {
    install(SIGINT);
    install(SIGTERM);
    struct sigaction hup {};
    if (::sigaction(SIGHUP, nullptr, &hup) == 0 && hup.sa_handler != SIG_IGN) {
        install(SIGHUP);
    }
}

} // namespace

void install_interrupt_handlers(const char* program) {
    g_program = program;
    install_all();
}

InterruptScope::InterruptScope() {
    g_signal = 0;
    install_all(); // for programs (tests) that did not call install_interrupt_handlers
    g_scope = true;
}

InterruptScope::~InterruptScope() {
    g_scope = false;
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
    case SIGHUP:
        return "SIGHUP";
    default:
        return "signal";
    }
}

int interrupted_exit_code(int signal) {
    return 128 + signal;
}

int register_file(const char* path) {
    if (std::strlen(path) >= PATH_MAX) {
        return -1;
    }
    for (int i = 0; i < kMaxRegistered; ++i) {
        int expected = 0;
        // Claimed first, filled, then published by writing the path before `used` is seen set
        // by the handler: a handler running between the two sees an empty path and skips it.
        if (g_slots[i].used.compare_exchange_strong(expected, 1)) {
            g_slots[i].path[0] = '\0';
            std::atomic_signal_fence(std::memory_order_seq_cst);
            std::memcpy(g_slots[i].path + 1, path + 1, std::strlen(path));
            std::atomic_signal_fence(std::memory_order_seq_cst);
            g_slots[i].path[0] = path[0];
            return i;
        }
    }
    return -1;
}

void unregister_file(int slot) {
    if (slot < 0 || slot >= kMaxRegistered) {
        return;
    }
    g_slots[slot].path[0] = '\0';
    std::atomic_signal_fence(std::memory_order_seq_cst);
    g_slots[slot].used = 0;
}

void remove_registered_files() {
    for (Slot& s : g_slots) {
        if (s.used.load() != 0 && s.path[0] != '\0') {
            ::unlink(s.path);
        }
    }
}

} // namespace linkperf
