/**
 * @file test_plot.c
 * @brief `chansim plot`: every plot a valid image of the expected size (PNG IHDR,
 *        SVG and PDF headers), scripts that rerun with gnuplot in the output
 *        directory, the data behind the plots (cumulative sums, partial weeks,
 *        observed weeks aligned by date), skipped plots with notes, and failures that
 *        write nothing: gnuplot missing, bad format, bad observed file, existing
 *        files without --force, a template gnuplot rejects.
 *
 * Results files are synthetic, written with the C API (output.h, compare.h) so the
 * expected numbers are known: 4 replications, 73 days from Wednesday 2025-01-01 to
 * Friday 2025-03-14: 11 calendar weeks (Monday to Sunday), a 5-day partial first week,
 * 9 whole weeks and a 5-day partial last week. Each test works in its own sup_tmpdir.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hdf5.h>

#include "sim/engine/compare.h"
#include "sim/io/compare_io.h"
#include "sim/engine/config.h"
#include "sim/io/output.h"
#include "sim/plot/plot_data.h"
#include "sim/plot/plot_figure.h"
#include "sim/plot/plot_template.h"
#include "sim/engine/results.h"
#include "tests/support.h"
#include "models/metrics.h"

enum { T_REPS = 4, T_DAYS = 73, T_WEEKS = 11, T_FULL_WEEKS = 9, PNG_W = 1200, PNG_H = 750 };

#define OBSERVED "tests/data/plot/observed_weekly.csv"

/* ---- fixtures -------------------------------------------------------------- */

/* Weekly arrivals of replication k in week w for a scenario scaled by `factor`. */
static double t_arrivals(double factor, int k, int w) { return factor * (500 + 100 * w + 37 * k); }

/* A synthetic scenario: arrivals, boats, people per boat, deaths and cumulative cost. */
static sim_results *make_scenario(const char *name, double factor)
{
    sim_results *r = NULL;
    int start = 0;
    cr_assert_eq(cfg_parse_date("2025-01-01", &start), SIM_OK);
    cr_assert_eq(results_create(model_metric_set(), T_REPS, start, T_DAYS, 1, &r), SIM_OK, "%s", sim_error_message());
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->group_names[0], CFG_NAME_MAX, "all");
    r->seed = 7;
    for (int k = 0; k < T_REPS; k++) {
        double *tot = results_totals(r, k);
        for (int w = 0; w < r->weeks; w++) {
            double *wk = results_weekly(r, k) + (size_t)w * M_COUNT;
            wk[M_ARRIVALS] = t_arrivals(factor, k, w);
            wk[M_BOATS] = 10 + w;
            wk[M_PEOPLE_PER_BOAT] = wk[M_ARRIVALS] / wk[M_BOATS];
            wk[M_DEATHS] = (double)((w + k) % 3) * factor;
            wk[M_COST] = 1e6 * (w + 1) * (3 - factor) + 1e4 * k;
            tot[M_ARRIVALS] += wk[M_ARRIVALS];
            tot[M_BOATS] += wk[M_BOATS];
            tot[M_DEATHS] += wk[M_DEATHS];
            tot[M_COST] = wk[M_COST];
        }
        tot[M_PEOPLE_PER_BOAT] = tot[M_ARRIVALS] / tot[M_BOATS];
    }
    return r;
}

/* Write a results file: the scenarios (first = baseline) and, if compare, /comparison. */
static void write_results(const char *path, int nscen, int compare)
{
    static const char *const names[] = {"baseline", "rwanda_at_scale", "package_2025"};
    static const double factors[] = {1.0, 0.6, 0.8};
    sim_results *r[3] = {0};
    cmp_result *c[2] = {0};
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 1, &f), SIM_OK, "%s", sim_error_message());
    for (int i = 0; i < nscen; i++) {
        r[i] = make_scenario(names[i], factors[i]);
        cr_assert_eq(out_write_scenario(f, r[i]), SIM_OK, "%s", sim_error_message());
    }
    if (compare) {
        for (int i = 1; i < nscen; i++) cr_assert_eq(cmp_compute(r[i], r[0], &c[i - 1]), SIM_OK, "%s", sim_error_message());
        cr_assert_eq(cmp_write(out_file_handle(f), r[0]->name, c, (size_t)(nscen - 1)), SIM_OK, "%s",
                     sim_error_message());
    }
    cr_assert_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());
    for (int i = 0; i < nscen; i++) results_destroy(&r[i]);
    for (int i = 0; i < nscen - 1; i++) cmp_destroy(&c[i]);
}

