/**
 * @file test_export.c
 * @brief `chansim export` end to end: the tidy CSV files of a run, a batch and a sweep,
 *        a data dictionary that names every column, the folder written whole (no stale
 *        file survives --force) and every bad input refused with nothing written: an
 *        existing folder without --force, an unwritable parent, a missing or non-HDF5
 *        results file, the results file inside the folder, unknown options.
 */
#include <criterion/criterion.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/metrics.h"
#include "tests/support.h"

#define SMALL "--set scenario.days=70 --set scenario.warmup_days=30"

/* A scratch folder with a small run (run.h5: 3 replications, 70 days from Wednesday 2025-01-01). */
static char *with_run(void)
{
    char *d = sup_tmpdir();
    sup_result r = sup_chansim(d, NULL, "run " SUP_BASELINE " -r 3 " SMALL " -q -o '%s/run.h5'", d);
    cr_assert_eq(r.status, 0, "run failed: %s", r.err);
    sup_result_free(&r);
    return d;
}

static char *path_in(const char *dir, const char *name)
{
    char *p = NULL;
    cr_assert_gt(asprintf(&p, "%s/%s", dir, name), 0);
    return p;
}

static char *read_in(const char *dir, const char *name)
{
    char *p = path_in(dir, name), *t = sup_read_file(p, NULL);
    cr_assert_not_null(t, "no %s", p);
    free(p);
    return t;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++) n += *s == '\n';
    return n;
}

/* Every column in the header of `file` (in dir) is a row "file,name," of columns.csv. */
static void expect_documented(const char *dir, const char *file, const char *columns)
{
    char *text = read_in(dir, file);
    size_t len = strcspn(text, "\n");
    text[len] = '\0';
    for (char *save = NULL, *c = strtok_r(text, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
        char key[512];
        snprintf(key, sizeof key, "\n%s,%s,", file, c);
        cr_expect(strstr(columns, key) != NULL, "column %s of %s is not in columns.csv", c, file);
    }
    free(text);
}

Test(export_cli, run_file_gives_tidy_tables_and_a_dictionary, .timeout = 60)
{
    char *d = with_run(), *out = path_in(d, "csv");
    sup_result r = sup_chansim(d, NULL, "export '%s/run.h5' -o '%s'", d, out);
    cr_assert_eq(r.status, 0, "export failed: %s", r.err);
    cr_expect(strstr(r.out, "wrote 7 CSV files and columns.csv to "), "%s", r.out);
    sup_result_free(&r);
    cr_expect_eq(sup_count_entries(out), 8, "7 tables and columns.csv, nothing else");

    /* weekly.csv: one row per replication and calendar week; 70 days from a Wednesday touch 11 weeks. */
    char *weekly = read_in(out, "weekly.csv");
    cr_expect(strncmp(weekly, "scenario,replication,week_start,week_ending,week_days,partial_week,arrivals,boats,", 81) == 0,
              "%.120s", weekly);
    cr_expect_eq(count_lines(weekly), 1 + 3 * 11);
    cr_expect(strstr(weekly, "\nbaseline,0,2024-12-30,2025-01-05,5,1,"), "partial first week (Wed-Sun): %.300s", weekly);
    cr_expect(strstr(weekly, "\nbaseline,2,2025-01-06,2025-01-12,7,0,"), "a whole week");
    cr_expect(strstr(weekly, "\nbaseline,1,2025-03-10,2025-03-16,2,1,"), "partial last week (Mon-Tue)");
    free(weekly);

    char *summary = read_in(out, "summary.csv");
    cr_expect(strncmp(summary, "scenario,metric,unit,mean,sd,q05,q50,q95\n", 41) == 0, "%.80s", summary);
    cr_expect_eq(count_lines(summary), 1 + M_COUNT);
    cr_expect(strstr(summary, "\nbaseline,arrivals,people,"), "no arrivals row");
    free(summary);
    char *totals = read_in(out, "totals.csv");
    cr_expect_eq(count_lines(totals), 1 + 3);
    free(totals);
    char *daily = read_in(out, "daily.csv");
    cr_expect(strncmp(daily, "scenario,replication,date,arrivals,", 35) == 0, "%.80s", daily);
    cr_expect_eq(count_lines(daily), 1 + 3 * 70);
    cr_expect(strstr(daily, "\nbaseline,0,2025-01-01,"), "first day");
    free(daily);
    char *groups = read_in(out, "groups.csv");
    cr_expect_eq(count_lines(groups), 1 + 3 * 11 * MIG_GROUPS);
    free(groups);
    char *ws = read_in(out, "weekly_summary.csv");
    cr_expect(strncmp(ws, "scenario,week_start,week_ending,week_days,partial_week,metric,unit,mean,sd,q05,q50,q95\n", 86) == 0,
              "%.120s", ws);
    cr_expect_eq(count_lines(ws), 1 + 11 * M_COUNT);
    free(ws);
    char *prov = read_in(out, "provenance.csv");
    cr_expect(strncmp(prov, "name,value\n", 11) == 0 && strstr(prov, "\nseed,"), "%.200s", prov);
    free(prov);

    char *columns = read_in(out, "columns.csv");
    cr_expect(strncmp(columns, "file,name,unit,description\n", 27) == 0, "%.80s", columns);
    static const char *const files[] = {"summary.csv", "totals.csv",  "weekly.csv",     "weekly_summary.csv",
                                        "daily.csv",   "groups.csv", "provenance.csv", "columns.csv"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) expect_documented(out, files[i], columns);
    cr_expect(strstr(columns, "\nweekly.csv,arrivals,people,"), "arrivals' unit in the dictionary");
    free(columns);

    /* -q: nothing on stdout. */
    char *out2 = path_in(d, "csv2");
    r = sup_chansim(d, NULL, "export -q '%s/run.h5' -o '%s'", d, out2);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.out, "");
    sup_result_free(&r);
    free(out2);
    free(out);
    sup_rmtree(d);
    free(d);
}

