/**
 * @file test_atomic_dir.c
 * @brief Output folders written whole (atomic_dir_* in sim/engine/atomic_file.h): a new
 *        folder appears complete; an existing one is replaced only with force, with no
 *        file of the old output left over; a failure keeps the old folder; a folder of
 *        anything but regular files, a read-only folder, a file or a device at the path
 *        are refused; a symbolic link is written through; nothing temporary is left.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/engine/atomic_file.h"
#include "tests/support.h"

static char *scratch;
static char warned[4096];

static void capture(const char *message) { snprintf(warned, sizeof warned, "%s", message); }

static void setup(void)
{
    scratch = sup_tmpdir();
    warned[0] = '\0';
    sim_set_warning_handler(capture);
}

static void teardown(void)
{
    sim_set_warning_handler(NULL);
    sup_rmtree(scratch);
    free(scratch);
}

TestSuite(atomic_dir, .init = setup, .fini = teardown);

/* Write folder `path` holding files names[i] with text names[i], with `force`. */
static sim_status write_folder(const char *path, const char *const *names, int n, int force)
{
    atomic_dir d;
    SIM_CHECK(atomic_dir_open(&d, path, force));
    for (int i = 0; i < n; i++) {
        FILE *fp = NULL;
        sim_status st = atomic_dir_fopen(&d, names[i], &fp);
        if (st == SIM_OK) {
            fputs(names[i], fp);
            st = atomic_dir_fclose(&d, names[i], &fp);
        }
        if (st != SIM_OK) {
            atomic_dir_discard(&d);
            return st;
        }
    }
    return atomic_dir_commit(&d);
}

static int has(const char *dir, const char *name)
{
    char p[2048];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return sup_exists(p);
}