/* Write a 1-D variable-length string dataset (the sweep's names and units). */
static void write_strings(hid_t loc, const char *name, const char *const *values, hsize_t n)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    hid_t sp = H5Screate_simple(1, &n, NULL);
    hid_t d = H5Dcreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    cr_assert_geq(d, 0, "cannot create %s", name);
    cr_assert_geq(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, values), 0);
    H5Dclose(d);
    H5Sclose(sp);
    H5Tclose(t);
}

/* A sweep file as sweep_output.h lays it out: 5 points over 2 parameters (a number and a date). */
static void write_sweep(const char *path)
{
    out_file *f = NULL;
    cr_assert_eq(out_open(path, 1, &f), SIM_OK, "%s", sim_error_message());
    hid_t g, gs;
    cr_assert_eq(out_create_group(out_file_handle(f), "sweep", &g), SIM_OK, "%s", sim_error_message());
    static const char *const names[] = {"rwanda.deterrence_weight", "pilot.start_date"}, *const units[] = {"-", "date"};
    write_strings(g, "names", names, 2);
    write_strings(g, "units", units, 2);
    int d0;
    cr_assert_eq(cfg_parse_date("2025-03-01", &d0), SIM_OK);
    double design[5][2];
    for (int p = 0; p < 5; p++) {
        design[p][0] = (4 - p) * 0.25; /* deliberately unsorted */
        design[p][1] = d0 + 30 * ((p * 3) % 5);
    }
    hsize_t dd[2] = {5, 2}, ds[2] = {5, 5};
    cr_assert_eq(out_write_doubles(g, "design", 2, dd, &design[0][0], NULL, NULL), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(out_create_group(g, "summary", &gs), SIM_OK, "%s", sim_error_message());
    const int metrics[] = {M_ARRIVALS, M_DEATHS, M_PEOPLE_PER_BOAT, M_COST};
    for (size_t m = 0; m < 4; m++) {
        double s[5][5];
        for (int p = 0; p < 5; p++) {
            double mean = (m == 3 ? 1e8 : 100.0) * (1 + design[p][0]) + (double)m;
            double row[5] = {mean, 0.1 * mean, 0.8 * mean, mean, 1.2 * mean};
            memcpy(s[p], row, sizeof row);
        }
        cr_assert_eq(out_write_doubles(gs, metric_table[metrics[m]].name, 2, ds, &s[0][0], NULL, NULL), SIM_OK);
    }
    H5Gclose(gs);
    H5Gclose(g);
    cr_assert_eq(out_commit(&f), SIM_OK, "%s", sim_error_message());
}

/* ---- checks ---------------------------------------------------------------- */

static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }

/* Assert that path is a PNG (signature, IHDR first) of exactly w x h pixels. */
static void assert_png(const char *path, uint32_t w, uint32_t h)
{
    size_t len = 0;
    unsigned char *b = (unsigned char *)sup_read_file(path, &len);
    cr_assert_not_null(b, "cannot read %s", path);
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    cr_assert_geq(len, 33u, "%s: %zu bytes, too short for a PNG", path, len);
    cr_assert_eq(memcmp(b, sig, 8), 0, "%s: not a PNG signature", path);
    cr_assert_eq(memcmp(b + 12, "IHDR", 4), 0, "%s: first chunk is not IHDR", path);
    cr_assert_eq(be32(b + 16), w, "%s: width %u, expected %u", path, be32(b + 16), w);
    cr_assert_eq(be32(b + 20), h, "%s: height %u, expected %u", path, be32(b + 20), h);
    cr_assert_geq(be32(b + 16), 1000u, "%s: narrower than 1000 px", path);
    free(b);
}

/* dir/name as a new string. */
static char *path_in(const char *dir, const char *name)
{
    char *p = NULL;
    cr_assert_gt(asprintf(&p, "%s/%s", dir, name), 0);
    return p;
}

