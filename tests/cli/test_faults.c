/**
 * @file test_faults.c
 * @brief Fault injection (issue #14): a disk that fails with EIO or ENOSPC on write, on
 *        close or on fsync (tests/fault/fault_inject.c, preloaded into the binary), and
 *        SIGINT, SIGTERM and SIGKILL at several points of run, batch, sweep and calibrate.
 *        Every case: a non-zero exit with the system's message (no crash), the previous
 *        file intact, nothing half-written under the final name; after SIGKILL the
 *        temporary is removed, with a warning, by the next write.
 *
 * Signals are sent at points the test observes, never after a delay: once the handlers
 * are installed (SigCgt in /proc/PID/status), once the temporary output exists, and for
 * a sweep once its journal holds finished work. The full-disk case on a real tmpfs is in
 * test_full_disk.c; SIGKILL then --resume giving the uninterrupted file is in test_sweep.c.
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support.h"

#ifndef CHANSIM_FAULT_LIB
#define CHANSIM_FAULT_LIB "build/release/tests/libfault.so"
#endif

#define SMALL_INI "tests/data/cli/small.ini"
#define PREVIOUS "the previous results\n"

/* ---- a failing disk ---------------------------------------------------------------- */

/* `cmd` (%s: the output path) with the shim failing `op` with `err` on temporary outputs. */
static void disk_fails_after(const char *what, const char *op, const char *err, long after, const char *message,
                             const char *cmd)
{
    if (access(CHANSIM_FAULT_LIB, R_OK) != 0) cr_skip_test("no %s (make test builds it)", CHANSIM_FAULT_LIB);
    char *dir = sup_tmpdir(), out[1024], env[2048], args[2048];
    snprintf(out, sizeof out, "%s/x.h5", dir);
    sup_write_file(out, PREVIOUS);
    /* verify_asan_link_order=0: under SANITIZE=1 the shim is loaded before ASan's runtime. */
    snprintf(env, sizeof env,
             "LD_PRELOAD=%s/%s CHANSIM_FAULT_PATH=.tmp. CHANSIM_FAULT_OP=%s CHANSIM_FAULT_ERRNO=%s "
             "CHANSIM_FAULT_AFTER=%ld ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0",
             getenv("PWD") ? getenv("PWD") : ".", CHANSIM_FAULT_LIB, op, err, after);
    snprintf(args, sizeof args, cmd, out);
    sup_result r = sup_chansim(dir, env, "%s", args);
    cr_expect_eq(r.status, 1, "%s, %s fails with %s: exit %d (139: a crash): %s", what, op, err, r.status, r.err);
    cr_expect(strstr(r.err, message), "%s, %s %s: the message lacks '%s': %s", what, op, err, message, r.err);
    sup_result_free(&r);
    char *kept = sup_read_file(out, NULL);
    cr_expect(kept && !strcmp(kept, PREVIOUS), "%s, %s %s: the previous file was replaced", what, op, err);
    free(kept);
    DIR *d = opendir(dir);
    cr_assert_not_null(d);
    for (struct dirent *e; (e = readdir(d));)
        cr_expect(!strstr(e->d_name, ".tmp."), "%s, %s %s: left %s", what, op, err, e->d_name);
    closedir(d);
    sup_rmtree(dir);
    free(dir);
}

/* Failing from the first byte (HDF5 writes its superblock at creation). */
static void disk_fails(const char *what, const char *op, const char *err, const char *message, const char *cmd)
{
    disk_fails_after(what, op, err, 0, message, cmd);
}

#define RUN "run " SMALL_INI " -r 2 -q --force -o '%s'"

Test(faults, run_write_eio, .timeout = 120) { disk_fails("run", "write", "EIO", "Input/output error", RUN); }
Test(faults, run_write_eio_halfway, .timeout = 120)
{
    /* the results of a small run are a few hundred KiB: fail after the first 100 KiB */
    disk_fails_after("run", "write", "EIO", 100000, "Input/output error", RUN);
}
Test(faults, run_write_enospc, .timeout = 120) { disk_fails("run", "write", "ENOSPC", "No space left on device", RUN); }
Test(faults, run_close_eio, .timeout = 120) { disk_fails("run", "close", "EIO", "cannot finish writing", RUN); }
Test(faults, run_fsync_eio, .timeout = 120) { disk_fails("run", "fsync", "EIO", "Input/output error", RUN); }
Test(faults, batch_write_enospc, .timeout = 120)
{
    disk_fails("batch", "write", "ENOSPC", "No space left on device",
               "batch " SMALL_INI " --baseline small -r 2 -q --force -o '%s'");
}
Test(faults, sweep_close_eio, .timeout = 120)
{
    disk_fails("sweep", "close", "EIO", "--resume", "sweep tests/data/sweep/small.ini -q --force -o '%s'");
}