Test(export_cli, existing_folder_needs_force_and_is_replaced_whole, .timeout = 60)
{
    char *d = with_run(), *out = path_in(d, "csv");
    cr_assert_eq(mkdir(out, 0777), 0);
    char *stale = path_in(out, "baseline_weekly.csv");
    sup_write_file(stale, "from an earlier export\n");
    sup_result r = sup_chansim(d, NULL, "export '%s/run.h5' -o '%s'", d, out);
    cr_expect_neq(r.status, 0, "an existing folder was replaced without --force");
    cr_expect(strstr(r.err, "exists") && strstr(r.err, "--force"), "%s", r.err);
    sup_result_free(&r);
    cr_expect_eq(sup_count_entries(out), 1, "the folder was touched");
    cr_expect(sup_exists(stale), "the earlier file went without --force");
    cr_expect_eq(sup_count_entries(d), 2, "only run.h5 and csv: no temporary folder left");

    r = sup_chansim(d, NULL, "export --force '%s/run.h5' -o '%s/'", d, out);
    cr_expect_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    cr_expect(!sup_exists(stale), "a stale file of an earlier export survived --force");
    cr_expect_eq(sup_count_entries(out), 8);
    cr_expect_eq(sup_count_entries(d), 2, "a temporary or old folder was left beside the output");
    free(stale);
    free(out);
    sup_rmtree(d);
    free(d);
}

Test(export_cli, bad_inputs_write_nothing, .timeout = 60)
{
    char *d = with_run();
    /* Unknown (missing) results file: named, no folder. */
    sup_result r = sup_chansim(d, NULL, "export '%s/missing.h5' -o '%s/csv'", d, d);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "missing.h5"), "%s", r.err);
    sup_result_free(&r);
    /* A file that is not HDF5: refused after the folder was started, which goes again. */
    char *text = path_in(d, "notes.txt");
    sup_write_file(text, "not a results file\n");
    r = sup_chansim(d, NULL, "export '%s' -o '%s/csv'", text, d);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "notes.txt"), "%s", r.err);
    sup_result_free(&r);
    cr_expect_eq(sup_count_entries(d), 2, "only run.h5 and notes.txt: nothing written");
    /* Unwritable parent: /proc takes no new folder, even for root. */
    r = sup_chansim(d, NULL, "export '%s/run.h5' -o /proc/chansim_export_test", d);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "/proc/chansim_export_test"), "%s", r.err);
    sup_result_free(&r);
    /* Missing parent. */
    r = sup_chansim(d, NULL, "export '%s/run.h5' -o '%s/no/such/csv'", d, d);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "no/such"), "%s", r.err);
    sup_result_free(&r);
    /* A plain file where the folder should go, even with --force. */
    r = sup_chansim(d, NULL, "export --force '%s/run.h5' -o '%s'", d, text);
    cr_expect_neq(r.status, 0);
    sup_result_free(&r);
    char *kept = sup_read_file(text, NULL);
    cr_expect(kept && !strcmp(kept, "not a results file\n"), "the file was replaced");
    free(kept);
    /* The results file inside the folder: --force would remove it with the folder. */
    r = sup_chansim(d, NULL, "export --force '%s/run.h5' -o '%s'", d, d);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "inside the output folder"), "%s", r.err);
    sup_result_free(&r);
    cr_expect_eq(sup_count_entries(d), 2, "something was written");
    /* Usage errors. */
    r = sup_chansim(d, NULL, "export '%s/run.h5'", d);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "-o DIR"), "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "export --bogus '%s/run.h5' -o '%s/csv'", d, d);
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "--bogus"), "%s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "export -h");
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "--force") && strstr(r.out, "--quiet") && strstr(r.out, "columns.csv"), "%s", r.out);
    sup_result_free(&r);
    free(text);
    sup_rmtree(d);
    free(d);
}

