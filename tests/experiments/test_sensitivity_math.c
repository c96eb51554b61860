/**
 * @file test_sensitivity_math.c
 * @brief Known-answer tests of the sensitivity estimators (sim/experiments/morris.h,
 *        sobol_sa.h, sensitivity_stats.h) on functions whose indices are known
 *        analytically; nothing here runs the model.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/experiments/morris.h"
#include "sim/experiments/sensitivity_stats.h"
#include "sim/experiments/sobol_sa.h"

#define PI 3.14159265358979323846

/* ---- Sobol indices ---------------------------------------------------------- */

/* Ishigami function (Ishigami & Homma 1990) on [-pi, pi]^3, with a=7, b=0.1; x[3] is a dummy. */
static double ishigami(const double *u)
{
    const double a = 7.0, b = 0.1;
    double x1 = -PI + 2 * PI * u[0], x2 = -PI + 2 * PI * u[1], x3 = -PI + 2 * PI * u[2];
    return sin(x1) + a * sin(x2) * sin(x2) + b * pow(x3, 4) * sin(x1);
}

static double *evaluate(double (*f)(const double *), const double *x, size_t npoints, int k)
{
    double *y = calloc(npoints, sizeof *y);
    cr_assert(y);
    for (size_t i = 0; i < npoints; i++) y[i] = f(x + i * (size_t)k);
    return y;
}

Test(sensitivity_math, ishigami_first_and_total_within_tolerance)
{
    const int k = 4; /* the fourth factor does not enter the function */
    const size_t n = 8192;
    double *x = NULL;
    cr_assert_eq(sobol_sa_design(k, n, &x), SIM_OK);
    double *y = evaluate(ishigami, x, sobol_sa_points(k, n), k);
    sobol_index idx[4];
    double v = 0;
    cr_assert_eq(sobol_sa_indices(k, n, y, 500, 0.95, 7, idx, &v), SIM_OK);
    /* Analytic values (Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, 4.5). */
    const double a = 7.0, b = 0.1, pi4 = pow(PI, 4), pi8 = pow(PI, 8);
    double V = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    double V1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), V2 = a * a / 8, V13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
    double S[4] = {V1 / V, V2 / V, 0, 0}, ST[4] = {(V1 + V13) / V, V2 / V, V13 / V, 0};
    cr_assert_float_eq(v, V, 0.02 * V, "variance %g vs %g", v, V);
    /* Tolerance 0.02: the quasi-random error of these estimators at N = 8192 is below 0.01. */
    for (int i = 0; i < k; i++) {
        cr_assert_float_eq(idx[i].first, S[i], 0.02, "S%d = %g, analytic %g", i + 1, idx[i].first, S[i]);
        cr_assert_float_eq(idx[i].total, ST[i], 0.02, "ST%d = %g, analytic %g", i + 1, idx[i].total, ST[i]);
        cr_assert(idx[i].first_lo <= idx[i].first && idx[i].first <= idx[i].first_hi, "S%d outside its interval", i + 1);
        cr_assert(idx[i].total_lo <= idx[i].total && idx[i].total <= idx[i].total_hi, "ST%d outside its interval", i + 1);
    }
    /* x3 acts only through its interaction with x1: its first-order interval holds 0. */
    cr_assert(idx[2].first_lo <= 0 && 0 <= idx[2].first_hi, "S3 interval [%g, %g]", idx[2].first_lo, idx[2].first_hi);
    /* The dummy: exactly 0, interval [0, 0]. */
    cr_assert(idx[3].first == 0 && idx[3].total == 0);
    cr_assert(idx[3].first_lo <= 0 && 0 <= idx[3].first_hi && idx[3].total_lo <= 0 && 0 <= idx[3].total_hi);
    free(x);
    free(y);
}

/* Sobol G-function (Saltelli & Sobol 1995) with a = 0, 1, 4.5, 9, 99, 99. */
static const double g_a[6] = {0, 1, 4.5, 9, 99, 99};
static double g_function(const double *u)
{
    double g = 1;
    for (int i = 0; i < 6; i++) g *= (fabs(4 * u[i] - 2) + g_a[i]) / (1 + g_a[i]);
    return g;
}

