/**
 * @file test_output.c
 * @brief HDF5 results files and CSV export: round trip, layout, atomic commit and
 *        abort, refusal to overwrite, bad directories, determinism outside
 *        /provenance (h5diff), and the exported CSVs.
 *
 * Each test works in its own mkdtemp directory under /tmp and removes it, so tests
 * can run in parallel (--jobs).
 */
#include <criterion/criterion.h>

#include <dirent.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hdf5.h>
#include <hdf5_hl.h>

#include "sim/engine/atomic_file.h"
#include "sim/io/export.h"
#include "sim/io/output.h"
#include "sim/engine/results.h"
#include "sim/engine/summary.h"
#include "tests/support.h"
#include "models/metrics.h"

enum { T_START_DAY = 19723 }; /* 2024-01-01 */

/* ---- helpers ------------------------------------------------------------- */

static void make_tmpdir(char *dir, size_t size) { sup_tmpdir_into(dir, size); }

/* rm -rf dir (restoring write permission first, in case a test removed it). */
static void remove_tree(const char *dir)
{
    chmod(dir, 0700);
    sup_rmtree(dir);
}

/* Number of entries in dir whose name contains `part` (NULL: all entries). */
static int count_entries(const char *dir, const char *part)
{
    DIR *d = opendir(dir);
    cr_assert_not_null(d, "cannot list %s", dir);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 && (!part || strstr(e->d_name, part))) n++;
    closedir(d);
    return n;
}

/* The whole file in a new buffer. */
static char *slurp(const char *path, size_t *size)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    cr_assert_not_null(buf);
    cr_assert_eq(fread(buf, 1, (size_t)n, fp), (size_t)n);
    buf[n] = '\0';
    fclose(fp);
    *size = (size_t)n;
    return buf;
}

/*
 * Deterministic results: every value encodes (rep, time, index, metric), so a
 * transposition anywhere shows up. people_per_boat is NaN in rep 0 week 1 (one
 * replication with no boats) and in every replication in week 2 (all NaN).
 */
static sim_results *make_results(const char *name, int reps, int days, int groups)
{
    sim_results *r = NULL;
    cr_assert_eq(results_create(model_metric_set(), reps, T_START_DAY, days, groups, &r), SIM_OK, "%s",
                 sim_error_message());
    snprintf(r->name, sizeof r->name, "%s", name);
    r->seed = 20240101u;
    r->first_rep = 0;
    static const char *gn[] = {"albania", "afghanistan", "iran", "eritrea"};
    for (int g = 0; g < groups; g++) snprintf(r->group_names[g], CFG_NAME_MAX, "%s", gn[g % 4]);
    for (int rep = 0; rep < reps; rep++) {
        double *w = results_weekly(r, rep);
        for (int k = 0; k < r->weeks; k++)
            for (int m = 0; m < M_COUNT; m++) w[k * M_COUNT + m] = rep * 1000.0 + k * 10.0 + m + 0.125 * (rep + 1);
        if (r->weeks > 1 && rep == 0) w[1 * M_COUNT + M_PEOPLE_PER_BOAT] = NAN;
        if (r->weeks > 2) w[2 * M_COUNT + M_PEOPLE_PER_BOAT] = NAN;
        double *t = results_totals(r, rep);
        for (int m = 0; m < M_COUNT; m++) t[m] = rep * 7.5 + m * 100.0;
        double *d = results_daily(r, rep);
        for (int day = 0; day < days; day++)
            for (int k = 0; k < D_COUNT; k++) d[day * D_COUNT + k] = rep * 1e4 + day * 10.0 + k;
        double *gw = results_group_weekly(r, rep);
        for (int k = 0; k < r->weeks; k++)
            for (int g = 0; g < groups; g++)
                for (int m = 0; m < G_COUNT; m++)
                    gw[(k * groups + g) * G_COUNT + m] = rep * 1e5 + k * 100.0 + g * 10.0 + m + 0.5;
    }
    r->config_text = strdup("[run]\nseed = 20240101\n; resolved\n");
    cr_assert_not_null(r->config_text);
    return r;
}