/* Each plot's image (valid PNG), data and script exist in dir. */
static void assert_plots(const char *dir, const char *const *stems, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s.png", stems[i]);
        char *p = path_in(dir, name);
        assert_png(p, PNG_W, PNG_H);
        free(p);
        snprintf(name, sizeof name, "%s.dat", stems[i]);
        p = path_in(dir, name);
        cr_assert(sup_exists(p), "%s missing", p);
        free(p);
        snprintf(name, sizeof name, "%s.gp", stems[i]);
        p = path_in(dir, name);
        cr_assert(sup_exists(p), "%s missing", p);
        free(p);
    }
}

/* The data rows (not comments, not blank) of block `block` (blocks are separated by two
 * blank lines, gnuplot's `index`) of a .dat file, as a new array of lines. */
static size_t data_rows(const char *path, int block, char ***rows)
{
    FILE *fp = fopen(path, "r");
    cr_assert_not_null(fp, "cannot read %s", path);
    char line[4096];
    size_t n = 0;
    int b = 0, blanks = 0;
    *rows = NULL;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = '\0';
        if (!line[0]) {
            blanks++;
            continue;
        }
        if (blanks >= 2) b++;
        blanks = 0;
        if (line[0] == '#' || b != block) continue;
        *rows = realloc(*rows, (n + 1) * sizeof **rows);
        cr_assert_not_null(*rows);
        (*rows)[n++] = strdup(line);
    }
    fclose(fp);
    return n;
}

static void free_rows(char **rows, size_t n)
{
    for (size_t i = 0; i < n; i++) free(rows[i]);
    free(rows);
}

static const char *const series_stems[] = {"arrivals_weekly", "arrivals_cumulative", "deaths_ppb"};

/* ---- a single run: the time-series plots only --------------------------------- */

Test(plot, run_file_draws_time_series_only)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s", h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    assert_plots(out, series_stems, 3);
    cr_expect_eq(sup_count_entries(out), 9, "expected 3 plots x 3 files, found %d entries", sup_count_entries(out));
    cr_expect(strstr(r.err, "diff_baseline and cost_prevented not drawn"), "no note on the missing comparison: %s",
              r.err);
    cr_expect(strstr(r.out, "wrote 3 plots"), "stdout: %s", r.out);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

/* ---- a batch file with observed data: every plot -------------------------------- */

Test(plot, batch_file_draws_every_plot)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "batch.h5");
    write_results(h5, 3, 1);
    /* Default output directory: the results path without .h5, plus _plots. */
    sup_result r = sup_chansim(dir, NULL, "plot %s --observed " OBSERVED, h5);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    char *out = path_in(dir, "batch_plots");
    static const char *const stems[] = {"arrivals_weekly", "arrivals_cumulative", "deaths_ppb",
                                        "observed_weekly",  "diff_baseline",       "cost_prevented"};
    assert_plots(out, stems, 6);
    cr_expect_eq(sup_count_entries(out), 18, "stray files in %s", out);
    cr_expect_eq(r.err[0], '\0', "unexpected notes: %s", r.err);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

/* ---- scripts rerun in the output directory --------------------------------------- */

Test(plot, scripts_rerun_in_output_directory)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "batch.h5"), *out = path_in(dir, "plots");
    write_results(h5, 3, 1);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s --observed " OBSERVED, h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    sup_result_free(&r);
    static const char *const stems[] = {"arrivals_weekly", "arrivals_cumulative", "deaths_ppb",
                                        "observed_weekly",  "diff_baseline",       "cost_prevented"};
    for (size_t i = 0; i < 6; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s.png", stems[i]);
        char *png = path_in(out, name);
        cr_assert_eq(remove(png), 0, "cannot remove %s", png);
        /* A user's rerun: in that directory, with only gnuplot, not chansim. */
        r = sup_shell(dir, "cd '%s' && gnuplot %s.gp", out, stems[i]);
        cr_expect_eq(r.status, 0, "gnuplot %s.gp failed: %s", stems[i], r.err);
        sup_result_free(&r);
        assert_png(png, PNG_W, PNG_H);
        free(png);
    }
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

