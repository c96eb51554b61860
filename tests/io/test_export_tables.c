/**
 * @file test_export_tables.c
 * @brief The tidy CSV export of a results file: known values in every table,
 *        columns.csv, the folder written whole, and its errors.
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

/* ---- CSV export ------------------------------------------------------------ */

/* Lines of a text file (each without its newline) as a new array; *n their count. */
static char **read_lines(const char *path, size_t *n)
{
    size_t size;
    char *text = ofx_slurp(path, &size);
    size_t cap = 16, used = 0;
    char **lines = malloc(cap * sizeof *lines);
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (used == cap) lines = realloc(lines, (cap *= 2) * sizeof *lines);
        lines[used++] = strdup(line);
    }
    free(text);
    *n = used;
    return lines;
}

static void free_lines(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++) free(lines[i]);
    free(lines);
}

/* Export `path` into folder `out` as `chansim export` does for a run or batch file. */
static sim_status export_to(const char *path, const char *out, int force)
{
    atomic_dir d;
    SIM_CHECK(atomic_dir_open(&d, out, force));
    export_ctx x;
    export_ctx_init(&x, &d);
    sim_status st = export_results(&x, path, model_metric_set());
    if (st == SIM_OK) st = export_columns_write(&x);
    export_ctx_free(&x);
    if (st == SIM_OK) return atomic_dir_commit(&d);
    atomic_dir_discard(&d);
    return st;
}

/* The first line of `lines` (n) starting with `prefix`, or NULL. */
static const char *line_starting(char **lines, size_t n, const char *prefix)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(lines[i], prefix, strlen(prefix)) == 0) return lines[i];
    return NULL;
}