static out_provenance make_prov(const char *host, long long start)
{
    out_provenance p = {
        .command_line = "chansim run --seed 20240101 configs/scenarios/baseline.ini",
        .seed = 20240101u,
        .reps = 3,
        .threads = 2,
        .mpi_procs = 1,
        .host = host,
        .start_time = start,
        .end_time = start + 61,
    };
    return p;
}

/* Write the given scenarios with provenance and commit. */
static sim_status write_file(const char *path, int force, sim_results **scen, size_t n, const out_provenance *p)
{
    out_file *f = NULL;
    SIM_CHECK(out_open(path, force, &f));
    for (size_t i = 0; i < n; i++) {
        sim_status st = out_write_scenario(f, scen[i]);
        if (st != SIM_OK) {
            out_abort(&f);
            return st;
        }
    }
    sim_status st = out_write_provenance(f, p, (const sim_results *const *)scen, n);
    if (st != SIM_OK) {
        out_abort(&f);
        return st;
    }
    SIM_CHECK(out_commit(&f));
    return SIM_OK;
}

static int same_double(double a, double b) { return a == b || (isnan(a) && isnan(b)); }

static void expect_same_array(const double *a, const double *b, size_t n, const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!same_double(a[i], b[i])) {
            cr_expect_fail("%s[%zu]: %.17g != %.17g", what, i, a[i], b[i]);
            return;
        }
}

/* Rank and dims of the dataset at `path` in an open file; -1 if absent. */
static int dataset_dims(hid_t file, const char *path, hsize_t *dims)
{
    if (H5Lexists(file, path, H5P_DEFAULT) <= 0) return -1;
    hid_t d = H5Dopen2(file, path, H5P_DEFAULT);
    hid_t s = H5Dget_space(d);
    int rank = H5Sget_simple_extent_dims(s, dims, NULL);
    H5Sclose(s);
    H5Dclose(d);
    return rank;
}

/* A scalar string attribute (variable length) of the object at `path`. */
static void attr_string(hid_t file, const char *path, const char *name, char *buf, size_t size)
{
    buf[0] = '\0';
    cr_assert_gt(H5Aexists_by_name(file, path, name, H5P_DEFAULT), 0, "attribute %s of %s missing", name, path);
    hid_t a = H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
    hid_t t = H5Aget_type(a);
    cr_assert_gt(H5Tis_variable_str(t), 0, "attribute %s of %s is not a variable-length string", name, path);
    char *s = NULL;
    cr_assert_geq(H5Aread(a, t, &s), 0);
    snprintf(buf, size, "%s", s ? s : "");
    H5free_memory(s);
    H5Tclose(t);
    H5Aclose(a);
}

static int attr_int(hid_t file, const char *path, const char *name)
{
    int v = -12345;
    hid_t a = H5Aopen_by_name(file, path, name, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(a, 0, "attribute %s of %s missing", name, path);
    cr_assert_geq(H5Aread(a, H5T_NATIVE_INT, &v), 0);
    H5Aclose(a);
    return v;
}

/* ---- round trip and layout ------------------------------------------------ */

Test(output, round_trip_is_exact)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 3, 15, 2);
    r->first_rep = 4;
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());

    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(path, "baseline", model_metric_set(), &b), SIM_OK, "%s", sim_error_message());
    cr_expect_str_eq(b->name, "baseline");
    cr_expect_eq(b->start_day, r->start_day);
    cr_expect_eq(b->days, 15);
    cr_expect_eq(b->weeks, 3);
    cr_expect_eq(b->reps, 3);
    cr_expect_eq(b->groups, 2);
    cr_expect_eq(b->seed, r->seed);
    cr_expect_eq(b->first_rep, 4);
    cr_expect_str_eq(b->group_names[0], "albania");
    cr_expect_str_eq(b->group_names[1], "afghanistan");
    expect_same_array(b->weekly, r->weekly, (size_t)3 * 3 * M_COUNT, "weekly");
    expect_same_array(b->totals, r->totals, (size_t)3 * M_COUNT, "totals");
    expect_same_array(b->daily, r->daily, (size_t)3 * 15 * D_COUNT, "daily");
    expect_same_array(b->group_weekly, r->group_weekly, (size_t)3 * 3 * 2 * G_COUNT, "group_weekly");
    cr_assert_not_null(b->config_text);
    cr_expect_str_eq(b->config_text, r->config_text);

    results_destroy(&b);
    cr_expect_null(b);
    results_destroy(&r);
    remove_tree(dir);
}

