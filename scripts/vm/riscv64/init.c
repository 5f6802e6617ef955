// PID 1 of the riscv64 NUMA guest (scripts/riscv-vm.sh). Debian 12 has no riscv64 userland to
// borrow (no busybox for that architecture), so this static program is the guest's whole
// userland beside linkperf: it mounts /proc, /sys and /dev, runs the steps of /steps/SHAPE
// (the shape comes from the kernel command line, linkperf.shape=NAME), keeps each step's stdout,
// stderr and exit code in /out as NAME.out, NAME.err and NAME.rc (as scripts/vm/guest.sh does
// for the x86 guest), sends /out to the host on the serial console and powers off.
//
// A step line: NAME [VAR=VALUE...] PROGRAM [ARGS...], split on blanks, '#' starts a comment.
// In arguments, @cpu:N is the first CPU of NUMA node N (the kernel numbers CPUs from the hart
// that booted, which OpenSBI picks at random under TCG: steps must not name CPU numbers).
// A line "@copy NAME PATH" copies a file (sysfs, procfs) into /out/NAME.
// The guest's kernel has no RTC driver, so its clock would start at 1970 (results dates, nfd's
// expiry): the host passes its time as linkperf.epoch=SECONDS and init sets the clock from it.
// Every step gets LINKPERF_EMULATOR=qemu-system-riscv64 (TCG): the results say emulated, as
// the figures of a translated CPU mean nothing; and LD_PRELOAD=/lib/clock-syscall.so.
// On ttyS0 (the console: QEMU virt has one UART; loglevel=1 keeps the kernel quiet): "LINKPERF-RESULTS-BEGIN", then per file "FILE NAME SIZE" and its base64 lines,
// then "LINKPERF-RESULTS-END" (tests/numa_vm/riscv_guest.py unpacks it).
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define MAX_ARGS 64

static void say(const char* fmt, const char* a, int n, long t) {
    printf("linkperf-guest: ");
    printf(fmt, a, n, t);
    printf("\n");
    fflush(stdout);
}

static char* read_text(const char* path, size_t* size) {
    FILE* f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, len = 0;
    char* buf = malloc(cap + 1);
    size_t got;
    while (buf != NULL && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
        }
    }
    fclose(f);
    if (buf != NULL) {
        buf[len] = '\0';
    }
    if (size != NULL) {
        *size = len;
    }
    return buf;
}

