/**
 * @file test_output_policy.c
 * @brief Every HDF5 writer of the CLI under the output-path policy (issue #14,
 *        sim/engine/atomic_file.h): a device or FIFO given as -o is refused before any
 *        work and stays what it was, even with --force (`-o /dev/null` as root used to
 *        replace the device); a symbolic link is written through and kept; a read-only
 *        file is kept even with --force; the temporary carries its writer's lock while it
 *        is written; a killed run's `x.h5.tmp.PID` is removed and
 *        reported at the next write to x.h5.
 *
 * The device is a copy of /dev/null's node (mknod 1,3) made in the test's directory, so
 * a regression cannot damage the machine; where mknod is refused (no CAP_MKNOD) the
 * device case is skipped with a message and the FIFO cases still run.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/support.h"

#define SMALL_INI "tests/data/cli/small.ini"

/* Each HDF5-writing command, %s being its output (backtest: a folder holding backtest.h5). */
static const struct {
    const char *what;
    const char *fmt;
    const char *file; /* the file written inside the -o folder, or NULL when -o is the file */
} writers[] = {
    {"run", "run " SMALL_INI " -r 2 -q --force -o '%s'", NULL},
    {"batch", "batch " SMALL_INI " --baseline small -r 2 -q --force -o '%s'", NULL},
    {"sweep", "sweep tests/data/sweep/small.ini -q --force -o '%s'", NULL},
    {"sensitivity", "sensitivity tests/data/sensitivity/morris.ini -q --force -o '%s'", NULL},
    {"calibrate", "calibrate tests/data/calib/tiny_cal.ini -q --force -o '%s'", NULL},
    {"merge", "merge --force '%s' tests/data/does-not-matter.h5", NULL},
    {"backtest", "backtest configs/validation/backtest_2024_2025.ini -q --force -o '%s'", "backtest.h5"},
};

/* Run writer i with output `special` (made by `make`), which must be refused and stay as it was. */
static void refused(const char *scratch, const char *special, mode_t kind, const char *kind_name)
{
    for (size_t i = 0; i < sizeof writers / sizeof writers[0]; i++) {
        char out[1024];
        if (writers[i].file) snprintf(out, sizeof out, "%s", scratch);
        else snprintf(out, sizeof out, "%s", special);
        sup_result r = sup_chansim(scratch, NULL, writers[i].fmt, out);
        cr_expect_eq(r.status, 1, "%s -o %s: exit %d: %s", writers[i].what, kind_name, r.status, r.err);
        cr_expect(strstr(r.err, kind_name) && strstr(r.err, "not a regular file"), "%s: %s", writers[i].what, r.err);
        sup_result_free(&r);
        struct stat sb;
        cr_expect(lstat(special, &sb) == 0 && (sb.st_mode & S_IFMT) == kind, "%s replaced the %s", writers[i].what,
                  kind_name);
    }
}

Test(output_policy, every_writer_refuses_a_fifo, .timeout = 300)
{
    char *dir = sup_tmpdir(), fifo[1024];
    snprintf(fifo, sizeof fifo, "%s/backtest.h5", dir); /* also backtest's file inside the folder */
    cr_assert_eq(mkfifo(fifo, 0644), 0);
    refused(dir, fifo, S_IFIFO, "FIFO");
    cr_expect_eq(sup_count_entries(dir), 1, "a temporary file was left beside the FIFO");
    sup_rmtree(dir);
    free(dir);
}

Test(output_policy, every_writer_refuses_a_device, .timeout = 300)
{
    char *dir = sup_tmpdir(), dev[1024];
    snprintf(dev, sizeof dev, "%s/backtest.h5", dir);
    if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) != 0) {
        sup_rmtree(dir);
        free(dir);
        cr_skip_test("cannot make a device node here (needs CAP_MKNOD): device case skipped");
    }
    refused(dir, dev, S_IFCHR, "character device");
    sup_rmtree(dir);
    free(dir);
}