Test(output, layout_shapes_and_attributes)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 3, 15, 2);
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    const char *sc = "/scenarios/baseline";
    char s[256], dpath[256];
    hsize_t dims[4];

    attr_string(f, sc, "start_date", s, sizeof s);
    cr_expect_str_eq(s, "2024-01-01");
    cr_expect_eq(attr_int(f, sc, "days"), 15);
    cr_expect_eq(attr_int(f, sc, "weeks"), 3);
    cr_expect_eq(attr_int(f, sc, "replications"), 3);
    cr_expect_eq(attr_int(f, sc, "first_replication"), 0);
    cr_expect_eq(attr_int(f, sc, "groups"), 2);
    cr_expect_gt(H5Aexists_by_name(f, sc, "group_names", H5P_DEFAULT), 0);

    /* week_start: variable-length UTF-8 ISO date strings. */
    cr_assert_eq(dataset_dims(f, "/scenarios/baseline/week_start", dims), 1);
    cr_expect_eq(dims[0], 3);
    hid_t d = H5Dopen2(f, "/scenarios/baseline/week_start", H5P_DEFAULT);
    hid_t t = H5Dget_type(d);
    cr_expect_gt(H5Tis_variable_str(t), 0);
    cr_expect_eq(H5Tget_cset(t), H5T_CSET_UTF8);
    char *dates[3] = {NULL, NULL, NULL};
    cr_assert_geq(H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, dates), 0);
    cr_expect_str_eq(dates[0], "2024-01-01");
    cr_expect_str_eq(dates[1], "2024-01-08");
    cr_expect_str_eq(dates[2], "2024-01-15");
    for (int i = 0; i < 3; i++) H5free_memory(dates[i]);
    H5Tclose(t);
    H5Dclose(d);

    for (int m = 0; m < M_COUNT; m++) {
        const char *n = metric_table[m].name;
        snprintf(dpath, sizeof dpath, "%s/weekly/%s", sc, n);
        cr_expect_eq(dataset_dims(f, dpath, dims), 2, "%s", dpath);
        cr_expect(dims[0] == 3 && dims[1] == 3, "%s shape", dpath);
        attr_string(f, dpath, "units", s, sizeof s);
        cr_expect_str_eq(s, metric_table[m].unit);
        attr_string(f, dpath, "long_name", s, sizeof s);
        cr_expect_str_eq(s, metric_table[m].title);
        snprintf(dpath, sizeof dpath, "%s/totals/%s", sc, n);
        cr_expect_eq(dataset_dims(f, dpath, dims), 1, "%s", dpath);
        cr_expect_eq(dims[0], 3);
        snprintf(dpath, sizeof dpath, "%s/summary/weekly/%s", sc, n);
        cr_expect_eq(dataset_dims(f, dpath, dims), 2, "%s", dpath);
        cr_expect(dims[0] == 3 && dims[1] == SUMMARY_COUNT, "%s shape", dpath);
        attr_string(f, dpath, "columns", s, sizeof s);
        cr_expect_str_eq(s, "mean,sd,q05,q50,q95");
        snprintf(dpath, sizeof dpath, "%s/summary/totals/%s", sc, n);
        cr_expect_eq(dataset_dims(f, dpath, dims), 1, "%s", dpath);
        cr_expect_eq(dims[0], SUMMARY_COUNT);
        attr_string(f, dpath, "columns", s, sizeof s);
        cr_expect_str_eq(s, "mean,sd,q05,q50,q95");
    }
    for (int k = 0; k < D_COUNT; k++) {
        snprintf(dpath, sizeof dpath, "%s/daily/%s", sc, daily_table[k].name);
        cr_expect_eq(dataset_dims(f, dpath, dims), 2, "%s", dpath);
        cr_expect(dims[0] == 3 && dims[1] == 15, "%s shape", dpath);
    }
    for (int k = 0; k < G_COUNT; k++) {
        snprintf(dpath, sizeof dpath, "%s/groups/%s", sc, group_metric_table[k].name);
        cr_expect_eq(dataset_dims(f, dpath, dims), 3, "%s", dpath);
        cr_expect(dims[0] == 3 && dims[1] == 3 && dims[2] == 2, "%s shape", dpath);
    }

    /* Summaries agree with summary_stats on the same data; the all-NaN week is NaN. */
    double sw[3][SUMMARY_COUNT], want[SUMMARY_COUNT];
    snprintf(dpath, sizeof dpath, "%s/summary/weekly/arrivals", sc);
    d = H5Dopen2(f, dpath, H5P_DEFAULT);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, sw), 0);
    H5Dclose(d);
    for (int w = 0; w < 3; w++) {
        cr_assert_eq(summary_stats(r->weekly + w * M_COUNT + M_ARRIVALS, 3, (size_t)3 * M_COUNT, want), SIM_OK);
        expect_same_array(sw[w], want, SUMMARY_COUNT, "summary/weekly/arrivals");
    }
    snprintf(dpath, sizeof dpath, "%s/summary/weekly/people_per_boat", sc);
    d = H5Dopen2(f, dpath, H5P_DEFAULT);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, sw), 0);
    H5Dclose(d);
    cr_expect(!isnan(sw[1][S_MEAN]), "week 1 has two replications with boats");
    cr_expect_eq(sw[1][S_MEAN], (r->weekly[(1 * 3 + 1) * M_COUNT + M_PEOPLE_PER_BOAT] +
                                 r->weekly[(2 * 3 + 1) * M_COUNT + M_PEOPLE_PER_BOAT]) / 2);
    for (int c = 0; c < SUMMARY_COUNT; c++) cr_expect(isnan(sw[2][c]), "all-NaN week gives NaN");

    /* Provenance lives under /provenance only. */
    attr_string(f, "/provenance", "version", s, sizeof s);
    cr_expect_neq(s[0], '\0');
    attr_string(f, "/provenance", "git_commit", s, sizeof s);
    cr_expect_neq(s[0], '\0');
    attr_string(f, "/provenance", "gsl_version", s, sizeof s);
    cr_expect_neq(s[0], '\0');
    attr_string(f, "/provenance", "hdf5_version", s, sizeof s);
    cr_expect_eq(strncmp(s, "1.", 2), 0, "hdf5_version %s", s);
    attr_string(f, "/provenance", "host", s, sizeof s);
    cr_expect_str_eq(s, "node1");
    attr_string(f, "/provenance", "command_line", s, sizeof s);
    cr_expect_str_eq(s, p.command_line);
    attr_string(f, "/provenance", "start_time", s, sizeof s);
    cr_expect_str_eq(s, "2023-11-14T22:13:20Z");
    attr_string(f, "/provenance", "end_time", s, sizeof s);
    cr_expect_str_eq(s, "2023-11-14T22:14:21Z");
    cr_expect_eq(attr_int(f, "/provenance", "threads"), 2);
    cr_expect_eq(attr_int(f, "/provenance", "mpi_processes"), 1);
    cr_expect_eq(attr_int(f, "/provenance", "replications"), 3);
    cr_expect_gt(H5Aexists_by_name(f, "/provenance", "seed", H5P_DEFAULT), 0);
    cr_expect_gt(H5Lexists(f, "/provenance/config", H5P_DEFAULT), 0);
    cr_expect_gt(H5Lexists(f, "/provenance/config/baseline", H5P_DEFAULT), 0);
    cr_expect_eq(H5Aexists_by_name(f, sc, "host", H5P_DEFAULT), 0);

    H5Fclose(f);
    results_destroy(&r);
    remove_tree(dir);
}

