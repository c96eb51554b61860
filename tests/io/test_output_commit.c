/**
 * @file test_output_commit.c
 * @brief HDF5 results files: atomic commit and abort, refusal to overwrite, bad
 *        directories, misuse, and determinism outside /provenance (h5diff).
 *
 * Each test works in its own mkdtemp directory under /tmp and removes it, so tests
 * can run in parallel (--jobs).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "sim/engine/atomic_file.h"
#include "sim/io/export.h"
#include "sim/io/output.h"
#include "sim/engine/results.h"
#include "sim/engine/summary.h"
#include "tests/io/output_fixture.h"
#include "tests/support.h"
#include "models/metrics.h"

/* ---- refusing, replacing, aborting ---------------------------------------- */

Test(output, existing_file_needs_force)
{
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 3, 15, 2);
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    size_t n0, n1;
    char *before = ofx_slurp(path, &n0);

    /* Without force: refused, and nothing touched. */
    sim_error_clear();
    out_file *f = NULL;
    cr_expect_eq(out_open(path, 0, &f), SIM_ERR_EXISTS);
    cr_expect_null(f);
    cr_expect(strstr(sim_error_message(), "exists; use --force to overwrite") != NULL, "message: %s",
              sim_error_message());
    cr_expect(strstr(sim_error_message(), path) != NULL, "message names the file: %s", sim_error_message());
    char *after = ofx_slurp(path, &n1);
    cr_expect(n0 == n1 && memcmp(before, after, n0) == 0, "existing file changed");
    free(after);

    /* With force but aborted: still untouched, no temporary left. */
    cr_assert_eq(out_open(path, 1, &f), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_scenario(f, r), SIM_OK, "%s", sim_error_message());
    out_abort(&f);
    cr_expect_null(f);
    after = ofx_slurp(path, &n1);
    cr_expect(n0 == n1 && memcmp(before, after, n0) == 0, "existing file changed by an aborted write");
    free(after);
    cr_expect_eq(ofx_count_entries(dir, ".tmp."), 0);

    /* With force: replaced by the new content. */
    snprintf(r->name, sizeof r->name, "replacement");
    cr_assert_eq(ofx_write_file(path, 1, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    char **names = NULL;
    size_t n = 0;
    cr_assert_eq(out_list_scenarios(path, &names, &n), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(n, 1);
    cr_expect_str_eq(names[0], "replacement");
    out_free_names(&names, n);
    cr_expect_eq(ofx_count_entries(dir, NULL), 1, "only run.h5 should remain");

    free(before);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, bad_directory_is_an_io_error)
{
    char dir[64], path[256];
    ofx_tmpdir(dir, sizeof dir);
    out_file *f = NULL;

    snprintf(path, sizeof path, "%s/missing/run.h5", dir);
    sim_error_clear();
    cr_expect_eq(out_open(path, 0, &f), SIM_ERR_IO);
    cr_expect_null(f);
    cr_expect(strstr(sim_error_message(), path) != NULL, "message names the path: %s", sim_error_message());
    cr_expect(strstr(sim_error_message(), "No such file or directory") != NULL, "message: %s", sim_error_message());

    /* A file where a directory should be. */
    char file[128];
    snprintf(file, sizeof file, "%s/plain", dir);
    FILE *fp = fopen(file, "w");
    fclose(fp);
    snprintf(path, sizeof path, "%s/plain/run.h5", dir);
    sim_error_clear();
    cr_expect_eq(out_open(path, 1, &f), SIM_ERR_IO);
    cr_expect_null(f);

    /* The output path itself a directory. */
    sim_error_clear();
    cr_expect_eq(out_open(dir, 1, &f), SIM_ERR_IO);

    /* A read-only directory (root ignores permissions, so only checked as a user). */
    char ro[128];
    snprintf(ro, sizeof ro, "%s/ro", dir);
    cr_assert_eq(mkdir(ro, 0555), 0);
    if (access(ro, W_OK) != 0) {
        snprintf(path, sizeof path, "%s/run.h5", ro);
        sim_error_clear();
        cr_expect_eq(out_open(path, 0, &f), SIM_ERR_IO);
        cr_expect_null(f);
        cr_expect(strstr(sim_error_message(), "Permission denied") != NULL, "message: %s", sim_error_message());
        cr_expect_eq(ofx_count_entries(ro, NULL), 0);
    }
    chmod(ro, 0700);
    cr_expect_eq(ofx_count_entries(dir, ".tmp."), 0, "temporary file left behind");
    ofx_remove_tree(dir);
}

Test(output, abort_leaves_nothing)
{
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 3, 15, 2);
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 0, &f), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(ofx_count_entries(dir, ".tmp."), 1, "out_open should create the temporary file");
    cr_expect_geq(out_file_handle(f), 0);
    cr_assert_eq(out_write_scenario(f, r), SIM_OK, "%s", sim_error_message());
    out_abort(&f);
    cr_expect_null(f);
    cr_expect_eq(ofx_count_entries(dir, NULL), 0, "abort left a file");
    out_abort(&f);   /* *f == NULL: no-op */
    out_abort(NULL); /* NULL: no-op */
    cr_expect_eq(out_file_handle(NULL), H5I_INVALID_HID);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, misuse_is_reported)
{
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 2, 7, 1);
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 0, &f), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_scenario(f, r), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(out_write_scenario(f, r), SIM_ERR_CONFIG, "a scenario written twice");
    snprintf(r->name, sizeof r->name, "a/b");
    cr_expect_eq(out_write_scenario(f, r), SIM_ERR_CONFIG, "a '/' in a scenario name");
    snprintf(r->name, sizeof r->name, "other");
    r->weeks = 5; /* inconsistent with days = 7 */
    cr_expect_eq(out_write_scenario(f, r), SIM_ERR_INTERNAL);
    r->weeks = 1;
    out_provenance p = ofx_provenance("node1", 1700000000);
    const sim_results *list[] = {r};
    cr_expect_eq(out_write_provenance(f, &p, list, 1), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(out_write_provenance(f, &p, list, 1), SIM_ERR_INTERNAL, "provenance written twice");
    cr_expect_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());
    cr_expect_null(f);
    cr_expect_eq(out_commit(&f), SIM_ERR_INTERNAL);

    sim_results *b = NULL;
    sim_error_clear();
    cr_expect_eq(out_read_scenario(path, "nope", model_metric_set(), &b), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), "nope") != NULL, "message: %s", sim_error_message());
    cr_expect_null(b);
    char missing[160];
    snprintf(missing, sizeof missing, "%s/missing.h5", dir);
    cr_expect_eq(out_read_scenario(missing, "baseline", model_metric_set(), &b), SIM_ERR_IO);
    char **names = NULL;
    size_t n = 7;
    cr_expect_eq(out_list_scenarios(missing, &names, &n), SIM_ERR_IO);
    cr_expect(names == NULL && n == 0);

    /* Not an HDF5 file at all. */
    char junk[160];
    snprintf(junk, sizeof junk, "%s/junk.h5", dir);
    FILE *fp = fopen(junk, "w");
    fputs("not hdf5\n", fp);
    fclose(fp);
    sim_error_clear();
    cr_expect_eq(out_read_scenario(junk, "baseline", model_metric_set(), &b), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), junk) != NULL, "message: %s", sim_error_message());
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, missing_metric_reads_as_nan)
{
    /* A file from before a metric was appended to metrics.h: that metric reads as NaN. */
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 2, 14, 1);
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    cr_assert_geq(H5Ldelete(f, "/scenarios/baseline/weekly/boats_seized", H5P_DEFAULT), 0);
    H5Fclose(f);
    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(path, "baseline", model_metric_set(), &b), SIM_OK, "%s", sim_error_message());
    cr_expect(isnan(b->weekly[M_BOATS_SEIZED]));
    cr_expect_eq(b->weekly[M_ARRIVALS], r->weekly[M_ARRIVALS]);
    results_destroy(&b);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, reruns_identical_outside_provenance)
{
    char dir[64], a[128], b[128], cmd[512];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.h5", dir);
    snprintf(b, sizeof b, "%s/b.h5", dir);
    sim_results *s[2] = {ofx_results("baseline", 3, 15, 2), ofx_results("returns", 3, 15, 2)};
    /* Different host and times, as two real runs would have. */
    out_provenance pa = ofx_provenance("node1", 1700000000), pb = ofx_provenance("node2", 1800000000);
    cr_assert_eq(ofx_write_file(a, 0, s, 2, &pa), SIM_OK, "%s", sim_error_message());
    sleep(1); /* so any stray timestamp would differ */
    cr_assert_eq(ofx_write_file(b, 0, s, 2, &pb), SIM_OK, "%s", sim_error_message());

    cr_assert_eq(system("command -v h5diff >/dev/null 2>&1"), 0, "h5diff not found (package hdf5-tools)");
    snprintf(cmd, sizeof cmd, "h5diff --exclude-path /provenance '%s' '%s' >/dev/null 2>&1", a, b);
    int rc = system(cmd);
    cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "h5diff found differences outside /provenance (rc %d)", rc);
    /* And the check has teeth: the provenance does differ. */
    snprintf(cmd, sizeof cmd, "h5diff '%s' '%s' >/dev/null 2>&1", a, b);
    rc = system(cmd);
    cr_expect(WIFEXITED(rc) && WEXITSTATUS(rc) == 1, "h5diff should see the provenance differ (rc %d)", rc);

    /* With the same provenance too, the whole file is byte-identical: no timestamps anywhere. */
    char c[128];
    snprintf(c, sizeof c, "%s/c.h5", dir);
    cr_assert_eq(ofx_write_file(c, 0, s, 2, &pa), SIM_OK, "%s", sim_error_message());
    size_t na, nc;
    char *ba = ofx_slurp(a, &na), *bc = ofx_slurp(c, &nc);
    cr_expect(na == nc && memcmp(ba, bc, na) == 0, "identical runs gave different bytes");
    free(ba);
    free(bc);
    results_destroy(&s[0]);
    results_destroy(&s[1]);
    ofx_remove_tree(dir);
}