Test(atomic_dir, new_folder_then_replaced_whole_only_with_force)
{
    char out[1024];
    snprintf(out, sizeof out, "%s/csv", scratch);
    const char *first[] = {"a.csv", "b.csv", "c.csv"}, *second[] = {"a.csv", "d.csv"};
    cr_assert_eq(write_folder(out, first, 3, 0), SIM_OK, "%s", sim_error_message());
    cr_expect(has(out, "a.csv") && has(out, "b.csv") && has(out, "c.csv"));
    cr_expect_eq(write_folder(out, second, 2, 0), SIM_ERR_EXISTS);
    cr_expect(strstr(sim_error_message(), "use --force"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect_eq(sup_count_entries(out), 3, "the folder changed without force");
    cr_assert_eq(write_folder(out, second, 2, 1), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(sup_count_entries(out), 2, "files of the earlier output were left over");
    cr_expect(has(out, "a.csv") && has(out, "d.csv") && !has(out, "b.csv"));
    cr_expect_eq(sup_count_entries(scratch), 1, "a temporary folder was left beside the output");
}

Test(atomic_dir, trailing_slash_names_the_same_folder)
{
    char out[1024];
    snprintf(out, sizeof out, "%s/csv/", scratch);
    const char *one[] = {"x.csv"};
    cr_assert_eq(write_folder(out, one, 1, 0), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(write_folder(out, one, 1, 1), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(sup_count_entries(scratch), 1);
}

/* A failure while filling (a name given twice) keeps the old folder as it was. */
Test(atomic_dir, failure_keeps_the_old_folder)
{
    char out[1024];
    snprintf(out, sizeof out, "%s/csv", scratch);
    const char *first[] = {"a.csv"}, *twice[] = {"n.csv", "n.csv"};
    cr_assert_eq(write_folder(out, first, 1, 0), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(write_folder(out, twice, 2, 1), SIM_ERR_IO);
    sim_error_clear();
    cr_expect(has(out, "a.csv") && !has(out, "n.csv"), "the old folder changed");
    cr_expect_eq(sup_count_entries(scratch), 1, "a temporary folder was left");
    atomic_dir d;
    cr_assert_eq(atomic_dir_open(&d, out, 1), SIM_OK, "%s", sim_error_message());
    char *p = NULL;
    cr_expect_eq(atomic_dir_file(&d, "../escape", &p), SIM_ERR_INTERNAL, "a name with '/' must be refused");
    cr_expect_eq(atomic_dir_file(&d, "..", &p), SIM_ERR_INTERNAL);
    sim_error_clear();
    cr_expect_null(p);
    atomic_dir_discard(&d);
    cr_expect_eq(sup_count_entries(scratch), 1, "discard left the temporary folder");
}

Test(atomic_dir, only_writable_folders_of_regular_files_are_replaced)
{
    char out[1024], sub[1100], file[1024], fifo[1024];
    const char *one[] = {"x.csv"};
    snprintf(out, sizeof out, "%s/home", scratch);
    snprintf(sub, sizeof sub, "%s/Documents", out);
    cr_assert_eq(mkdir(out, 0755), 0);
    cr_assert_eq(mkdir(sub, 0755), 0);
    cr_expect_eq(write_folder(out, one, 1, 1), SIM_ERR_IO, "a folder with a subfolder was replaced");
    cr_expect(strstr(sim_error_message(), "only a folder of regular files"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect(sup_exists(sub));

    snprintf(out, sizeof out, "%s/ro", scratch);
    cr_assert_eq(mkdir(out, 0555), 0);
    cr_expect_eq(write_folder(out, one, 1, 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "read-only"), "%s", sim_error_message());
    sim_error_clear();
    chmod(out, 0755);

    snprintf(file, sizeof file, "%s/plain", scratch);
    sup_write_file(file, "a file\n");
    cr_expect_eq(write_folder(file, one, 1, 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "not a directory"), "%s", sim_error_message());
    sim_error_clear();
    snprintf(fifo, sizeof fifo, "%s/fifo", scratch);
    cr_assert_eq(mkfifo(fifo, 0644), 0);
    cr_expect_eq(write_folder(fifo, one, 1, 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "FIFO"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect_eq(write_folder("/", one, 1, 1), SIM_ERR_IO);
    sim_error_clear();
    cr_expect_eq(write_folder("", one, 1, 1), SIM_ERR_USAGE);
    sim_error_clear();
    snprintf(out, sizeof out, "%s/no/such/parent", scratch);
    cr_expect_eq(write_folder(out, one, 1, 1), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "No such file or directory"), "%s", sim_error_message());
    sim_error_clear();
    cr_expect_eq(sup_count_entries(scratch), 4, "home, ro, plain, fifo: something else was left");
}

Test(atomic_dir, symbolic_link_is_written_through)
{
    char real[1024], link[1024];
    snprintf(real, sizeof real, "%s/real", scratch);
    snprintf(link, sizeof link, "%s/link", scratch);
    const char *first[] = {"a.csv"}, *second[] = {"b.csv"};
    cr_assert_eq(write_folder(real, first, 1, 0), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(symlink("real", link), 0);
    cr_assert_eq(write_folder(link, second, 1, 1), SIM_OK, "%s", sim_error_message());
    struct stat sb;
    cr_expect(lstat(link, &sb) == 0 && S_ISLNK(sb.st_mode), "the link was replaced");
    cr_expect(has(real, "b.csv") && !has(real, "a.csv"));
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

Test(atomic_dir, killed_writers_temporary_folder_is_removed)
{
    char out[1024], stale[1100], inside[1200];
    snprintf(out, sizeof out, "%s/csv", scratch);
    snprintf(stale, sizeof stale, "%s.tmp.%ld", out, dead_pid());
    cr_assert_eq(mkdir(stale, 0755), 0);
    snprintf(inside, sizeof inside, "%s/half.csv", stale);
    sup_write_file(inside, "a,b\n1,");
    const char *one[] = {"x.csv"};
    cr_assert_eq(write_folder(out, one, 1, 0), SIM_OK, "%s", sim_error_message());
    cr_expect(!sup_exists(stale), "the stale folder is still there");
    cr_expect(strstr(warned, "removed stale temporary folder") && strstr(warned, stale), "not reported: %s", warned);
    cr_expect_eq(sup_count_entries(scratch), 1);
}