Test(sensitivity_math, g_function_first_and_total_within_tolerance)
{
    const int k = 6;
    const size_t n = 8192;
    double *x = NULL;
    cr_assert_eq(sobol_sa_design(k, n, &x), SIM_OK);
    double *y = evaluate(g_function, x, sobol_sa_points(k, n), k);
    sobol_index idx[6];
    cr_assert_eq(sobol_sa_indices(k, n, y, 300, 0.95, 11, idx, NULL), SIM_OK);
    /* V_i = 1 / (3 (1 + a_i)^2), V = prod (1 + V_i) - 1, S_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V. */
    double vi[6], prod = 1;
    for (int i = 0; i < k; i++) {
        vi[i] = 1.0 / (3 * (1 + g_a[i]) * (1 + g_a[i]));
        prod *= 1 + vi[i];
    }
    double V = prod - 1;
    for (int i = 0; i < k; i++) {
        double s = vi[i] / V, st = vi[i] * (prod / (1 + vi[i])) / V;
        /* Tolerance 0.03: the G-function's kinks make its estimators noisier than Ishigami's. */
        cr_assert_float_eq(idx[i].first, s, 0.03, "S%d = %g, analytic %g", i + 1, idx[i].first, s);
        cr_assert_float_eq(idx[i].total, st, 0.03, "ST%d = %g, analytic %g", i + 1, idx[i].total, st);
    }
    /* Near-inert factors (a = 99): indices of about 3e-5, so the first-order interval holds 0. */
    cr_assert(idx[5].first_lo <= 0 && 0 <= idx[5].first_hi, "S6 interval [%g, %g]", idx[5].first_lo, idx[5].first_hi);
    free(x);
    free(y);
}

Test(sensitivity_math, saltelli_design_structure)
{
    const int k = 3;
    const size_t n = 16;
    double *x = NULL;
    cr_assert_eq(sobol_sa_design(k, n, &x), SIM_OK);
    for (size_t r = 0; r < n; r++) {
        const double *a = x + r * (k + 2) * k, *b = a + k;
        for (int i = 0; i < k; i++) {
            const double *ab = a + (2 + i) * k;
            for (int j = 0; j < k; j++) cr_assert_eq(ab[j], j == i ? b[j] : a[j]);
        }
        for (int j = 0; j < (k + 2) * k; j++) cr_assert(a[j] > 0 && a[j] < 1);
    }
    free(x);
    cr_assert_eq(sobol_sa_design(21, 64, &x), SIM_ERR_CONFIG);
    cr_assert_eq(sobol_sa_design(3, 15, &x), SIM_ERR_CONFIG);
    cr_assert_null(x);
}

Test(sensitivity_math, constant_output_gives_zero_indices)
{
    const int k = 2;
    const size_t n = 16;
    double y[16 * 4];
    for (size_t i = 0; i < 16 * 4; i++) y[i] = 5.0;
    sobol_index idx[2];
    cr_assert_eq(sobol_sa_indices(k, n, y, 50, 0.9, 1, idx, NULL), SIM_OK);
    for (int i = 0; i < k; i++) cr_assert(idx[i].first == 0 && idx[i].total == 0 && idx[i].total_hi == 0);
}

/* ---- Morris ------------------------------------------------------------------- */

