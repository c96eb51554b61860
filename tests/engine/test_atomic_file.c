/**
 * @file test_atomic_file.c
 * @brief The output-path policy (sim/engine/atomic_file.h): regular files only, written
 *        through symbolic links, never replacing a device, FIFO or directory, never a
 *        read-only file even with force, existing files only with force, stale
 *        temporaries removed and reported (not those in use), and a failed write leaving the old file intact.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/engine/atomic_file.h"
#include "sim/engine/atomic_internal.h"
#include "tests/support.h"

static char *scratch;
static char warned[4096];
static int nwarned;

static void capture(const char *message)
{
    snprintf(warned, sizeof warned, "%s", message);
    nwarned++;
}

static void setup(void)
{
    scratch = sup_tmpdir();
    warned[0] = '\0';
    nwarned = 0;
    sim_set_warning_handler(capture);
}

static void teardown(void)
{
    sim_set_warning_handler(NULL);
    sup_rmtree(scratch);
    free(scratch);
}

TestSuite(atomic_file, .init = setup, .fini = teardown);

static void in_scratch(char *buf, size_t size, const char *name) { snprintf(buf, size, "%s/%s", scratch, name); }

/* Write text through the policy with an explicit force. */
static sim_status write_checked(const char *path, const char *text, int force)
{
    atomic_file f;
    SIM_CHECK(atomic_open_checked(&f, path, force));
    fputs(text, f.fp);
    return atomic_commit(&f);
}

static char *contents(const char *path)
{
    char *s = sup_read_file(path, NULL);
    cr_assert_not_null(s, "cannot read %s", path);
    return s;
}