/* The int32 values of 1-D dataset `path` into v (n of them); asserts the length. */
static void read_ints(hid_t f, const char *path, int *v, size_t n)
{
    hsize_t dims[4];
    cr_assert_eq(dataset_dims(f, path, dims), 1, "%s", path);
    cr_assert_eq(dims[0], n, "%s has %llu values, expected %zu", path, (unsigned long long)dims[0], n);
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(H5Dread(d, H5T_NATIVE_INT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v), 0);
    H5Dclose(d);
}

/* Axis i of dataset `path` is exactly one dimension scale, named `axis` (the netCDF dimension name). */
static void expect_axis(hid_t f, const char *path, unsigned i, const char *axis)
{
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    cr_assert_geq(d, 0, "%s", path);
    cr_expect_eq(H5DSget_num_scales(d, i), 1, "%s axis %u: scales attached", path, i);
    char scale_path[256], want[256];
    snprintf(want, sizeof want, "%s", path);
    char *slash = strrchr(want, '/');
    snprintf(slash + 1, sizeof want - (size_t)(slash + 1 - want), "%s", axis);
    hid_t sd = H5Dopen2(f, want, H5P_DEFAULT);
    cr_assert_geq(sd, 0, "no axis %s beside %s", want, path);
    cr_expect_gt(H5DSis_scale(sd), 0, "%s is not a dimension scale", want);
    cr_expect_gt(H5DSis_attached(d, sd, i), 0, "%s is not attached to axis %u of %s", want, i, path);
    ssize_t len = H5DSget_scale_name(sd, scale_path, sizeof scale_path);
    cr_expect(len > 0 && strcmp(scale_path, axis) == 0, "scale name of %s: %s", want, len > 0 ? scale_path : "");
    H5Dclose(sd);
    H5Dclose(d);
}