Test(sensitivity_math, morris_trajectories_step_one_factor_on_the_grid)
{
    morris_spec sp = {.factors = 5, .trajectories = 6, .levels = 4, .candidates = 30, .seed = 3};
    double *x = NULL;
    cr_assert_eq(morris_design(&sp, &x), SIM_OK);
    const double delta = 4.0 / 6.0;
    for (int t = 0; t < 6; t++) {
        int seen[5] = {0};
        for (int j = 0; j < 5; j++) {
            const double *p = x + (size_t)(t * 6 + j) * 5, *q = p + 5;
            int moved = -1, count = 0;
            for (int i = 0; i < 5; i++) {
                cr_assert(p[i] >= 0 && p[i] <= 1 && q[i] >= 0 && q[i] <= 1);
                double level = p[i] * 3; /* grid levels 0, 1/3, 2/3, 1 */
                cr_assert_float_eq(level, nearbyint(level), 1e-12);
                if (p[i] != q[i]) moved = i, count++;
            }
            cr_assert_eq(count, 1, "trajectory %d step %d moves %d factors", t, j, count);
            cr_assert_float_eq(fabs(q[moved] - p[moved]), delta, 1e-12);
            seen[moved]++;
        }
        for (int i = 0; i < 5; i++) cr_assert_eq(seen[i], 1, "each factor moves once per trajectory");
    }
    double *x2 = NULL;
    cr_assert_eq(morris_design(&sp, &x2), SIM_OK);
    cr_assert(memcmp(x, x2, morris_points(&sp) * 5 * sizeof *x) == 0, "same seed, same design");
    free(x2);
    sp.seed = 4;
    cr_assert_eq(morris_design(&sp, &x2), SIM_OK);
    cr_assert(memcmp(x, x2, morris_points(&sp) * 5 * sizeof *x) != 0, "another seed, another design");
    free(x);
    free(x2);
}

/* Campolongo (2007) spread of r trajectories: sum over pairs of the squared sum of point distances. */
static double spread(const double *x, int r, int k)
{
    double total = 0;
    for (int m = 0; m < r; m++)
        for (int l = m + 1; l < r; l++) {
            double d = 0;
            for (int i = 0; i <= k; i++)
                for (int j = 0; j <= k; j++) {
                    double s = 0;
                    for (int z = 0; z < k; z++)
                        s += pow(x[((size_t)m * (k + 1) + i) * k + z] - x[((size_t)l * (k + 1) + j) * k + z], 2);
                    d += sqrt(s);
                }
            total += d * d;
        }
    return total;
}

Test(sensitivity_math, morris_selection_spreads_the_trajectories)
{
    /* The kept trajectories are more spread out than the first r candidates (the same draws unselected). */
    morris_spec all = {.factors = 4, .trajectories = 5, .levels = 4, .candidates = 5, .seed = 9};
    morris_spec sel = all;
    sel.candidates = 60;
    double *xa = NULL, *xs = NULL;
    cr_assert_eq(morris_design(&all, &xa), SIM_OK);
    cr_assert_eq(morris_design(&sel, &xs), SIM_OK);
    double sa = spread(xa, 5, 4), ss = spread(xs, 5, 4);
    cr_assert(ss > sa, "selected spread %g <= unselected %g", ss, sa);
    free(xa);
    free(xs);
}

static const double lin_b[5] = {2.0, -3.0, 0.0, 0.5, 10.0};
static double linear(const double *u)
{
    double y = 1;
    for (int i = 0; i < 5; i++) y += lin_b[i] * u[i];
    return y;
}

Test(sensitivity_math, morris_linear_function_effects_are_its_coefficients)
{
    morris_spec sp = {.factors = 5, .trajectories = 10, .levels = 6, .candidates = 40, .seed = 5};
    double *x = NULL;
    cr_assert_eq(morris_design(&sp, &x), SIM_OK);
    double *y = evaluate(linear, x, morris_points(&sp), 5);
    double ee[10 * 5];
    cr_assert_eq(morris_effects(5, 10, x, y, ee), SIM_OK);
    morris_stat m[5];
    cr_assert_eq(morris_statistics(5, 10, ee, 200, 0.95, 5, m), SIM_OK);
    for (int i = 0; i < 5; i++) {
        cr_assert_float_eq(m[i].mu, lin_b[i], 1e-9, "mu_%d = %g", i, m[i].mu);
        cr_assert_float_eq(m[i].mu_star, fabs(lin_b[i]), 1e-9);
        cr_assert_float_eq(m[i].sigma, 0, 1e-9);
        cr_assert_float_eq(m[i].mu_star_lo, fabs(lin_b[i]), 1e-9);
        cr_assert_float_eq(m[i].mu_star_hi, fabs(lin_b[i]), 1e-9);
    }
    /* The dummy factor: mu* = 0 and its interval includes 0. */
    cr_assert(m[2].mu_star == 0 && m[2].mu_star_lo <= 0 && 0 <= m[2].mu_star_hi);
    free(x);
    free(y);
}