Test(atomic_file, new_file_then_replaced_only_with_force)
{
    char p[1024];
    in_scratch(p, sizeof p, "out.txt");
    cr_assert_eq(write_checked(p, "one\n", 0), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(write_checked(p, "two\n", 0), SIM_ERR_EXISTS);
    cr_expect(strstr(sim_error_message(), "exists; use --force"), "%s", sim_error_message());
    sim_error_clear();
    char *s = contents(p);
    cr_expect_str_eq(s, "one\n");
    free(s);
    cr_assert_eq(write_checked(p, "three\n", 1), SIM_OK, "%s", sim_error_message());
    s = contents(p);
    cr_expect_str_eq(s, "three\n");
    free(s);
    cr_expect_eq(sup_count_entries(scratch), 1, "a temporary file was left behind");
}

Test(atomic_file, symbolic_link_is_written_through)
{
    char real[1024], link[1024];
    in_scratch(real, sizeof real, "real.txt");
    in_scratch(link, sizeof link, "link.txt");
    sup_write_file(real, "old\n");
    cr_assert_eq(symlink(real, link), 0);
    cr_assert_eq(write_checked(link, "new\n", 1), SIM_OK, "%s", sim_error_message());
    struct stat sb;
    cr_assert_eq(lstat(link, &sb), 0);
    cr_expect(S_ISLNK(sb.st_mode), "the link was replaced by a file");
    char *s = contents(real);
    cr_expect_str_eq(s, "new\n", "the link's target was not written");
    free(s);
    /* Without force the target's existence counts. */
    cr_expect_eq(write_checked(link, "again\n", 0), SIM_ERR_EXISTS);
    sim_error_clear();
    /* A link to a missing file is refused and stays as it was. */
    char dangling[1024], missing[1024];
    in_scratch(dangling, sizeof dangling, "dangling.txt");
    in_scratch(missing, sizeof missing, "missing.txt");
    cr_assert_eq(symlink(missing, dangling), 0);
    cr_expect_eq(write_checked(dangling, "x\n", 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "symbolic link to a missing file"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect(!sup_exists(missing));
}

Test(atomic_file, devices_fifos_and_directories_are_never_replaced)
{
    struct stat sb;
    for (int force = 0; force <= 1; force++) {
        cr_expect_eq(write_checked("/dev/null", "x\n", force), SIM_ERR_IO);
        cr_expect(strstr(sim_error_message(), "'/dev/null' is a character device, not a regular file"), "%s",
                  sim_error_message());
        sim_error_clear();
        cr_assert_eq(stat("/dev/null", &sb), 0);
        cr_expect(S_ISCHR(sb.st_mode), "/dev/null is no longer a character device");
    }
    char fifo[1024], dir[1024], link[1024];
    in_scratch(fifo, sizeof fifo, "fifo");
    in_scratch(dir, sizeof dir, "dir");
    in_scratch(link, sizeof link, "link_to_null");
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    cr_assert_eq(mkdir(dir, 0700), 0);
    cr_assert_eq(symlink("/dev/null", link), 0);
    cr_expect_eq(write_checked(fifo, "x\n", 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "is a FIFO"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect_eq(write_checked(dir, "x\n", 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "is a directory"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect_eq(write_checked(link, "x\n", 1), SIM_ERR_IO, "a link to a device is still a device");
    cr_expect(strstr(sim_error_message(), "through symbolic link"), "%s", sim_error_message());
    sim_error_clear();
    cr_assert_eq(lstat(fifo, &sb), 0);
    cr_expect(S_ISFIFO(sb.st_mode));
    cr_assert_eq(lstat(dir, &sb), 0);
    cr_expect(S_ISDIR(sb.st_mode));
    cr_expect_eq(sup_count_entries(scratch), 3, "a temporary file was left behind");
}

Test(atomic_file, read_only_file_is_kept_even_with_force)
{
    char p[1024];
    in_scratch(p, sizeof p, "ro.txt");
    sup_write_file(p, "keep\n");
    cr_assert_eq(chmod(p, 0444), 0);
    cr_expect_eq(write_checked(p, "lost\n", 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "is read-only: not replaced, even with --force"), "%s", sim_error_message());
    sim_error_clear();
    char *s = contents(p);
    cr_expect_str_eq(s, "keep\n");
    free(s);
    /* The check is repeated at the rename: a file made read-only meanwhile is kept too. */
    char q[1024];
    in_scratch(q, sizeof q, "late.txt");
    atomic_file f;
    cr_assert_eq(atomic_open(&f, q), SIM_OK, "%s", sim_error_message());
    fputs("late\n", f.fp);
    sup_write_file(q, "theirs\n");
    cr_assert_eq(chmod(q, 0400), 0);
    cr_expect_eq(atomic_commit(&f), SIM_ERR_IO);
    sim_error_clear();
    s = contents(q);
    cr_expect_str_eq(s, "theirs\n");
    free(s);
    cr_expect_eq(sup_count_entries(scratch), 2, "a temporary file was left behind");
}

Test(atomic_file, file_created_meanwhile_is_not_replaced_without_force)
{
    char p[1024];
    in_scratch(p, sizeof p, "race.txt");
    atomic_file f;
    cr_assert_eq(atomic_open_checked(&f, p, 0), SIM_OK, "%s", sim_error_message());
    fputs("mine\n", f.fp);
    sup_write_file(p, "theirs\n");
    cr_expect_eq(atomic_commit(&f), SIM_ERR_EXISTS);
    sim_error_clear();
    char *s = contents(p);
    cr_expect_str_eq(s, "theirs\n");
    free(s);
    cr_expect_eq(sup_count_entries(scratch), 1);
}

/* A pid that no process has: a child that has exited and been reaped. */
static long dead_pid(void)
{
    pid_t c = fork();
    cr_assert_geq(c, 0);
    if (c == 0) _exit(0);
    cr_assert_eq(waitpid(c, NULL, 0), c);
    return (long)c;
}

Test(atomic_file, stale_temporaries_are_removed_and_reported)
{
    char p[1024], stale[1100], live[1100], other[1100];
    in_scratch(p, sizeof p, "x.h5");
    snprintf(stale, sizeof stale, "%s.tmp.%ld", p, dead_pid());
    snprintf(live, sizeof live, "%s.tmp.%ld", p, (long)getppid()); /* a running process: not stale */
    snprintf(other, sizeof other, "%s/y.h5.tmp.%ld", scratch, dead_pid()); /* another output's */
    sup_write_file(stale, "");
    sup_write_file(live, "");
    sup_write_file(other, "");
    char *target = NULL;
    cr_assert_eq(atomic_target(p, 0, &target), SIM_OK, "%s", sim_error_message());
    cr_expect_str_eq(target, p);
    free(target);
    cr_expect_eq(nwarned, 2, "warnings: %d, last: %s", nwarned, warned);
    cr_expect(!sup_exists(stale), "a stale file of a dead process is removed");
    cr_expect(sup_exists(live), "a running process's file is kept");
    cr_expect(sup_exists(other), "another output's file is not touched");
}

/* A temporary whose writer holds its lock is in use even if its process id means nothing
 * here (a writer on another node of a shared file system): kept, reported. */
Test(atomic_file, locked_temporary_of_an_unknown_process_is_kept)
{
    char p[1024], busy[1100];
    in_scratch(p, sizeof p, "x.h5");
    snprintf(busy, sizeof busy, "%s.tmp.%ld", p, dead_pid());
    sup_write_file(busy, "");
    int ready[2], done[2];
    cr_assert_eq(pipe(ready), 0);
    cr_assert_eq(pipe(done), 0);
    pid_t holder = fork();
    cr_assert_geq(holder, 0);
    if (holder == 0) { /* another process: fcntl locks are per process */
        int fd = open(busy, O_RDWR);
        char c = fd >= 0 && atomic_hold_lock(fd) == 0 ? 'y' : 'n';
        if (write(ready[1], &c, 1) != 1 || read(done[0], &c, 1) < 0) _exit(1);
        _exit(0);
    }
    char c = 0;
    cr_assert_eq(read(ready[0], &c, 1), 1);
    cr_assert_eq(c, 'y', "the child could not lock the file");
    char *target = NULL;
    cr_expect_eq(atomic_target(p, 0, &target), SIM_OK, "%s", sim_error_message());
    free(target);
    cr_expect(write(done[1], "x", 1) == 1);
    waitpid(holder, NULL, 0);
    cr_expect(sup_exists(busy), "a locked temporary was removed");
    cr_expect(strstr(warned, "another run is writing the same output"), "%s", warned);
    close(ready[0]), close(ready[1]), close(done[0]), close(done[1]);
}

/* The convenience writer replaces its caller's earlier file but keeps the policy. */
Test(atomic_file, write_text_replaces_regular_files_only)
{
    char p[1024];
    in_scratch(p, sizeof p, "t.txt");
    cr_assert_eq(atomic_write_text(p, "a\n"), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(atomic_write_text(p, "b\n"), SIM_OK, "%s", sim_error_message());
    char *s = contents(p);
    cr_expect_str_eq(s, "b\n");
    free(s);
    cr_expect_eq(atomic_write_text("/dev/null", "x\n"), SIM_ERR_IO);
    sim_error_clear();
}

Test(atomic_file, missing_directory_and_empty_name)
{
    char p[1024];
    in_scratch(p, sizeof p, "no/such/dir/out.txt");
    cr_expect_eq(write_checked(p, "x", 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "No such file or directory"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect_eq(write_checked("", "x", 1), SIM_ERR_USAGE);
    sim_error_clear();
}