/* Axes, dates, partial weeks and the stock/flow attributes, on a 15-day horizon (weeks of 7, 7 and 1 days). */
Test(output, axes_dates_and_partial_weeks)
{
    char dir[64], path[128], s[256];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 3, 15, 2);
    r->first_rep = 5;
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);

    const char *wk = "/scenarios/baseline/weekly/arrivals";
    expect_axis(f, wk, 0, "replication");
    expect_axis(f, wk, 1, "week");
    expect_axis(f, "/scenarios/baseline/daily/arrivals", 1, "day");
    expect_axis(f, "/scenarios/baseline/groups/arrivals", 2, "group");
    expect_axis(f, "/scenarios/baseline/summary/weekly/arrivals", 1, "statistic");
    expect_axis(f, "/scenarios/baseline/totals/arrivals", 0, "replication");

    int v[16];
    read_ints(f, "/scenarios/baseline/weekly/week", v, 3);
    for (int k = 0; k < 3; k++) cr_expect_eq(v[k], T_START_DAY + 7 * k, "week %d", k);
    attr_string(f, "/scenarios/baseline/weekly/week", "units", s, sizeof s);
    cr_expect_str_eq(s, "days since 1970-01-01");
    attr_string(f, "/scenarios/baseline/weekly/week", "calendar", s, sizeof s);
    cr_expect_str_eq(s, "proleptic_gregorian");
    read_ints(f, "/scenarios/baseline/weekly/week_days", v, 3);
    cr_expect(v[0] == 7 && v[1] == 7 && v[2] == 1, "week_days %d %d %d", v[0], v[1], v[2]);
    read_ints(f, "/scenarios/baseline/weekly/partial_week", v, 3);
    cr_expect(v[0] == 0 && v[1] == 0 && v[2] == 1, "partial_week %d %d %d", v[0], v[1], v[2]);
    read_ints(f, "/scenarios/baseline/daily/day", v, 15);
    for (int d = 0; d < 15; d++) cr_expect_eq(v[d], T_START_DAY + d, "day %d", d);
    read_ints(f, "/scenarios/baseline/weekly/replication", v, 3);
    cr_expect(v[0] == 5 && v[1] == 6 && v[2] == 7, "replications %d %d %d (first_rep 5)", v[0], v[1], v[2]);

    attr_string(f, wk, "kind", s, sizeof s);
    cr_expect_str_eq(s, "flow");
    attr_string(f, wk, "cell_methods", s, sizeof s);
    cr_expect_str_eq(s, "week: sum");
    attr_string(f, wk, "coordinates", s, sizeof s);
    cr_expect_str_eq(s, "week_days partial_week");
    attr_string(f, "/scenarios/baseline/weekly/waiting", "kind", s, sizeof s);
    cr_expect_str_eq(s, "stock");
    attr_string(f, "/scenarios/baseline/weekly/waiting", "cell_methods", s, sizeof s);
    cr_expect_str_eq(s, "week: point");
    attr_string(f, "/scenarios/baseline/weekly/people_per_boat", "kind", s, sizeof s);
    cr_expect_str_eq(s, "ratio");
    cr_expect_eq(H5Aexists_by_name(f, "/scenarios/baseline/weekly/people_per_boat", "cell_methods", H5P_DEFAULT), 0);
    H5Fclose(f);
    results_destroy(&r);
    remove_tree(dir);
}

