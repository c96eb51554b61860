/**
 * @file test_design.c
 * @brief Sweep designs (sim/experiments/design.h): grid crossing order, Latin hypercube
 *        stratification, Sobol points against GSL and known values, CSV point lists.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_qrng.h>

#include "sim/experiments/design.h"

/* ---- grid ------------------------------------------------------------------ */

Test(design, grid_crosses_first_axis_slowest)
{
    const double a[] = {1, 2}, b[] = {10, 20, 30};
    design_axis axes[2] = {{a, 2}, {b, 3}};
    double *x = NULL;
    size_t n = 0;
    cr_assert_eq(design_grid(axes, 2, 1000, &x, &n), SIM_OK);
    cr_assert_eq(n, 6);
    const double expect[6][2] = {{1, 10}, {1, 20}, {1, 30}, {2, 10}, {2, 20}, {2, 30}};
    for (size_t i = 0; i < n; i++)
        for (int d = 0; d < 2; d++)
            cr_assert_eq(x[i * 2 + d], expect[i][d], "point %zu dim %d: %g", i, d, x[i * 2 + d]);
    free(x);
}

Test(design, grid_three_axes_index_formula)
{
    const double a[] = {0, 1, 2}, b[] = {0, 1}, c[] = {0, 1, 2, 3};
    design_axis axes[3] = {{a, 3}, {b, 2}, {c, 4}};
    double *x = NULL;
    size_t n = 0;
    cr_assert_eq(design_grid(axes, 3, 1000, &x, &n), SIM_OK);
    cr_assert_eq(n, 24);
    for (size_t i0 = 0; i0 < 3; i0++)
        for (size_t i1 = 0; i1 < 2; i1++)
            for (size_t i2 = 0; i2 < 4; i2++) {
                size_t p = (i0 * 2 + i1) * 4 + i2;
                cr_assert_eq(x[p * 3 + 0], (double)i0);
                cr_assert_eq(x[p * 3 + 1], (double)i1);
                cr_assert_eq(x[p * 3 + 2], (double)i2);
            }
    free(x);
}

Test(design, grid_refuses_empty_axis_and_too_many_points)
{
    const double a[] = {1, 2};
    design_axis empty[2] = {{a, 2}, {a, 0}};
    double *x = NULL;
    size_t n = 0;
    cr_assert_eq(design_grid(empty, 2, 1000, &x, &n), SIM_ERR_CONFIG);
    cr_assert_null(x);
    sim_error_clear();
    design_axis big[2] = {{a, 2}, {a, 2}};
    cr_assert_eq(design_grid(big, 2, 3, &x, &n), SIM_ERR_CONFIG);
    cr_assert(strstr(sim_error_message(), "more than 3 points"), "%s", sim_error_message());
    sim_error_clear();
}

/* ---- Latin hypercube ---------------------------------------------------------- */

Test(design, lhs_hits_each_stratum_once_per_dimension)
{
    enum { N = 97, D = 4 };
    const double lo[D] = {0, -5, 100, 0.25}, hi[D] = {1, 5, 20100, 0.5};
    double *x = NULL;
    cr_assert_eq(design_lhs(lo, hi, D, N, 42, &x), SIM_OK);
    for (int d = 0; d < D; d++) {
        int hits[N] = {0};
        for (int i = 0; i < N; i++) {
            double v = x[i * D + d];
            cr_assert(v > lo[d] && v < hi[d], "dim %d point %d: %g outside (%g, %g)", d, i, v, lo[d], hi[d]);
            int s = (int)floor((v - lo[d]) / (hi[d] - lo[d]) * N);
            cr_assert(s >= 0 && s < N);
            hits[s]++;
        }
        for (int s = 0; s < N; s++) cr_assert_eq(hits[s], 1, "dim %d stratum %d hit %d times", d, s, hits[s]);
    }
    free(x);
}

Test(design, lhs_is_deterministic_in_its_seed)
{
    const double lo[2] = {0, 0}, hi[2] = {1, 1};
    double *a = NULL, *b = NULL, *c = NULL;
    cr_assert_eq(design_lhs(lo, hi, 2, 20, 7, &a), SIM_OK);
    cr_assert_eq(design_lhs(lo, hi, 2, 20, 7, &b), SIM_OK);
    cr_assert_eq(design_lhs(lo, hi, 2, 20, 8, &c), SIM_OK);
    cr_assert_eq(memcmp(a, b, 40 * sizeof *a), 0, "same seed, different design");
    cr_assert_neq(memcmp(a, c, 40 * sizeof *a), 0, "different seeds, same design");
    /* Dimensions are independent: the two columns are not the same permutation. */
    int same = 0;
    for (int i = 0; i < 20; i++) same += floor(a[2 * i] * 20) == floor(a[2 * i + 1] * 20);
    cr_assert_lt(same, 20);
    free(a);
    free(b);
    free(c);
}

Test(design, lhs_refuses_empty_range)
{
    const double lo[1] = {3}, hi[1] = {3};
    double *x = NULL;
    cr_assert_eq(design_lhs(lo, hi, 1, 10, 1, &x), SIM_ERR_CONFIG);
    cr_assert(strstr(sim_error_message(), "empty range"), "%s", sim_error_message());
    cr_assert_null(x);
    sim_error_clear();
}

