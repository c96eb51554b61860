/**
 * @file test_full_disk.c
 * @brief Outputs on a full disk (issue #14): a small tmpfs fills while the results are
 *        written; the command fails with the system's message and a non-zero exit (not a
 *        crash), leaves no temporary file, and keeps the file it would have replaced; a
 *        sweep keeps its journal, so --resume writes the file once there is room.
 *
 * Mounting needs privileges: where `mount -t tmpfs` is refused (an unprivileged CI
 * runner, a container without CAP_SYS_ADMIN) the tests are skipped with a message.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/support.h"

/* A tmpfs of `kib` KiB mounted in a new directory under the scratch dir, or NULL (skipped). */
static char *small_disk(const char *scratch, int kib)
{
    char *mnt = NULL;
    cr_assert_gt(asprintf(&mnt, "%s/small", scratch), 0);
    sup_result r = sup_shell(scratch, "mkdir -p '%s' && mount -t tmpfs -o size=%dk tmpfs '%s'", mnt, kib, mnt);
    int ok = r.status == 0;
    sup_result_free(&r);
    if (!ok) {
        free(mnt);
        return NULL;
    }
    return mnt;
}

static void unmount(const char *scratch, const char *mnt)
{
    sup_result r = sup_shell(scratch, "umount '%s'", mnt);
    cr_expect_eq(r.status, 0, "umount %s: %s", mnt, r.err);
    sup_result_free(&r);
}

/* The command `fmt` (%s: the mount point) on a `kib` KiB disk, smaller than its output, fails with ENOSPC's message, exit 1, and keeps old.h5. */
static void fails_cleanly(const char *what, int kib, int journal, const char *fmt)
{
    char *scratch = sup_tmpdir();
    char *mnt = small_disk(scratch, kib);
    if (!mnt) {
        sup_rmtree(scratch);
        free(scratch);
        cr_skip_test("cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): %s full-disk test skipped", what);
    }
    char old[1024], args[2048];
    snprintf(old, sizeof old, "%s/x.h5", mnt);
    sup_write_file(old, "the previous results\n");
    snprintf(args, sizeof args, fmt, mnt);
    sup_result r = sup_chansim(scratch, NULL, "%s", args);
    cr_expect_eq(r.status, 1, "%s: exit %d (139 is the HDF5 exit-time crash): %s", what, r.status, r.err);
    cr_expect(strstr(r.err, "No space left on device"), "%s: %s", what, r.err);
    char *kept = sup_read_file(old, NULL);
    cr_expect(kept && strcmp(kept, "the previous results\n") == 0, "%s: the previous file was replaced", what);
    free(kept);
    /* A sweep keeps its journal (the finished work) and says how to use it. */
    cr_expect_eq(sup_count_entries(mnt), 1 + journal, "%s: a temporary file was left on the full disk", what);
    if (journal) cr_expect(strstr(r.err, "--resume"), "%s: no hint how to finish: %s", what, r.err);
    sup_result_free(&r);
    unmount(scratch, mnt);
    free(mnt);
    sup_rmtree(scratch);
    free(scratch);
}

Test(full_disk, run_fails_cleanly, .timeout = 300)
{
    /* about 450 KiB of results */
    fails_cleanly("run", 200, 0, "run " SUP_BASELINE " -r 4 -q --force -o %s/x.h5");
}

Test(full_disk, sweep_fails_cleanly, .timeout = 300)
{
    /* about 66 KiB of results */
    fails_cleanly("sweep", 40, 1, "sweep tests/data/sweep/small.ini -q --force -o %s/x.h5");
}