/* ---- data behind the plots -------------------------------------------------------- */

Test(plot, data_files_hold_the_expected_numbers)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "batch.h5"), *out = path_in(dir, "plots");
    write_results(h5, 3, 1);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s --observed " OBSERVED, h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    sup_result_free(&r);

    /* Weekly: whole calendar weeks only (9: not the partial first and last), from Monday 6 January, at mid-week. */
    char *p = path_in(out, "arrivals_weekly.dat"), **rows;
    size_t n = data_rows(p, 0, &rows);
    cr_expect_eq(n, T_FULL_WEEKS, "baseline block has %zu rows, expected %d whole weeks", n, T_FULL_WEEKS);
    cr_expect(strncmp(rows[0], "2025-01-06 2025-01-09 ", 22) == 0, "first row: %s", rows[0]);
    cr_expect(strncmp(rows[n - 1], "2025-03-03 2025-03-06 ", 22) == 0, "last row: %s", rows[n - 1]);
    double mean1 = 0;
    for (int k = 0; k < T_REPS; k++) mean1 += t_arrivals(1.0, k, 1) / T_REPS;
    cr_expect(fabs(atof(rows[0] + 22) - mean1) < 1e-9, "week 1 mean %s, expected %g", rows[0] + 22, mean1);
    free_rows(rows, n);
    n = data_rows(p, 2, &rows);
    cr_expect_eq(n, T_FULL_WEEKS, "third scenario's block has %zu rows", n);
    free_rows(rows, n);
    free(p);

    /* Cumulative: a zero row at the start, then every week including the partial one;
     * the last mean is the mean horizon total (exact: sums of integers). */
    p = path_in(out, "arrivals_cumulative.dat");
    n = data_rows(p, 1, &rows);
    cr_expect_eq(n, T_WEEKS + 1, "cumulative block has %zu rows, expected %d", n, T_WEEKS + 1);
    cr_expect(strncmp(rows[0], "2025-01-01 0 ", 13) == 0, "first row: %s", rows[0]);
    cr_expect(strncmp(rows[n - 1], "2025-03-15 ", 11) == 0, "last row (end of horizon): %s", rows[n - 1]);
    double total = 0;
    for (int k = 0; k < T_REPS; k++)
        for (int w = 0; w < T_WEEKS; w++) total += t_arrivals(0.6, k, w) / T_REPS;
    double got = atof(rows[n - 1] + 11);
    cr_expect(fabs(got - total) <= 1e-9 * total, "cumulative total %.10g, expected %.10g", got, total);
    free_rows(rows, n);
    free(p);

    /* Observed: the 9 observed weeks inside the simulated whole weeks, drawn at week_ending - 3;
     * the week without a figure is NaN. The simulated block holds the same 9 weeks. */
    p = path_in(out, "observed_weekly.dat");
    n = data_rows(p, 0, &rows);
    cr_expect_eq(n, 9, "simulated block has %zu rows, expected 9", n);
    if (n) cr_expect(strncmp(rows[0], "2025-01-06 2025-01-09 ", 22) == 0, "first simulated row: %s", rows[0]);
    free_rows(rows, n);
    n = data_rows(p, 1, &rows);
    cr_expect_eq(n, 9, "observed block has %zu rows, expected 9", n);
    cr_expect_str_eq(rows[0], "2025-01-12 2025-01-09 450");
    cr_expect_str_eq(rows[5], "2025-02-16 2025-02-13 NaN");
    cr_expect_str_eq(rows[n - 1], "2025-03-09 2025-03-06 850");
    free_rows(rows, n);
    free(p);

    /* Comparison: prevented = -(scenario - baseline); rwanda_at_scale has 0.4 x baseline fewer arrivals. */
    p = path_in(out, "cost_prevented.dat");
    n = data_rows(p, 0, &rows);
    cr_expect_eq(n, 2, "cost_prevented has %zu rows, expected 2 scenarios", n);
    double base_total = 0;
    for (int k = 0; k < T_REPS; k++)
        for (int w = 0; w < T_WEEKS; w++) base_total += t_arrivals(1.0, k, w) / T_REPS;
    char name[64];
    int lt;
    double prevented;
    cr_assert_eq(sscanf(rows[0], "%d \"%63[^\"]\" %lf", &lt, name, &prevented), 3, "row: %s", rows[0]);
    cr_expect_eq(lt, 2, "rwanda_at_scale is the second scenario: line type 2, got %d", lt);
    cr_expect_str_eq(name, "rwanda_at_scale");
    cr_expect(fabs(prevented - 0.4 * base_total) <= 1e-9 * base_total, "prevented %g, expected %g", prevented,
              0.4 * base_total);
    free_rows(rows, n);
    free(p);

    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