Test(output, large_datasets_are_chunked_and_compressed)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big.h5", dir);
    sim_results *r = make_results("big", 50, 400, 3);
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, "/scenarios/big/daily/arrivals", H5P_DEFAULT);
    cr_assert_geq(d, 0);
    hid_t dcpl = H5Dget_create_plist(d);
    cr_assert_eq(H5Pget_layout(dcpl), H5D_CHUNKED);
    hsize_t chunk[2];
    cr_assert_eq(H5Pget_chunk(dcpl, 2, chunk), 2);
    /* Whole rows of 400 days, as many as fit in 64 KiB: 65536 / 3200 = 20. */
    cr_expect(chunk[0] == 20 && chunk[1] == 400, "chunk %llu x %llu", (unsigned long long)chunk[0],
              (unsigned long long)chunk[1]);
    unsigned flags, level = 0;
    size_t nelem = 1;
    cr_expect_geq(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_DEFLATE, &flags, &nelem, &level, 0, NULL, NULL), 0);
    cr_expect_eq(level, 4);
    nelem = 0;
    cr_expect_geq(H5Pget_filter_by_id2(dcpl, H5Z_FILTER_SHUFFLE, &flags, &nelem, NULL, 0, NULL, NULL), 0);
    H5Pclose(dcpl);
    H5Dclose(d);
    H5Fclose(f);

    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(path, "big", model_metric_set(), &b), SIM_OK, "%s", sim_error_message());
    expect_same_array(b->daily, r->daily, (size_t)50 * 400 * D_COUNT, "daily");
    expect_same_array(b->group_weekly, r->group_weekly, (size_t)50 * r->weeks * 3 * G_COUNT, "group_weekly");
    results_destroy(&b);
    results_destroy(&r);
    remove_tree(dir);
}

Test(output, scenarios_list_in_write_order)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *s[3] = {make_results("zeta", 2, 7, 1), make_results("alpha", 2, 7, 1), make_results("mid", 2, 7, 1)};
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, s, 3, &p), SIM_OK, "%s", sim_error_message());
    char **names = NULL;
    size_t n = 0;
    cr_assert_eq(out_list_scenarios(path, &names, &n), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(n, 3);
    cr_expect_str_eq(names[0], "zeta");
    cr_expect_str_eq(names[1], "alpha");
    cr_expect_str_eq(names[2], "mid");
    out_free_names(&names, n);
    cr_expect_null(names);
    for (int i = 0; i < 3; i++) results_destroy(&s[i]);
    remove_tree(dir);
}

Test(output, no_groups_round_trip)
{
    /* A model run without nationality groups: zero-sized group datasets. */
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("flat", 2, 8, 0);
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(path, "flat", model_metric_set(), &b), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(b->groups, 0);
    cr_expect_eq(b->weeks, 2);
    expect_same_array(b->weekly, r->weekly, (size_t)2 * 2 * M_COUNT, "weekly");
    expect_same_array(b->daily, r->daily, (size_t)2 * 8 * D_COUNT, "daily");
    results_destroy(&b);
    results_destroy(&r);
    remove_tree(dir);
}

Test(output, helpers_for_other_writers)
{
    /* Comparison groups and sweeps add their own objects through out_file_handle. */
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 0, &f), SIM_OK, "%s", sim_error_message());
    hid_t g = H5I_INVALID_HID;
    cr_assert_eq(out_create_group(out_file_handle(f), "comparisons", &g), SIM_OK, "%s", sim_error_message());
    double v[2][3] = {{1, 2, 3}, {4, 5, NAN}};
    hsize_t dims[2] = {2, 3};
    cr_assert_eq(out_write_doubles(g, "diff", 2, dims, &v[0][0], "people", "Difference"), SIM_OK, "%s",
                 sim_error_message());
    cr_assert_eq(out_write_attr_string(g, "baseline", "baseline"), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_attr_int(g, "pairs", 2), SIM_OK, "%s", sim_error_message());
    H5Gclose(g);
    /* A clash is an I/O error carrying HDF5's reason. */
    sim_error_clear();
    cr_expect_eq(out_create_group(out_file_handle(f), "comparisons", &g), SIM_ERR_IO);
    cr_expect_eq(g, H5I_INVALID_HID);
    cr_expect(strstr(sim_error_message(), "comparisons") && strstr(sim_error_message(), "HDF5:"), "message: %s",
              sim_error_message());
    cr_assert_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());

    hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    hsize_t got[2];
    cr_expect_eq(dataset_dims(file, "/comparisons/diff", got), 2);
    cr_expect(got[0] == 2 && got[1] == 3);
    char s[64];
    attr_string(file, "/comparisons/diff", "units", s, sizeof s);
    cr_expect_str_eq(s, "people");
    cr_expect_eq(attr_int(file, "/comparisons", "pairs"), 2);
    H5Fclose(file);
    remove_tree(dir);
}