Test(export, tidy_csv_known_values)
{
    char dir[64], path[128], out[192], file[256];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(out, sizeof out, "%s/csv", dir);
    /* 15 days from Monday 2024-01-01: weeks of 7, 7 and 1 days. */
    sim_results *s[2] = {ofx_results("baseline", 3, 15, 2), ofx_results("returns", 5, 15, 2)};
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, s, 2, &p), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(export_to(path, out, 0), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(ofx_count_entries(out, NULL), 8, "7 tables and columns.csv (no comparison in a run file)");

    /* weekly.csv: the header from the metric table; one row per replication and week. */
    size_t hsize = 256 + (size_t)M_COUNT * 48;
    char *header = malloc(hsize);
    size_t used = (size_t)snprintf(header, hsize, "scenario,replication,week_start,week_ending,week_days,partial_week");
    for (int m = 0; m < M_COUNT; m++) used += (size_t)snprintf(header + used, hsize - used, ",%s", metric_table[m].name);
    size_t n;
    snprintf(file, sizeof file, "%s/weekly.csv", out);
    char **lines = read_lines(file, &n);
    cr_assert_eq(n, 1 + (3 + 5) * 3, "header + a row per replication and week");
    cr_expect_str_eq(lines[0], header);
    /* Replication 0, week 0: metric m is m + 0.125. */
    cr_expect(strncmp(lines[1], "baseline,0,2024-01-01,2024-01-07,7,0,0.125,1.125,", 49) == 0, "%s", lines[1]);
    /* Week 2 is the horizon's last day alone: partial; its people per boat is NaN, an empty field. */
    cr_expect(strncmp(lines[3], "baseline,0,2024-01-15,2024-01-21,1,1,20.125,21.125,,", 52) == 0, "%s", lines[3]);
    cr_expect(line_starting(lines, n, "returns,4,2024-01-08,2024-01-14,7,0,4010.625,") != NULL, "returns rows");
    free_lines(lines, n);

    /* weekly_summary.csv: arrivals of week 0 = mean over replications 0..2 of 1000 rep + 0.125 (rep + 1). */
    snprintf(file, sizeof file, "%s/weekly_summary.csv", out);
    lines = read_lines(file, &n);
    cr_expect_eq(n, 1 + 2 * 3 * (size_t)M_COUNT);
    cr_expect(line_starting(lines, n, "baseline,2024-01-01,2024-01-07,7,0,arrivals,people,1000.25,") != NULL,
              "%s", lines[1]);
    cr_expect(line_starting(lines, n, "baseline,2024-01-15,2024-01-21,1,1,people_per_boat,people/boat,,,,,") != NULL,
              "a week with no value is empty fields");
    free_lines(lines, n);

    /* summary.csv: M_COUNT rows per scenario whatever the replication counts (3 and 5). */
    snprintf(file, sizeof file, "%s/summary.csv", out);
    lines = read_lines(file, &n);
    cr_assert_eq(n, 1 + 2 * (size_t)M_COUNT);
    cr_expect_str_eq(lines[0], "scenario,metric,unit,mean,sd,q05,q50,q95");
    /* totals arrivals for reps 0..2: 0, 7.5, 15 -> mean 7.5, sd 7.5, q05 0.75, q50 7.5, q95 14.25. */
    cr_expect_str_eq(lines[1], "baseline,arrivals,people,7.5,7.5,0.75,7.5,14.25");
    cr_expect_eq(strncmp(lines[1 + M_COUNT], "returns,arrivals,", 17), 0, "%s", lines[1 + M_COUNT]);
    free_lines(lines, n);

    /* totals.csv, daily.csv and groups.csv: per replication, known values. */
    snprintf(file, sizeof file, "%s/totals.csv", out);
    lines = read_lines(file, &n);
    cr_expect_eq(n, 1 + 8);
    cr_expect(strncmp(lines[2], "baseline,1,7.5,107.5,207.5,", 27) == 0, "%s", lines[2]);
    free_lines(lines, n);
    snprintf(file, sizeof file, "%s/daily.csv", out);
    lines = read_lines(file, &n);
    cr_expect_eq(n, 1 + 8 * 15);
    cr_expect_str_eq(lines[0],
                     "scenario,replication,date,arrivals,boats,launches,prevented_people,deaths,sea_state,prevented_launches");
    cr_expect_str_eq(lines[2], "baseline,0,2024-01-02,10,11,12,13,14,15,16");
    free_lines(lines, n);
    snprintf(file, sizeof file, "%s/groups.csv", out);
    lines = read_lines(file, &n);
    cr_expect_eq(n, 1 + 8 * 3 * 2);
    cr_expect(line_starting(lines, n, "baseline,1,2024-01-08,2024-01-14,7,0,afghanistan,100110.5,") != NULL,
              "group row of replication 1, week 1, group 1");
    free_lines(lines, n);

    /* columns.csv names every column of every file once. */
    snprintf(file, sizeof file, "%s/columns.csv", out);
    lines = read_lines(file, &n);
    cr_expect_str_eq(lines[0], "file,name,unit,description");
    cr_expect(line_starting(lines, n, "weekly.csv,arrivals,people,Arrivals in the UK") != NULL, "arrivals described");
    cr_expect(line_starting(lines, n, "weekly.csv,week_ending,date,") != NULL, "week_ending described");
    cr_expect(line_starting(lines, n, "daily.csv,sea_state,") != NULL, "sea_state described");
    free_lines(lines, n);
    cr_expect_eq(ofx_count_entries(dir, ".tmp."), 0, "temporary folder left behind");

    /* Exporting again: refused without force, replaced whole with it. */
    cr_expect_eq(export_to(path, out, 0), SIM_ERR_EXISTS);
    snprintf(file, sizeof file, "%s/old_weekly.csv", out);
    FILE *fp = fopen(file, "w");
    cr_assert_not_null(fp);
    fclose(fp);
    cr_assert_eq(export_to(path, out, 1), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(access(file, F_OK), -1, "a file of the earlier export survived");
    cr_expect_eq(ofx_count_entries(out, NULL), 8);

    free(header);
    results_destroy(&s[0]);
    results_destroy(&s[1]);
    ofx_remove_tree(dir);
}

Test(export, errors)
{
    char dir[64], path[128], out[192];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/missing.h5", dir);
    snprintf(out, sizeof out, "%s/csv", dir);
    sim_error_clear();
    cr_expect_eq(export_to(path, out, 0), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), path) != NULL, "message: %s", sim_error_message());
    cr_expect_eq(access(out, F_OK), -1, "no folder for a failed export");
    cr_expect_eq(ofx_count_entries(dir, NULL), 0, "no temporary folder left");

    /* Output folder under a plain file. */
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 2, 7, 1);
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    snprintf(out, sizeof out, "%s/run.h5/csv", dir);
    cr_expect_eq(export_to(path, out, 0), SIM_ERR_IO);
    results_destroy(&r);
    ofx_remove_tree(dir);
}
