/**
 * @file test_output.c
 * @brief HDF5 results files: exact round trip, layout, axes and dates, chunking,
 *        scenario order, the helpers other writers use.
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

/* ---- round trip and layout ------------------------------------------------ */

Test(output, round_trip_is_exact)
{
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 3, 15, 2);
    r->first_rep = 4;
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());

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
    ofx_expect_same_array(b->weekly, r->weekly, (size_t)3 * 3 * M_COUNT, "weekly");
    ofx_expect_same_array(b->totals, r->totals, (size_t)3 * M_COUNT, "totals");
    ofx_expect_same_array(b->daily, r->daily, (size_t)3 * 15 * D_COUNT, "daily");
    ofx_expect_same_array(b->group_weekly, r->group_weekly, (size_t)3 * 3 * 2 * G_COUNT, "group_weekly");
    cr_assert_not_null(b->config_text);
    cr_expect_str_eq(b->config_text, r->config_text);

    results_destroy(&b);
    cr_expect_null(b);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, layout_shapes_and_attributes)
{
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 3, 15, 2);
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());

    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    cr_assert_geq(f, 0);
    const char *sc = "/scenarios/baseline";
    char s[256], dpath[256];
    hsize_t dims[4];

    ofx_attr_string(f, sc, "start_date", s, sizeof s);
    cr_expect_str_eq(s, "2024-01-01");
    cr_expect_eq(ofx_attr_int(f, sc, "days"), 15);
    cr_expect_eq(ofx_attr_int(f, sc, "weeks"), 3);
    cr_expect_eq(ofx_attr_int(f, sc, "replications"), 3);
    cr_expect_eq(ofx_attr_int(f, sc, "first_replication"), 0);
    cr_expect_eq(ofx_attr_int(f, sc, "groups"), 2);
    cr_expect_gt(H5Aexists_by_name(f, sc, "group_names", H5P_DEFAULT), 0);

    /* week_start: variable-length UTF-8 ISO date strings. */
    cr_assert_eq(ofx_dataset_dims(f, "/scenarios/baseline/week_start", dims), 1);
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
        cr_expect_eq(ofx_dataset_dims(f, dpath, dims), 2, "%s", dpath);
        cr_expect(dims[0] == 3 && dims[1] == 3, "%s shape", dpath);
        ofx_attr_string(f, dpath, "units", s, sizeof s);
        cr_expect_str_eq(s, metric_table[m].unit);
        ofx_attr_string(f, dpath, "long_name", s, sizeof s);
        cr_expect_str_eq(s, metric_table[m].title);
        snprintf(dpath, sizeof dpath, "%s/totals/%s", sc, n);
        cr_expect_eq(ofx_dataset_dims(f, dpath, dims), 1, "%s", dpath);
        cr_expect_eq(dims[0], 3);
        snprintf(dpath, sizeof dpath, "%s/summary/weekly/%s", sc, n);
        cr_expect_eq(ofx_dataset_dims(f, dpath, dims), 2, "%s", dpath);
        cr_expect(dims[0] == 3 && dims[1] == SUMMARY_COUNT, "%s shape", dpath);
        ofx_attr_string(f, dpath, "columns", s, sizeof s);
        cr_expect_str_eq(s, "mean,sd,q05,q50,q95");
        snprintf(dpath, sizeof dpath, "%s/summary/totals/%s", sc, n);
        cr_expect_eq(ofx_dataset_dims(f, dpath, dims), 1, "%s", dpath);
        cr_expect_eq(dims[0], SUMMARY_COUNT);
        ofx_attr_string(f, dpath, "columns", s, sizeof s);
        cr_expect_str_eq(s, "mean,sd,q05,q50,q95");
    }
    for (int k = 0; k < D_COUNT; k++) {
        snprintf(dpath, sizeof dpath, "%s/daily/%s", sc, daily_table[k].name);
        cr_expect_eq(ofx_dataset_dims(f, dpath, dims), 2, "%s", dpath);
        cr_expect(dims[0] == 3 && dims[1] == 15, "%s shape", dpath);
    }
    for (int k = 0; k < G_COUNT; k++) {
        snprintf(dpath, sizeof dpath, "%s/groups/%s", sc, group_metric_table[k].name);
        cr_expect_eq(ofx_dataset_dims(f, dpath, dims), 3, "%s", dpath);
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
        ofx_expect_same_array(sw[w], want, SUMMARY_COUNT, "summary/weekly/arrivals");
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
    ofx_attr_string(f, "/provenance", "version", s, sizeof s);
    cr_expect_neq(s[0], '\0');
    ofx_attr_string(f, "/provenance", "git_commit", s, sizeof s);
    cr_expect_neq(s[0], '\0');
    ofx_attr_string(f, "/provenance", "gsl_version", s, sizeof s);
    cr_expect_neq(s[0], '\0');
    ofx_attr_string(f, "/provenance", "hdf5_version", s, sizeof s);
    cr_expect_eq(strncmp(s, "1.", 2), 0, "hdf5_version %s", s);
    ofx_attr_string(f, "/provenance", "host", s, sizeof s);
    cr_expect_str_eq(s, "node1");
    ofx_attr_string(f, "/provenance", "command_line", s, sizeof s);
    cr_expect_str_eq(s, p.command_line);
    ofx_attr_string(f, "/provenance", "start_time", s, sizeof s);
    cr_expect_str_eq(s, "2023-11-14T22:13:20Z");
    ofx_attr_string(f, "/provenance", "end_time", s, sizeof s);
    cr_expect_str_eq(s, "2023-11-14T22:14:21Z");
    cr_expect_eq(ofx_attr_int(f, "/provenance", "threads"), 2);
    cr_expect_eq(ofx_attr_int(f, "/provenance", "mpi_processes"), 1);
    cr_expect_eq(ofx_attr_int(f, "/provenance", "replications"), 3);
    cr_expect_gt(H5Aexists_by_name(f, "/provenance", "seed", H5P_DEFAULT), 0);
    cr_expect_gt(H5Lexists(f, "/provenance/config", H5P_DEFAULT), 0);
    cr_expect_gt(H5Lexists(f, "/provenance/config/baseline", H5P_DEFAULT), 0);
    cr_expect_eq(H5Aexists_by_name(f, sc, "host", H5P_DEFAULT), 0);

    H5Fclose(f);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

/* The int32 values of 1-D dataset `path` into v (n of them); asserts the length. */
static void read_ints(hid_t f, const char *path, int *v, size_t n)
{
    hsize_t dims[4];
    cr_assert_eq(ofx_dataset_dims(f, path, dims), 1, "%s", path);
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
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("baseline", 3, 15, 2);
    r->first_rep = 5;
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
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
    ofx_attr_string(f, "/scenarios/baseline/weekly/week", "units", s, sizeof s);
    cr_expect_str_eq(s, "days since 1970-01-01");
    ofx_attr_string(f, "/scenarios/baseline/weekly/week", "calendar", s, sizeof s);
    cr_expect_str_eq(s, "proleptic_gregorian");
    read_ints(f, "/scenarios/baseline/weekly/week_days", v, 3);
    cr_expect(v[0] == 7 && v[1] == 7 && v[2] == 1, "week_days %d %d %d", v[0], v[1], v[2]);
    read_ints(f, "/scenarios/baseline/weekly/partial_week", v, 3);
    cr_expect(v[0] == 0 && v[1] == 0 && v[2] == 1, "partial_week %d %d %d", v[0], v[1], v[2]);
    read_ints(f, "/scenarios/baseline/daily/day", v, 15);
    for (int d = 0; d < 15; d++) cr_expect_eq(v[d], T_START_DAY + d, "day %d", d);
    read_ints(f, "/scenarios/baseline/weekly/replication", v, 3);
    cr_expect(v[0] == 5 && v[1] == 6 && v[2] == 7, "replications %d %d %d (first_rep 5)", v[0], v[1], v[2]);

    ofx_attr_string(f, wk, "kind", s, sizeof s);
    cr_expect_str_eq(s, "flow");
    ofx_attr_string(f, wk, "cell_methods", s, sizeof s);
    cr_expect_str_eq(s, "week: sum");
    ofx_attr_string(f, wk, "coordinates", s, sizeof s);
    cr_expect_str_eq(s, "week_days partial_week");
    ofx_attr_string(f, "/scenarios/baseline/weekly/waiting", "kind", s, sizeof s);
    cr_expect_str_eq(s, "stock");
    ofx_attr_string(f, "/scenarios/baseline/weekly/waiting", "cell_methods", s, sizeof s);
    cr_expect_str_eq(s, "week: point");
    ofx_attr_string(f, "/scenarios/baseline/weekly/people_per_boat", "kind", s, sizeof s);
    cr_expect_str_eq(s, "ratio");
    cr_expect_eq(H5Aexists_by_name(f, "/scenarios/baseline/weekly/people_per_boat", "cell_methods", H5P_DEFAULT), 0);
    H5Fclose(f);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, large_datasets_are_chunked_and_compressed)
{
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/big.h5", dir);
    sim_results *r = ofx_results("big", 50, 400, 3);
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());

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
    ofx_expect_same_array(b->daily, r->daily, (size_t)50 * 400 * D_COUNT, "daily");
    ofx_expect_same_array(b->group_weekly, r->group_weekly, (size_t)50 * r->weeks * 3 * G_COUNT, "group_weekly");
    results_destroy(&b);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, scenarios_list_in_write_order)
{
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *s[3] = {ofx_results("zeta", 2, 7, 1), ofx_results("alpha", 2, 7, 1), ofx_results("mid", 2, 7, 1)};
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, s, 3, &p), SIM_OK, "%s", sim_error_message());
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
    ofx_remove_tree(dir);
}