Test(export_cli, batch_file_adds_comparisons, .timeout = 120)
{
    char *d = sup_tmpdir();
    sup_result r = sup_chansim(d, NULL,
                               "batch " SUP_BASELINE " configs/scenarios/rwanda.ini -r 3 " SMALL " -q -o '%s/b.h5'", d);
    cr_assert_eq(r.status, 0, "batch failed: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "export -q '%s/b.h5' -o '%s/csv'", d, d);
    cr_assert_eq(r.status, 0, "export failed: %s", r.err);
    sup_result_free(&r);
    char *out = path_in(d, "csv");
    cr_expect_eq(sup_count_entries(out), 10, "7 tables, 2 comparison tables and columns.csv");
    char *c = read_in(out, "comparison.csv");
    cr_expect(strncmp(c, "scenario,baseline,metric,unit,diff_mean,diff_lo,diff_hi\n", 56) == 0, "%.80s", c);
    cr_expect_eq(count_lines(c), 1 + M_COUNT + 2, "one row per metric and cost-effectiveness ratio");
    cr_expect(strstr(c, "\nrwanda,baseline,removed,people,"), "%.300s", c);
    free(c);
    char *cw = read_in(out, "comparison_weekly.csv");
    cr_expect_eq(count_lines(cw), 1 + 11 * M_COUNT);
    cr_expect(strstr(cw, "\nrwanda,baseline,2024-12-30,2025-01-05,5,1,arrivals,people,"), "%.300s", cw);
    free(cw);
    char *columns = read_in(out, "columns.csv");
    expect_documented(out, "comparison.csv", columns);
    expect_documented(out, "comparison_weekly.csv", columns);
    free(columns);
    char *totals = read_in(out, "totals.csv");
    cr_expect_eq(count_lines(totals), 1 + 2 * 3, "both scenarios' replications");
    free(totals);
    free(out);
    sup_rmtree(d);
    free(d);
}

Test(export_cli, sweep_file_gives_design_tables, .timeout = 120)
{
    char *d = sup_tmpdir();
    sup_result r = sup_chansim(d, NULL, "sweep tests/data/sweep/small.ini -q -o '%s/s.h5'", d);
    cr_assert_eq(r.status, 0, "sweep failed: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(d, NULL, "export -q '%s/s.h5' -o '%s/csv'", d, d);
    cr_assert_eq(r.status, 0, "export failed: %s", r.err);
    sup_result_free(&r);
    char *out = path_in(d, "csv");
    cr_expect_eq(sup_count_entries(out), 4, "sweep_totals, sweep_summary, provenance and columns");
    char *t = read_in(out, "sweep_totals.csv"), *s = read_in(out, "sweep_summary.csv");
    cr_expect(strncmp(t, "point,", 6) == 0, "%.120s", t);
    cr_expect(strstr(t, ",replication,arrivals,") && strstr(t, ",removal_share,return_share\n"), "%.300s", t);
    cr_expect(strstr(s, ",metric,unit,mean,sd,q05,q50,q95\n"), "%.200s", s);
    /* tests/data/sweep/small.ini: 3 x 2 points, 4 replications; outcomes: every metric and 2 shares. */
    cr_expect_eq(count_lines(t), 1 + 6 * 4, "one totals row per point and replication");
    cr_expect_eq(count_lines(s), 1 + 6 * (M_COUNT + 2), "one summary row per point and outcome");
    cr_expect(strstr(t, "\n0,0,0,0,") != NULL, "point 0 (capacity 0, strength 0), replication 0: %.300s", t);
    char *columns = read_in(out, "columns.csv");
    expect_documented(out, "sweep_totals.csv", columns);
    expect_documented(out, "sweep_summary.csv", columns);
    free(columns);
    free(t);
    free(s);
    free(out);
    sup_rmtree(d);
    free(d);
}