/* ---- Sobol ----------------------------------------------------------------- */

Test(design, sobol_matches_gsl_and_known_points)
{
    enum { N = 64, D = 3 };
    const double lo[D] = {0, 0, 0}, hi[D] = {1, 1, 1};
    double *x = NULL;
    cr_assert_eq(design_sobol(lo, hi, D, N, &x), SIM_OK);
    /* The first points of the Sobol sequence (GSL skips the origin). */
    const double known[4][2] = {{0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75}, {0.375, 0.375}};
    for (int i = 0; i < 4; i++)
        for (int d = 0; d < 2; d++)
            cr_assert_float_eq(x[i * D + d], known[i][d], 1e-15, "point %d dim %d: %g", i, d, x[i * D + d]);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, D);
    for (int i = 0; i < N; i++) {
        double u[D];
        gsl_qrng_get(q, u);
        for (int d = 0; d < D; d++) cr_assert_eq(x[i * D + d], u[d], "point %d dim %d", i, d);
    }
    gsl_qrng_free(q);
    free(x);
}

Test(design, sobol_scales_to_ranges_and_limits_dimensions)
{
    const double lo[2] = {100, -1}, hi[2] = {300, 1};
    double *x = NULL;
    cr_assert_eq(design_sobol(lo, hi, 2, 2, &x), SIM_OK);
    cr_assert_float_eq(x[0], 200, 1e-12);
    cr_assert_float_eq(x[1], 0, 1e-12);
    cr_assert_float_eq(x[2], 250, 1e-12);
    cr_assert_float_eq(x[3], -0.5, 1e-12);
    free(x);
    double l[41] = {0}, h[41];
    for (int i = 0; i < 41; i++) h[i] = 1;
    x = NULL;
    cr_assert_eq(design_sobol(l, h, 41, 4, &x), SIM_ERR_CONFIG);
    cr_assert(strstr(sim_error_message(), "at most 40"), "%s", sim_error_message());
    sim_error_clear();
}

Test(design, kind_names_round_trip)
{
    const char *names[] = {"grid", "lhs", "sobol", "list"};
    for (int i = 0; i < 4; i++) {
        design_kind k;
        cr_assert_eq(design_kind_parse(names[i], &k), SIM_OK);
        cr_assert_str_eq(design_kind_name(k), names[i]);
    }
    design_kind k;
    cr_assert_eq(design_kind_parse("factorial", &k), SIM_ERR_CONFIG);
    cr_assert(strstr(sim_error_message(), "unknown design 'factorial'"), "%s", sim_error_message());
    sim_error_clear();
}

/* ---- CSV point lists ------------------------------------------------------- */

/* Write text to a new temporary file; path receives its name. */
static void write_temp(char *path, size_t size, const char *text)
{
    snprintf(path, size, "/tmp/chansim_test_design_XXXXXX");
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
}

Test(design, csv_reads_header_rows_and_lines)
{
    char path[64];
    write_temp(path, sizeof path, "# a comment\n rwanda.capacity_per_year , deterrence.strength\n\n0, 1\n  5000,2  \n");
    design_csv *c = NULL;
    cr_assert_eq(design_csv_read(path, &c), SIM_OK, "%s", sim_error_message());
    cr_assert_eq(c->ncols, 2);
    cr_assert_eq(c->nrows, 2);
    cr_assert_str_eq(c->header[0], "rwanda.capacity_per_year");
    cr_assert_str_eq(c->header[1], "deterrence.strength");
    cr_assert_str_eq(c->cells[2], "5000");
    cr_assert_str_eq(c->cells[3], "2");
    cr_assert_eq(c->lines[0], 4);
    cr_assert_eq(c->lines[1], 5);
    design_csv_destroy(&c);
    cr_assert_null(c);
    unlink(path);
}

/* Each malformed list is refused with a message naming file:line (or the file). */
Test(design, csv_parse_errors_name_the_line)
{
    static const struct {
        const char *text, *expect;
    } cases[] = {
        {"a.b,c.d\n1,2\n3\n", ":3: 1 fields, but the header has 2"},
        {"a.b,c.d\n1,\n", ":2: column 'c.d' is empty"},
        {"a.b,a.b\n1,2\n", ":1: column 'a.b' is given twice"},
        {"a.b,,c.d\n1,2,3\n", ":1: header field 2 is empty"},
        {"a.b,c.d\n# nothing\n", ": no points after the header"},
        {"\n# only comments\n", ": no header line"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[64];
        write_temp(path, sizeof path, cases[i].text);
        design_csv *c = NULL;
        cr_assert_eq(design_csv_read(path, &c), SIM_ERR_CONFIG, "case %zu accepted", i);
        cr_assert_null(c);
        char want[128];
        snprintf(want, sizeof want, "%s%s", path, cases[i].expect);
        cr_assert(strstr(sim_error_message(), want), "case %zu: '%s' lacks '%s'", i, sim_error_message(), want);
        sim_error_clear();
        unlink(path);
    }
    design_csv *c = NULL;
    cr_assert_eq(design_csv_read("/nonexistent/points.csv", &c), SIM_ERR_IO);
    cr_assert(strstr(sim_error_message(), "/nonexistent/points.csv"), "%s", sim_error_message());
    sim_error_clear();
}
