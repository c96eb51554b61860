/**
 * @file test_signals.c
 * @brief The signal policy of long phases (issue #14): SIGINT exits 130 and SIGTERM 143
 *        (128 + the signal, the shell's convention), with one clear message, and nothing
 *        half-written; a sweep checking a ten-million-point design stops on SIGTERM.
 *
 * Each test waits until the process has installed its handlers (the SigCgt mask in
 * /proc/PID/status) before signalling, so the signal always meets the policy and never
 * the default action; no test depends on how long anything takes.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support.h"


/* 1 once `pid` catches signal `sig` (its SigCgt mask has the bit), 0 if it exited first. */
static int wait_for_handler(pid_t pid, int sig)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    for (;;) {
        int ws;
        if (waitpid(pid, &ws, WNOHANG) == pid) return 0;
        FILE *fp = fopen(path, "r");
        cr_assert_not_null(fp, "cannot read %s", path);
        char line[256];
        unsigned long long mask = 0;
        while (fgets(line, sizeof line, fp))
            if (sscanf(line, "SigCgt: %llx", &mask) == 1) break;
        fclose(fp);
        if (mask & (1ULL << (sig - 1))) return 1;
        nanosleep(&(struct timespec){0, 5000000L}, NULL);
    }
}

/* Signal a started command once it handles `sig`; its exit code (-1 if not a normal exit) and log. */
static int signal_and_wait(const char *const *args, const char *log, int sig, char *text, size_t size)
{
    pid_t pid = sup_spawn(log, args);
    cr_assert(wait_for_handler(pid, sig), "the command ended before it could be signalled");
    kill(pid, sig);
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    char *s = sup_read_file(log, NULL);
    snprintf(text, size, "%s", s ? s : "");
    free(s);
    return WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
}

static void run_stopped_by(int sig, int code, const char *name)
{
    char *dir = sup_tmpdir(), out[1024], log[1024], text[4096];
    snprintf(out, sizeof out, "%s/run.h5", dir);
    snprintf(log, sizeof log, "%s/log.txt", dir);
    const char *args[] = {CHANSIM_BIN, "run", SUP_BASELINE, "-r", "2000", "-q", "-o", out, NULL};
    int rc = signal_and_wait(args, log, sig, text, sizeof text);
    cr_expect_eq(rc, code, "exit %d, expected %d: %s", rc, code, text);
    cr_expect(strstr(text, name), "the message does not name %s: %s", name, text);
    cr_expect(!strstr(text, "interrupted: interrupted"), "%s", text);
    cr_expect(!sup_exists(out), "a results file was written");
    cr_expect_eq(sup_count_entries(dir), 1, "only the log: a temporary file was left");
    sup_rmtree(dir);
    free(dir);
}

Test(signals, run_sigint_exits_130, .timeout = 120) { run_stopped_by(SIGINT, 130, "stopped by SIGINT"); }

Test(signals, run_sigterm_exits_143, .timeout = 120) { run_stopped_by(SIGTERM, 143, "stopped by SIGTERM"); }

Test(signals, sweep_checking_a_huge_design_honours_sigterm, .timeout = 120)
{
    char *dir = sup_tmpdir(), sweep[1024], out[1024], log[1024], text[4096];
    snprintf(sweep, sizeof sweep, "%s/huge.ini", dir);
    snprintf(out, sizeof out, "%s/huge.h5", dir);
    snprintf(log, sizeof log, "%s/log.txt", dir);
    char *base = realpath(SUP_BASELINE, NULL);
    cr_assert_not_null(base);
    char text_ini[2048];
    snprintf(text_ini, sizeof text_ini,
             "[sweep]\nbase = %s\ndesign = lhs\nsamples = 10000000\nreplications = 1\n[parameters]\n"
             "cap = rwanda.capacity_per_year 0:20000\n",
             base);
    free(base);
    sup_write_file(sweep, text_ini);
    const char *args[] = {CHANSIM_BIN, "sweep", sweep, "-q", "-o", out, NULL};
    int rc = signal_and_wait(args, log, SIGTERM, text, sizeof text);
    cr_expect_eq(rc, 143, "exit %d: %s", rc, text);
    cr_expect(strstr(text, "stopped by SIGTERM"), "%s", text);
    cr_expect(!sup_exists(out));
    cr_expect_eq(sup_count_entries(dir), 2, "only the sweep file and the log");
    sup_rmtree(dir);
    free(dir);
}