/* ---- other formats -------------------------------------------------------------- */

Test(plot, svg_format)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s --format svg", h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    for (size_t i = 0; i < 3; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s.svg", series_stems[i]);
        char *p = path_in(out, name), *text = sup_read_file(p, NULL);
        cr_assert_not_null(text, "%s missing", p);
        cr_expect(strncmp(text, "<?xml", 5) == 0, "%s does not start with an XML declaration", p);
        cr_expect(strstr(text, "<svg") && strstr(text, "width=\"1200\"") && strstr(text, "height=\"750\""),
                  "%s: no 1200 x 750 <svg> element", p);
        cr_expect(strstr(text, "</svg>"), "%s is truncated", p);
        free(text);
        free(p);
    }
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

Test(plot, pdf_format)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s --format pdf", h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    for (size_t i = 0; i < 3; i++) {
        char name[128];
        snprintf(name, sizeof name, "%s.pdf", series_stems[i]);
        char *p = path_in(out, name);
        size_t len = 0;
        char *text = sup_read_file(p, &len);
        cr_assert_not_null(text, "%s missing", p);
        cr_expect(len > 8 && strncmp(text, "%PDF-", 5) == 0, "%s: no PDF header", p);
        cr_expect(len > 8 && memmem(text, len, "%%EOF", 5), "%s: no %%%%EOF trailer", p);
        free(text);
        free(p);
    }
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

/* ---- sweeps -------------------------------------------------------------------- */

Test(plot, sweep_file_draws_one_plot_per_parameter)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "sweep.h5"), *out = path_in(dir, "plots");
    write_sweep(h5);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s", h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    static const char *const stems[] = {"sweep_rwanda_deterrence_weight", "sweep_pilot_start_date"};
    assert_plots(out, stems, 2);
    cr_expect_eq(sup_count_entries(out), 6, "a sweep file has no scenarios: only the sweep plots expected");
    /* Rows sorted by the parameter; dates written as dates. */
    char *p = path_in(out, "sweep_rwanda_deterrence_weight.dat"), **rows;
    size_t n = data_rows(p, 0, &rows);
    cr_expect_eq(n, 5);
    cr_expect(strncmp(rows[0], "0 4 ", 4) == 0 && strncmp(rows[4], "1 0 ", 4) == 0, "not sorted: '%s' .. '%s'",
              rows[0], rows[4]);
    free_rows(rows, n);
    free(p);
    p = path_in(out, "sweep_pilot_start_date.dat");
    n = data_rows(p, 0, &rows);
    cr_expect(n == 5 && strncmp(rows[0], "2025-03-01 ", 11) == 0, "first row: %s", n ? rows[0] : "");
    free_rows(rows, n);
    free(p);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

/* The removal-share figure (a Rwanda sweep, tests/data/sweep/small.ini) stops its axis at
 * 200% and its title counts the points beyond, so one point where deterrence has stopped
 * crossings cannot squeeze the thresholds of a few per cent against the axis. */