Test(output, no_groups_round_trip)
{
    /* A model run without nationality groups: zero-sized group datasets. */
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/run.h5", dir);
    sim_results *r = ofx_results("flat", 2, 8, 0);
    out_provenance p = ofx_provenance("node1", 1700000000);
    cr_assert_eq(ofx_write_file(path, 0, &r, 1, &p), SIM_OK, "%s", sim_error_message());
    sim_results *b = NULL;
    cr_assert_eq(out_read_scenario(path, "flat", model_metric_set(), &b), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(b->groups, 0);
    cr_expect_eq(b->weeks, 2);
    ofx_expect_same_array(b->weekly, r->weekly, (size_t)2 * 2 * M_COUNT, "weekly");
    ofx_expect_same_array(b->daily, r->daily, (size_t)2 * 8 * D_COUNT, "daily");
    results_destroy(&b);
    results_destroy(&r);
    ofx_remove_tree(dir);
}

Test(output, helpers_for_other_writers)
{
    /* Comparison groups and sweeps add their own objects through out_file_handle. */
    char dir[64], path[128];
    ofx_tmpdir(dir, sizeof dir);
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
    cr_expect_eq(ofx_dataset_dims(file, "/comparisons/diff", got), 2);
    cr_expect(got[0] == 2 && got[1] == 3);
    char s[64];
    ofx_attr_string(file, "/comparisons/diff", "units", s, sizeof s);
    cr_expect_str_eq(s, "people");
    cr_expect_eq(ofx_attr_int(file, "/comparisons", "pairs"), 2);
    H5Fclose(file);
    ofx_remove_tree(dir);
}