/* ---- refusing, replacing, aborting ---------------------------------------- */

Test(output, existing_file_needs_force)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 3, 15, 2);
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    size_t n0, n1;
    char *before = slurp(path, &n0);

    /* Without force: refused, and nothing touched. */
    sim_error_clear();
    out_file *f = NULL;
    cr_expect_eq(out_open(path, 0, &f), SIM_ERR_EXISTS);
    cr_expect_null(f);
    cr_expect(strstr(sim_error_message(), "exists; use --force to overwrite") != NULL, "message: %s",
              sim_error_message());
    cr_expect(strstr(sim_error_message(), path) != NULL, "message names the file: %s", sim_error_message());
    char *after = slurp(path, &n1);
    cr_expect(n0 == n1 && memcmp(before, after, n0) == 0, "existing file changed");
    free(after);

    /* With force but aborted: still untouched, no temporary left. */
    cr_assert_eq(out_open(path, 1, &f), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_write_scenario(f, r), SIM_OK, "%s", sim_error_message());
    out_abort(&f);
    cr_expect_null(f);
    after = slurp(path, &n1);
    cr_expect(n0 == n1 && memcmp(before, after, n0) == 0, "existing file changed by an aborted write");
    free(after);
    cr_expect_eq(count_entries(dir, ".tmp."), 0);

    /* With force: replaced by the new content. */
    snprintf(r->name, sizeof r->name, "replacement");
    cr_assert_eq(write_file(path, 1, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    char **names = NULL;
    size_t n = 0;
    cr_assert_eq(out_list_scenarios(path, &names, &n), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(n, 1);
    cr_expect_str_eq(names[0], "replacement");
    out_free_names(&names, n);
    cr_expect_eq(count_entries(dir, NULL), 1, "only run.h5 should remain");

    free(before);
    results_destroy(&r);
    remove_tree(dir);
}

Test(output, bad_directory_is_an_io_error)
{
    char dir[64], path[256];
    make_tmpdir(dir, sizeof dir);
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
        cr_expect_eq(count_entries(ro, NULL), 0);
    }
    chmod(ro, 0700);
    cr_expect_eq(count_entries(dir, ".tmp."), 0, "temporary file left behind");
    remove_tree(dir);
}

Test(output, abort_leaves_nothing)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 3, 15, 2);
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 0, &f), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(count_entries(dir, ".tmp."), 1, "out_open should create the temporary file");
    cr_expect_geq(out_file_handle(f), 0);
    cr_assert_eq(out_write_scenario(f, r), SIM_OK, "%s", sim_error_message());
    out_abort(&f);
    cr_expect_null(f);
    cr_expect_eq(count_entries(dir, NULL), 0, "abort left a file");
    out_abort(&f);   /* *f == NULL: no-op */
    out_abort(NULL); /* NULL: no-op */
    cr_expect_eq(out_file_handle(NULL), H5I_INVALID_HID);
    results_destroy(&r);
    remove_tree(dir);
}

Test(output, misuse_is_reported)
{
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 2, 7, 1);
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
    out_provenance p = make_prov("node1", 1700000000);
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
    remove_tree(dir);
}