Test(plot, share_figure_axis_stops_at_200_percent_and_counts_points_beyond, .timeout = 120)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "s.h5"), *out = path_in(dir, "plots");
    sup_result r = sup_chansim(dir, NULL, "sweep tests/data/sweep/small.ini -q -o %s", h5);
    cr_assert_eq(r.status, 0, "sweep failed: %s", r.err);
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "plot %s -o %s", h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    char *dat = path_in(out, "sweep_removal_share.dat"), *gp = path_in(out, "sweep_removal_share.gp"), **rows;
    size_t n = data_rows(dat, 0, &rows), beyond = 0;
    cr_assert_eq(n, 6, "3 x 2 design points expected");
    for (size_t i = 0; i < n; i++) beyond += strtod(rows[i], NULL) > 2.0;
    free_rows(rows, n);
    char *text = sup_read_file(gp, NULL), want[128];
    cr_assert(text, "no %s", gp);
    cr_expect(strstr(text, "xmax = 2 "), "the share axis should stop at 2 (200%%)");
    if (beyond) snprintf(want, sizeof want, "(%zu of 6 points beyond 200%%, not shown)", beyond);
    else snprintf(want, sizeof want, "Outcomes against the realised removal share (6 design points)");
    cr_expect(strstr(text, want), "title should read '%s'", want);
    /* Other sweep figures draw every point. */
    free(text);
    free(gp);
    gp = path_in(out, "sweep_capacity.gp");
    text = sup_read_file(gp, NULL);
    cr_assert(text, "no %s", gp);
    cr_expect(strstr(text, "xmax = 0 "), "a lever's axis has no limit");
    free(text);
    free(gp);
    free(dat);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

/* ---- failures write nothing ------------------------------------------------------ */

Test(plot, missing_gnuplot_on_path)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots"),
         *empty = path_in(dir, "emptybin");
    write_results(h5, 1, 0);
    cr_assert_eq(mkdir(empty, 0700), 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s", h5, out);
    cr_assert_eq(r.status, 0, "control run failed: %s", r.err); /* the same command works with gnuplot */
    sup_result_free(&r);
    sup_rmtree(out);
    char env[600];
    snprintf(env, sizeof env, "PATH='%s'", empty);
    r = sup_chansim(dir, env, "plot %s -o %s", h5, out);
    cr_expect_eq(r.status, 1, "exit %d, expected 1", r.status);
    cr_expect(strstr(r.err, "gnuplot not found on PATH"), "stderr: %s", r.err);
    cr_expect(strstr(r.err, "apt-get install gnuplot-nox"), "no install hint: %s", r.err);
    cr_expect(!sup_exists(out), "%s was created", out);
    cr_expect_eq(sup_count_entries(dir), 2, "stray files in %s", dir); /* run.h5 and emptybin */
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
    free(empty);
}

Test(plot, missing_gnuplot_override_leaves_existing_directory_untouched)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    cr_assert_eq(mkdir(out, 0700), 0);
    sup_result r = sup_chansim(dir, "CHANSIM_GNUPLOT=/nonexistent/gnuplot", "plot %s -o %s", h5, out);
    cr_expect_eq(r.status, 1, "exit %d, expected 1", r.status);
    cr_expect(strstr(r.err, "gnuplot not found") && strstr(r.err, "/nonexistent/gnuplot"), "stderr: %s", r.err);
    cr_expect(strstr(r.err, "apt-get install gnuplot-nox"), "no install hint: %s", r.err);
    cr_expect_eq(sup_count_entries(out), 0, "files written into %s", out);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

Test(plot, bad_format_is_a_usage_error)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s --format gif", h5, out);
    cr_expect_eq(r.status, 2, "exit %d, expected 2 (usage)", r.status);
    cr_expect(strstr(r.err, "png, svg or pdf") && strstr(r.err, "gif"), "stderr: %s", r.err);
    cr_expect(!sup_exists(out));
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "plot");
    cr_expect_eq(r.status, 2, "no results file: exit %d, expected 2", r.status);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

Test(plot, existing_plots_need_force)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s", h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    sup_result_free(&r);
    /* A user's restyled script must survive a second plot without --force. */
    char *gp = path_in(out, "deaths_ppb.gp");
    sup_write_file(gp, "# mine\n");
    r = sup_chansim(dir, NULL, "plot %s -o %s", h5, out);
    cr_expect_eq(r.status, 1, "exit %d, expected 1", r.status);
    cr_expect(strstr(r.err, "exists") && strstr(r.err, "--force"), "stderr: %s", r.err);
    char *text = sup_read_file(gp, NULL);
    cr_expect_str_eq(text, "# mine\n", "deaths_ppb.gp was overwritten without --force");
    free(text);
    cr_expect_eq(sup_count_entries(out), 9, "files added or removed in %s", out);
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "plot %s -o %s --force", h5, out);
    cr_expect_eq(r.status, 0, "with --force: exit %d: %s", r.status, r.err);
    text = sup_read_file(gp, NULL);
    cr_expect(text && strstr(text, "set terminal"), "--force did not regenerate deaths_ppb.gp");
    free(text);
    cr_expect_eq(sup_count_entries(out), 9, "temporary files left in %s", out);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
    free(gp);
}