/* ---- signals at several points ----------------------------------------------------- */


static void pause_briefly(void) { nanosleep(&(struct timespec){0, 5000000L}, NULL); }

/* 1 once `pid` catches SIGTERM (its handlers are installed), 0 if it exited first. */
static int handlers_installed(pid_t pid)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
    for (;;) {
        if (waitpid(pid, NULL, WNOHANG) == pid) return 0;
        FILE *fp = fopen(path, "r");
        if (!fp) return 0;
        char line[256];
        unsigned long long mask = 0;
        while (fgets(line, sizeof line, fp))
            if (sscanf(line, "SigCgt: %llx", &mask) == 1) break;
        fclose(fp);
        if (mask & (1ULL << (SIGTERM - 1))) return 1;
        pause_briefly();
    }
}

/* 1 once a file whose name starts with `prefix` exists in `dir` (and `pid` runs), 0 if it exited first. */
static int file_appears(pid_t pid, const char *dir, const char *prefix, long min_size)
{
    for (;;) {
        if (waitpid(pid, NULL, WNOHANG) == pid) return 0;
        DIR *d = opendir(dir);
        cr_assert_not_null(d);
        int found = 0;
        for (struct dirent *e; !found && (e = readdir(d));) {
            if (strncmp(e->d_name, prefix, strlen(prefix)) != 0) continue;
            char p[2048];
            struct stat sb;
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            found = stat(p, &sb) == 0 && sb.st_size >= min_size;
        }
        closedir(d);
        if (found) return 1;
        pause_briefly();
    }
}

typedef enum { AT_START, AT_TEMPORARY, AT_JOURNAL } stop_point;

/* tests/data/calib/tiny_cal.ini with enough particles to be stopped while it samples. */
static void write_big_calibration(const char *path)
{
    char *cwd = getcwd(NULL, 0), text[4096];
    cr_assert_not_null(cwd);
    snprintf(text, sizeof text,
             "[calibration]\nscenario = %s/tests/data/calib/tiny_scenario.ini\ndata_dir = %s/data\nseed = 7\n"
             "particles = 4000\nkeep_share = 0.5\nmax_generations = 3\nmin_acceptance = 0\nreplications = 1\n"
             "replay_replications = 2\nposterior_draws = 3\n"
             "[priors]\nmigrants.inflow_per_day = loguniform 80 300\n"
             "[statistics]\narrivals.monthly = 1\n",
             cwd, cwd);
    free(cwd);
    sup_write_file(path, text);
}

/*
 * Start `args` (its -o is DIR/x.h5, holding the previous results), send `sig` at `point`,
 * and check: exit 128+sig (or killed by SIGKILL), the previous file intact, no temporary
 * left except after SIGKILL, which the next run removes and reports.
 */