static void write_text(const char* path, const char* text, size_t len) {
    FILE* f = fopen(path, "wb");
    if (f != NULL) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

// @cpu:N -> the first number of /sys/devices/system/node/nodeN/cpulist.
static const char* expand(const char* arg, char* buf, size_t n) {
    if (strncmp(arg, "@cpu:", 5) != 0) {
        return arg;
    }
    char path[128];
    snprintf(path, sizeof path, "/sys/devices/system/node/node%s/cpulist", arg + 5);
    char* list = read_text(path, NULL);
    snprintf(buf, n, "%d", list != NULL && list[0] >= '0' && list[0] <= '9' ? atoi(list) : -1);
    free(list);
    return buf;
}

static void run_step(char* line) {
    char* tok[MAX_ARGS + 1];
    int ntok = 0;
    for (char* t = strtok(line, " \t"); t != NULL && ntok < MAX_ARGS; t = strtok(NULL, " \t")) {
        tok[ntok++] = t;
    }
    tok[ntok] = NULL;
    if (ntok == 0) {
        return;
    }
    char path[256];
    if (strcmp(tok[0], "@copy") == 0 && ntok == 3) {
        size_t len = 0;
        char* text = read_text(tok[2], &len);
        snprintf(path, sizeof path, "/out/%s", tok[1]);
        if (text != NULL) {
            write_text(path, text, len);
        }
        free(text);
        return;
    }
    const char* name = tok[0];
    int first = 1;
    while (first < ntok && strchr(tok[first], '=') != NULL && tok[first][0] != '-') {
        ++first;
    }
    if (first >= ntok) {
        say("%s: no program (%d words)", name, ntok, 0);
        return;
    }
    static char expanded[MAX_ARGS][32];
    char* argv[MAX_ARGS + 1];
    int argc = 0;
    for (int i = first; i < ntok; ++i) {
        argv[argc] = (char*)expand(tok[i], expanded[argc], sizeof expanded[argc]);
        ++argc;
    }
    argv[argc] = NULL;
    const time_t t0 = time(NULL);
    const pid_t pid = fork();
    if (pid == 0) {
        for (int i = 1; i < first; ++i) {
            putenv(tok[i]);
        }
        snprintf(path, sizeof path, "/out/%s.out", name);
        const int out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        snprintf(path, sizeof path, "/out/%s.err", name);
        const int err = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        execv(argv[0], argv);
        fprintf(stderr, "init: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status = 0;
    int rc = 255;
    if (pid > 0 && waitpid(pid, &status, 0) == pid) {
        rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    char text[16];
    snprintf(path, sizeof path, "/out/%s.rc", name);
    write_text(path, text, (size_t)snprintf(text, sizeof text, "%d\n", rc));
    say("%s: exit %d (%ld s)", name, rc, (long)(time(NULL) - t0));
}

static void base64_file(FILE* tty, const char* name, const char* data, size_t len) {
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    fprintf(tty, "FILE %s %zu\n", name, len);
    int col = 0;
    for (size_t i = 0; i < len; i += 3) {
        const unsigned v = (unsigned)(unsigned char)data[i] << 16 |
                           (i + 1 < len ? (unsigned)(unsigned char)data[i + 1] << 8 : 0) |
                           (i + 2 < len ? (unsigned char)data[i + 2] : 0);
        fputc(b64[v >> 18 & 63], tty);
        fputc(b64[v >> 12 & 63], tty);
        fputc(i + 1 < len ? b64[v >> 6 & 63] : '=', tty);
        fputc(i + 2 < len ? b64[v & 63] : '=', tty);
        if ((col += 4) >= 76) {
            fputc('\n', tty);
            col = 0;
        }
    }
    if (col > 0 || len == 0) {
        fputc('\n', tty);
    }
}

// The kernel's log (a crashed step's "unhandled signal ... in linkperf" and its registers are
// logged below the console's loglevel) into /out/kmsg, read without blocking.
static void save_kernel_log(void) {
    const int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
    FILE* out = fd >= 0 ? fopen("/out/kmsg", "w") : NULL;
    char rec[2048];
    ssize_t n;
    while (out != NULL && ((n = read(fd, rec, sizeof rec - 1)) > 0 || (n < 0 && errno == EPIPE))) {
        if (n > 0) { // EPIPE: records were overwritten; the next read goes on with the oldest left
            fwrite(rec, 1, (size_t)n, out);
        }
    }
    if (out != NULL) {
        fclose(out);
    }
    if (fd >= 0) {
        close(fd);
    }
}

static void send_results(void) {
    const int fd = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
    if (fd < 0) {
        say("no /dev/ttyS0 (%s)", strerror(errno), 0, 0);
        return;
    }
    struct termios t;
    if (tcgetattr(fd, &t) == 0) {
        cfmakeraw(&t);
        tcsetattr(fd, TCSANOW, &t);
    }
    FILE* tty = fdopen(fd, "w");
    fprintf(tty, "LINKPERF-RESULTS-BEGIN\n");
    DIR* d = opendir("/out");
    for (struct dirent* e = d != NULL ? readdir(d) : NULL; e != NULL; e = readdir(d)) {
        if (e->d_name[0] == '.') {
            continue;
        }
        char path[300];
        snprintf(path, sizeof path, "/out/%s", e->d_name);
        size_t len = 0;
        char* data = read_text(path, &len);
        if (data != NULL) {
            base64_file(tty, e->d_name, data, len);
            free(data);
        }
    }
    if (d != NULL) {
        closedir(d);
    }
    fprintf(tty, "LINKPERF-RESULTS-END\n");
    fflush(tty);
    tcdrain(fd);
}

int main(void) {
    mkdir("/proc", 0755);
    mkdir("/sys", 0755);
    mkdir("/dev", 0755);
    mkdir("/tmp", 01777);
    mkdir("/out", 0755);
    mount("proc", "/proc", "proc", 0, NULL);
    mount("sysfs", "/sys", "sysfs", 0, NULL);
    mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
    mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
    // Console: the kernel gave PID 1 /dev/console; reopen it in case it did not.
    const int console = open("/dev/console", O_RDWR);
    if (console >= 0) {
        dup2(console, 1);
        dup2(console, 2);
    }
    setenv("PATH", "/bin", 1);
    setenv("LD_LIBRARY_PATH", "/lib", 1);
    setenv("HOME", "/tmp", 1);
    struct utsname u;
    uname(&u);
    say("up: %s, %d CPUs", u.release, (int)sysconf(_SC_NPROCESSORS_ONLN), 0);

    char* cmdline = read_text("/proc/cmdline", NULL);
    char shape[32] = "";
    const char* s = cmdline != NULL ? strstr(cmdline, "linkperf.shape=") : NULL;
    if (s != NULL) {
        sscanf(s + strlen("linkperf.shape="), "%31[a-z0-9]", shape);
    }
    const char* e = cmdline != NULL ? strstr(cmdline, "linkperf.epoch=") : NULL;
    if (e != NULL) {
        const struct timespec now = {.tv_sec = (time_t)atoll(e + strlen("linkperf.epoch=")), .tv_nsec = 0};
        if (now.tv_sec > 0 && clock_settime(CLOCK_REALTIME, &now) != 0) {
            say("cannot set the clock (%s)", strerror(errno), 0, 0);
        }
    }
    free(cmdline);
    setenv("LINKPERF_EMULATOR", "qemu-system-riscv64 (TCG)", 1);
    // The clock by system call (clock_syscall.c: this kernel's vDSO can crash a clock_gettime);
    // a step that sets LD_PRELOAD itself lists /lib/clock-syscall.so too.
    setenv("LD_PRELOAD", "/lib/clock-syscall.so", 1);
    sethostname("riscv-vm", 8);
    char steps_path[64];
    snprintf(steps_path, sizeof steps_path, "/steps/%s", shape);
    char* steps = read_text(steps_path, NULL);
    if (steps == NULL) {
        say("no steps for shape '%s'", shape, 0, 0);
    }
    for (char* line = steps; line != NULL && *line != '\0';) {
        char* end = strchr(line, '\n');
        if (end != NULL) {
            *end = '\0';
        }
        char* hash = strchr(line, '#');
        if (hash != NULL) {
            *hash = '\0';
        }
        run_step(line);
        line = end != NULL ? end + 1 : NULL;
    }
    free(steps);
    save_kernel_log();
    send_results();
    say("done", "", 0, 0);
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