Test(plot, observed_without_overlap_is_skipped_with_a_note)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s --observed tests/data/plot/observed_2019.csv", h5, out);
    cr_assert_eq(r.status, 0, "exit %d: %s", r.status, r.err);
    cr_expect(strstr(r.err, "observed_weekly not drawn") && strstr(r.err, "do not overlap"), "stderr: %s", r.err);
    char *p = path_in(out, "observed_weekly.png");
    cr_expect(!sup_exists(p));
    assert_plots(out, series_stems, 3);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
    free(p);
}

Test(plot, bad_observed_file_names_file_and_line)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots");
    write_results(h5, 1, 0);
    sup_result r = sup_chansim(dir, NULL, "plot %s -o %s --observed tests/data/plot/observed_bad_date.csv", h5, out);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "observed_bad_date.csv:3: week_ending") && strstr(r.err, "2025-13-12"), "stderr: %s",
              r.err);
    cr_expect(!sup_exists(out));
    sup_result_free(&r);
    r = sup_chansim(dir, NULL, "plot %s -o %s --observed tests/data/plot/observed_no_migrants.csv", h5, out);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "observed_no_migrants.csv:1:") && strstr(r.err, "migrants"), "stderr: %s", r.err);
    cr_expect(!sup_exists(out));
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
}

Test(plot, gnuplot_error_is_reported_and_nothing_written)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots"), *tdir = path_in(dir, "tmpl");
    write_results(h5, 1, 0);
    /* A copy of the templates in which the last plot drawn fails inside gnuplot. */
    sup_result r = sup_shell(dir, "cp -r plots '%s' && printf 'plot no_such_function(x)\\n' >> '%s/deaths_ppb.gp'",
                             tdir, tdir);
    cr_assert_eq(r.status, 0, "%s", r.err);
    sup_result_free(&r);
    char env[600];
    snprintf(env, sizeof env, "CHANSIM_PLOTS_DIR='%s'", tdir);
    r = sup_chansim(dir, env, "plot %s -o %s", h5, out);
    cr_expect_eq(r.status, 1, "exit %d, expected 1", r.status);
    cr_expect(strstr(r.err, "deaths_ppb.gp") && strstr(r.err, "gnuplot failed"), "stderr: %s", r.err);
    cr_expect(strstr(r.err, "no_such_function"), "gnuplot's own message not quoted: %s", r.err);
    cr_expect(!sup_exists(out), "%s created although a plot failed", out);
    cr_expect_eq(sup_count_entries(dir), 2, "temporary files left in %s", dir); /* run.h5, tmpl */
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
    free(tdir);
}

/* Issue #14: a gnuplot that hangs is killed after CHANSIM_GNUPLOT_TIMEOUT seconds; the plot
 * fails saying so and writes nothing. `probe_too`: it hangs on the terminal probe as well. */