/* y = x0 + 4 x0 x1: the effect of x0 is 1 + 4 x1, of x1 it is 4 x0, at the step's other coordinates. */
static double interaction(const double *u) { return u[0] + 4 * u[0] * u[1]; }

Test(sensitivity_math, morris_interaction_effects_and_sigma)
{
    morris_spec sp = {.factors = 3, .trajectories = 12, .levels = 4, .candidates = 12, .seed = 2};
    double *x = NULL;
    cr_assert_eq(morris_design(&sp, &x), SIM_OK);
    double *y = evaluate(interaction, x, morris_points(&sp), 3);
    double ee[12 * 3];
    cr_assert_eq(morris_effects(3, 12, x, y, ee), SIM_OK);
    double mean0 = 0, mean1 = 0;
    for (int t = 0; t < 12; t++)
        for (int j = 0; j < 3; j++) {
            const double *p = x + (size_t)(t * 4 + j) * 3, *q = p + 3;
            if (p[0] != q[0]) cr_assert_float_eq(ee[t * 3 + 0], 1 + 4 * p[1], 1e-9);
            if (p[1] != q[1]) cr_assert_float_eq(ee[t * 3 + 1], 4 * p[0], 1e-9);
            if (p[2] != q[2]) cr_assert_eq(ee[t * 3 + 2], 0.0);
        }
    for (int t = 0; t < 12; t++) mean0 += ee[t * 3] / 12, mean1 += ee[t * 3 + 1] / 12;
    morris_stat m[3];
    cr_assert_eq(morris_statistics(3, 12, ee, 300, 0.9, 2, m), SIM_OK);
    cr_assert_float_eq(m[0].mu, mean0, 1e-12);
    cr_assert_float_eq(m[1].mu_star, mean1, 1e-12); /* effects of x1 are >= 0, so mu* = mu */
    cr_assert(m[0].sigma > 0 && m[1].sigma > 0, "interactions spread the effects");
    cr_assert(m[0].mu_star_lo <= m[0].mu_star && m[0].mu_star <= m[0].mu_star_hi);
    cr_assert(m[2].mu_star == 0 && m[2].mu_star_lo == 0 && m[2].mu_star_hi == 0);
    free(x);
    free(y);
}

Test(sensitivity_math, morris_refuses_bad_specs)
{
    double *x = NULL;
    morris_spec few = {.factors = 3, .trajectories = 3, .levels = 4, .candidates = 3, .seed = 1};
    cr_assert_eq(morris_design(&few, &x), SIM_ERR_CONFIG);
    morris_spec odd = {.factors = 3, .trajectories = 4, .levels = 5, .candidates = 4, .seed = 1};
    cr_assert_eq(morris_design(&odd, &x), SIM_ERR_CONFIG);
    morris_spec cand = {.factors = 3, .trajectories = 8, .levels = 4, .candidates = 4, .seed = 1};
    cr_assert_eq(morris_design(&cand, &x), SIM_ERR_CONFIG);
    cr_assert_null(x);
}

/* ---- noise share ---------------------------------------------------------------- */

Test(sensitivity_math, noise_share_known_values)
{
    /* Two points, two replications: point means 1 and 3, within variance 2 each. */
    const double y[4] = {0, 2, 2, 4};
    sa_noise n = sa_noise_share(y, 2, 2);
    cr_assert_float_eq(n.within, 2.0, 1e-12);
    cr_assert_float_eq(n.between_means, 2.0, 1e-12);
    /* total: values 0 2 2 4, mean 2, sum of squares 8, / 3 */
    cr_assert_float_eq(n.total, 8.0 / 3.0, 1e-12);
    cr_assert_float_eq(n.share, 2.0 / (8.0 / 3.0), 1e-12);
    cr_assert_float_eq(n.share_of_mean, (2.0 / 2) / 2.0, 1e-12);
    const double flat[4] = {1, 1, 1, 1};
    n = sa_noise_share(flat, 2, 2);
    cr_assert(isnan(n.share) && isnan(n.share_of_mean));
}