static void stopped(const char *what, const char *const *args_tail, int sig, stop_point point)
{
    char *dir = sup_tmpdir(), out[1024], log[1024];
    snprintf(out, sizeof out, "%s/x.h5", dir);
    snprintf(log, sizeof log, "%s/log.txt", dir);
    sup_write_file(out, PREVIOUS);
    char cal[1024];
    snprintf(cal, sizeof cal, "%s/cal.ini", dir);
    const char *args[32] = {CHANSIM_BIN};
    int n = 1;
    for (; args_tail[n - 1]; n++) args[n] = strcmp(args_tail[n - 1], "CAL") ? args_tail[n - 1] : cal;
    if (!strcmp(args_tail[0], "calibrate")) write_big_calibration(cal);
    args[n++] = "-q";
    args[n++] = "--force";
    args[n++] = "-o";
    args[n++] = out;
    args[n] = NULL;
    pid_t pid = sup_spawn(log, args);
    int reached = handlers_installed(pid);
    if (reached && point == AT_TEMPORARY) reached = file_appears(pid, dir, "x.h5.tmp.", 0);
    if (reached && point == AT_JOURNAL) reached = file_appears(pid, dir, "x.h5.journal", 200);
    cr_assert(reached, "%s ended before it could be signalled at point %d", what, (int)point);
    kill(pid, sig);
    int ws;
    cr_assert_eq(waitpid(pid, &ws, 0), pid);
    char *text = sup_read_file(log, NULL);
    if (sig == SIGKILL) {
        cr_expect(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL, "%s: %s", what, text);
    } else {
        cr_expect(WIFEXITED(ws) && WEXITSTATUS(ws) == 128 + sig, "%s, signal %d at point %d: status %d: %s", what, sig,
                  (int)point, ws, text);
        cr_expect(strstr(text, sig == SIGINT ? "stopped by SIGINT" : "stopped by SIGTERM"), "%s: %s", what, text);
    }
    free(text);
    char *kept = sup_read_file(out, NULL);
    cr_expect(kept && !strcmp(kept, PREVIOUS), "%s, signal %d at point %d: the previous file was replaced", what, sig,
              (int)point);
    free(kept);
    int temporaries = 0;
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) temporaries += strstr(e->d_name, "x.h5.tmp.") != NULL;
    if (d) closedir(d);
    if (sig != SIGKILL) {
        cr_expect_eq(temporaries, 0, "%s, signal %d: a temporary file was left", what, sig);
    } else if (temporaries) {
        /* A killed run cannot clean up; the next write to the same output does, and says so. */
        sup_result r = sup_chansim(dir, NULL, "run " SMALL_INI " -r 1 -q --force -o '%s'", out);
        cr_expect_eq(r.status, 0, "%s", r.err);
        cr_expect(strstr(r.err, "removed stale temporary file"), "%s", r.err);
        sup_result_free(&r);
        d = opendir(dir);
        for (struct dirent *e; d && (e = readdir(d));)
            cr_expect(!strstr(e->d_name, "x.h5.tmp."), "left after the next run: %s", e->d_name);
        if (d) closedir(d);
    }
    sup_rmtree(dir);
    free(dir);
}

static const char *const run_args[] = {"run", SUP_BASELINE, "-r", "400", NULL};
static const char *const batch_args[] = {"batch", SUP_BASELINE, "configs/scenarios/rwanda.ini", "-r", "400", NULL};
static const char *const sweep_args[] = {"sweep", "tests/data/sweep/medium.ini", "-r", "50", NULL};
static const char *const cal_args[] = {"calibrate", "CAL", NULL};

Test(faults, run_sigint_at_start, .timeout = 240) { stopped("run", run_args, SIGINT, AT_START); }
Test(faults, run_sigterm_while_writing, .timeout = 240) { stopped("run", run_args, SIGTERM, AT_TEMPORARY); }
Test(faults, run_sigkill_while_writing, .timeout = 240) { stopped("run", run_args, SIGKILL, AT_TEMPORARY); }
Test(faults, batch_sigterm_at_start, .timeout = 240) { stopped("batch", batch_args, SIGTERM, AT_START); }
Test(faults, batch_sigint_while_writing, .timeout = 240) { stopped("batch", batch_args, SIGINT, AT_TEMPORARY); }
Test(faults, batch_sigkill_while_writing, .timeout = 240) { stopped("batch", batch_args, SIGKILL, AT_TEMPORARY); }
Test(faults, sweep_sigint_with_work_done, .timeout = 240) { stopped("sweep", sweep_args, SIGINT, AT_JOURNAL); }
Test(faults, sweep_sigkill_with_work_done, .timeout = 240) { stopped("sweep", sweep_args, SIGKILL, AT_JOURNAL); }
Test(faults, calibrate_sigterm_while_sampling, .timeout = 240) { stopped("calibrate", cal_args, SIGTERM, AT_TEMPORARY); }
Test(faults, calibrate_sigkill_while_sampling, .timeout = 240) { stopped("calibrate", cal_args, SIGKILL, AT_TEMPORARY); }