static void hung_gnuplot(int probe_too)
{
    char *dir = sup_tmpdir(), *h5 = path_in(dir, "run.h5"), *out = path_in(dir, "plots"), *fake = path_in(dir, "gp");
    write_results(h5, 1, 0);
    sup_write_file(fake, probe_too ? "#!/bin/sh\nexec sleep 60\n"
                                   : "#!/bin/sh\nif [ \"$1\" = -e ]; then exec gnuplot \"$@\"; fi\nexec sleep 60\n");
    cr_assert_eq(chmod(fake, 0700), 0);
    char env[600];
    snprintf(env, sizeof env, "CHANSIM_GNUPLOT='%s' CHANSIM_GNUPLOT_TIMEOUT=1", fake);
    sup_result r = sup_chansim(dir, env, "plot %s -o %s", h5, out);
    cr_expect_eq(r.status, 1, "exit %d, expected 1", r.status);
    cr_expect(strstr(r.err, "did not finish within 1 s and was killed"), "stderr: %s", r.err);
    cr_expect(!probe_too || strstr(r.err, "terminals"), "stderr: %s", r.err);
    cr_expect(!sup_exists(out), "%s created although gnuplot hung", out);
    cr_expect_eq(sup_count_entries(dir), 2, "temporary files left in %s", dir); /* run.h5, gp */
    sup_result_free(&r);
    r = sup_chansim(dir, "CHANSIM_GNUPLOT_TIMEOUT=0", "plot %s -o %s", h5, out);
    cr_expect_eq(r.status, 2, "a bad timeout is a usage error: exit %d", r.status);
    cr_expect(strstr(r.err, "CHANSIM_GNUPLOT_TIMEOUT"), "stderr: %s", r.err);
    sup_result_free(&r);
    sup_rmtree(dir);
    free(dir);
    free(h5);
    free(out);
    free(fake);
}

Test(plot, hung_gnuplot_script_is_killed, .timeout = 60) { hung_gnuplot(0); }
Test(plot, hung_gnuplot_probe_is_killed, .timeout = 60) { hung_gnuplot(1); }

/* ---- library units ------------------------------------------------------------- */

Test(plot_template, fills_placeholders_and_reports_unknown_ones)
{
    plot_subst subs[] = {{"TITLE", "It''s"}, {"N", "3"}};
    char *out = NULL;
    cr_assert_eq(plot_template_fill("set title '@TITLE@' # @N@ @x @ @@ a@b.c\n", "t.gp", subs, 2, &out), SIM_OK,
                 "%s", sim_error_message());
    cr_expect_str_eq(out, "set title 'It''s' # 3 @x @ @@ a@b.c\n");
    free(out);
    cr_expect_eq(plot_template_fill("ok\nline two @N@\n@MISSING@\n", "t.gp", subs, 2, &out), SIM_ERR_CONFIG);
    cr_expect(strstr(sim_error_message(), "t.gp:3: unknown placeholder @MISSING@"), "%s", sim_error_message());
    sim_error_clear();
    char *q = plot_template_quote("a'b\nc");
    cr_expect_str_eq(q, "a''b c");
    free(q);
}

Test(plot_template, date_tics_step_and_fallback)
{
    int a, b;
    char *t = NULL;
    cr_assert_eq(cfg_parse_date("2025-01-01", &a), SIM_OK);
    cr_assert_eq(cfg_parse_date("2026-12-31", &b), SIM_OK);
    cr_assert_eq(plot_date_tics(a, b, 12, &t), SIM_OK);
    /* 24 months: monthly would give 24 tics, every 2 months gives 12. */
    cr_expect(strncmp(t, "(\"2025-01-01\", \"2025-03-01\", ", 28) == 0, "%s", t);
    cr_expect(strstr(t, "\"2026-11-01\")"), "%s", t);
    free(t);
    cr_assert_eq(plot_date_tics(a, b, 4, &t), SIM_OK);
    cr_expect_str_eq(t, "(\"2025-01-01\", \"2025-07-01\", \"2026-01-01\", \"2026-07-01\")");
    free(t);
    cr_assert_eq(plot_date_tics(a + 2, a + 20, 12, &t), SIM_OK);
    cr_expect_str_eq(t, "autofreq");
    free(t);
}

Test(plot_template, observed_csv_reader)
{
    plot_observed *o = NULL;
    cr_assert_eq(plot_observed_read(OBSERVED, &o), SIM_OK, "%s", sim_error_message());
    cr_expect_eq(o->n, 13);
    int d;
    cr_assert_eq(cfg_parse_date("2025-01-05", &d), SIM_OK);
    cr_expect_eq(o->week_ending[0], d);
    cr_expect_eq(o->migrants[0], 400);
    cr_expect(isnan(o->migrants[6]), "an empty field must read as NaN");
    plot_observed_destroy(&o);
    cr_expect_eq(plot_observed_read("tests/data/plot/no_such_file.csv", &o), SIM_ERR_IO);
    cr_expect_null(o);
    sim_error_clear();
}