Test(output, missing_metric_reads_as_nan)
{
    /* A file from before a metric was appended to metrics.h: that metric reads as NaN. */
    char dir[64], path[128];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 2, 14, 1);
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    cr_assert_geq(H5Ldelete(f, "/scenarios/baseline/weekly/boats_seized", H5P_DEFAULT), 0);
    H5Fclose(f);
    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(path, "baseline", model_metric_set(), &b), SIM_OK, "%s", sim_error_message());
    cr_expect(isnan(b->weekly[M_BOATS_SEIZED]));
    cr_expect_eq(b->weekly[M_ARRIVALS], r->weekly[M_ARRIVALS]);
    results_destroy(&b);
    results_destroy(&r);
    remove_tree(dir);
}

Test(output, reruns_identical_outside_provenance)
{
    char dir[64], a[128], b[128], cmd[512];
    make_tmpdir(dir, sizeof dir);
    snprintf(a, sizeof a, "%s/a.h5", dir);
    snprintf(b, sizeof b, "%s/b.h5", dir);
    sim_results *s[2] = {make_results("baseline", 3, 15, 2), make_results("returns", 3, 15, 2)};
    /* Different host and times, as two real runs would have. */
    out_provenance pa = make_prov("node1", 1700000000), pb = make_prov("node2", 1800000000);
    cr_assert_eq(write_file(a, 0, s, 2, &pa), SIM_OK, "%s", sim_error_message());
    sleep(1); /* so any stray timestamp would differ */
    cr_assert_eq(write_file(b, 0, s, 2, &pb), SIM_OK, "%s", sim_error_message());

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
    cr_assert_eq(write_file(c, 0, s, 2, &pa), SIM_OK, "%s", sim_error_message());
    size_t na, nc;
    char *ba = slurp(a, &na), *bc = slurp(c, &nc);
    cr_expect(na == nc && memcmp(ba, bc, na) == 0, "identical runs gave different bytes");
    free(ba);
    free(bc);
    results_destroy(&s[0]);
    results_destroy(&s[1]);
    remove_tree(dir);
}

/* ---- CSV export ------------------------------------------------------------ */

/* Lines of a text file (each without its newline) as a new array; *n their count. */
static char **read_lines(const char *path, size_t *n)
{
    size_t size;
    char *text = slurp(path, &size);
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
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    snprintf(out, sizeof out, "%s/csv", dir);
    /* 15 days from Monday 2024-01-01: weeks of 7, 7 and 1 days. */
    sim_results *s[2] = {make_results("baseline", 3, 15, 2), make_results("returns", 5, 15, 2)};
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, s, 2, &p), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(export_to(path, out, 0), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(count_entries(out, NULL), 8, "7 tables and columns.csv (no comparison in a run file)");

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
    cr_expect_eq(count_entries(dir, ".tmp."), 0, "temporary folder left behind");

    /* Exporting again: refused without force, replaced whole with it. */
    cr_expect_eq(export_to(path, out, 0), SIM_ERR_EXISTS);
    snprintf(file, sizeof file, "%s/old_weekly.csv", out);
    FILE *fp = fopen(file, "w");
    cr_assert_not_null(fp);
    fclose(fp);
    cr_assert_eq(export_to(path, out, 1), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(access(file, F_OK), -1, "a file of the earlier export survived");
    cr_expect_eq(count_entries(out, NULL), 8);

    free(header);
    results_destroy(&s[0]);
    results_destroy(&s[1]);
    remove_tree(dir);
}

Test(export, errors)
{
    char dir[64], path[128], out[192];
    make_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/missing.h5", dir);
    snprintf(out, sizeof out, "%s/csv", dir);
    sim_error_clear();
    cr_expect_eq(export_to(path, out, 0), SIM_ERR_IO);
    cr_expect(strstr(sim_error_message(), path) != NULL, "message: %s", sim_error_message());
    cr_expect_eq(access(out, F_OK), -1, "no folder for a failed export");
    cr_expect_eq(count_entries(dir, NULL), 0, "no temporary folder left");

    /* Output folder under a plain file. */
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = make_results("baseline", 2, 7, 1);
    out_provenance p = make_prov("node1", 1700000000);
    cr_assert_eq(write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    snprintf(out, sizeof out, "%s/run.h5/csv", dir);
    cr_expect_eq(export_to(path, out, 0), SIM_ERR_IO);
    results_destroy(&r);
    remove_tree(dir);
}