/* `run -o` through a link: the file it points to is replaced, the link stays a link. */
Test(output_policy, symbolic_link_is_written_through, .timeout = 120)
{
    char *dir = sup_tmpdir(), real[1024], link[1024];
    snprintf(real, sizeof real, "%s/real.h5", dir);
    snprintf(link, sizeof link, "%s/link.h5", dir);
    sup_write_file(real, "old\n");
    cr_assert_eq(symlink("real.h5", link), 0);
    sup_result r = sup_chansim(dir, NULL, "run " SMALL_INI " -r 2 -q -o '%s'", link);
    cr_expect_eq(r.status, 1, "replaced without --force: %s", r.err);
    cr_expect(strstr(r.err, "exists; use --force"), "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "run " SMALL_INI " -r 2 -q --force -o '%s'", link);
    cr_expect_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    struct stat sb;
    cr_expect(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode), "the link was replaced");
    size_t len = 0;
    char *s = sup_read_file(real, &len);
    cr_expect(s && len > 8 && memcmp(s, "\x89HDF\r\n\x1a\n", 8) == 0, "the linked file was not written");
    free(s);
    /* A dangling link is refused. */
    cr_assert_eq(unlink(real), 0);
    r = sup_chansim(dir, NULL, "run " SMALL_INI " -r 2 -q --force -o '%s'", link);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "symbolic link to a missing file"), "%s", r.err);
    sup_result_free(&r);
    cr_expect_eq(sup_count_entries(dir), 1, "only the link: a temporary file was left");
    sup_rmtree(dir);
    free(dir);
}

Test(output_policy, read_only_file_is_kept_even_with_force, .timeout = 120)
{
    char *dir = sup_tmpdir(), p[1024];
    snprintf(p, sizeof p, "%s/ro.h5", dir);
    sup_write_file(p, "keep me\n");
    cr_assert_eq(chmod(p, 0444), 0);
    sup_result r = sup_chansim(dir, NULL, "run " SMALL_INI " -r 2 -q --force -o '%s'", p);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "read-only"), "%s", r.err);
    sup_result_free(&r);
    char *s = sup_read_file(p, NULL);
    cr_expect(s && !strcmp(s, "keep me\n"), "the read-only file was replaced");
    free(s);
    sup_rmtree(dir);
    free(dir);
}

/* A process id that is certainly gone: a child that has exited and been reaped. */
static long dead_pid(void)
{
    pid_t c = fork();
    cr_assert_geq(c, 0);
    if (c == 0) _exit(0);
    cr_assert_eq(waitpid(c, NULL, 0), c);
    return (long)c;
}

/* While a run writes, its temporary carries the writer's lock, so a run on another node of a
 * shared file system (where the process id means nothing) does not take it for a leftover. */
Test(output_policy, temporary_is_locked_while_written, .timeout = 120)
{
    char *dir = sup_tmpdir(), p[1024], tmp[1100];
    snprintf(p, sizeof p, "%s/x.h5", dir);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0) dup2(null, 2);
        execl(CHANSIM_BIN, CHANSIM_BIN, "run", SUP_BASELINE, "-r", "60", "-q", "-o", p, (char *)NULL);
        _exit(127);
    }
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", p, (long)pid);
    struct flock l = {0};
    int fd = -1, in_a_row = 0;
    /* Held for good, not only around its creation: 20 looks in a row, 5 ms apart, find it locked. */
    while (in_a_row < 20 && waitpid(pid, NULL, WNOHANG) == 0) {
        if (fd < 0) fd = open(tmp, O_RDWR);
        l = (struct flock){.l_type = F_WRLCK, .l_whence = SEEK_SET};
        int locked = fd >= 0 && fcntl(fd, F_GETLK, &l) == 0 && l.l_type != F_UNLCK;
        in_a_row = locked ? in_a_row + 1 : 0;
        nanosleep(&(struct timespec){0, 5000000L}, NULL);
    }
    cr_expect_eq(in_a_row, 20, "the run ended with its temporary not locked");
    cr_expect_eq(l.l_pid, pid, "locked by %ld, not the writer %ld", (long)l.l_pid, (long)pid);
    if (fd >= 0) close(fd);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    sup_rmtree(dir);
    free(dir);
}

Test(output_policy, killed_runs_temporary_is_cleaned_at_the_next_write, .timeout = 120)
{
    char *dir = sup_tmpdir(), p[1024], stale[1100];
    snprintf(p, sizeof p, "%s/x.h5", dir);
    snprintf(stale, sizeof stale, "%s.tmp.%ld", p, dead_pid());
    sup_write_file(stale, "half an HDF5 file");
    sup_result r = sup_chansim(dir, NULL, "run " SMALL_INI " -r 2 -q -o '%s'", p);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "removed stale temporary file") && strstr(r.err, stale), "not reported: %s", r.err);
    sup_result_free(&r);
    cr_expect(!sup_exists(stale), "the stale temporary is still there");
    cr_expect(sup_exists(p));
    sup_rmtree(dir);
    free(dir);
}
