/**
 * @file test_qtable.c
 * @brief Quantile tables (sim/engine/qtable.h): known answers at the table's points
 *        and in its exact outer intervals, a bound on the error of interpolation, a
 *        chi-square goodness of fit on Philox words, and bad arguments.
 *
 * Tolerances: the CDF error bound 5e-5 for the standard normal on 2^12 intervals
 * comes from h^2 |x| / (8 phi(x)) at the innermost interpolated point (x = -3.35,
 * 1.7e-5) with a margin; the fit uses the rule of tests/engine/test_samplers.c
 * (reject below p = 1e-7), and its negative control must be rejected.
 */
#include <criterion/criterion.h>

#include <float.h>
#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "sim/engine/qtable.h"
#include "sim/engine/rng.h"

enum { BITS = 12, N_FIT = 200000, PIT_BINS = 100 };
static const double P_MIN = 1e-7;

static double normal_q(double u, const double par[QTABLE_PARAMS])
{
    return par[0] + par[1] * gsl_cdf_ugaussian_Pinv(u);
}

static qtable *normal_table(double mu, double sd)
{
    const double par[QTABLE_PARAMS] = {mu, sd, 0, 0};
    qtable *t = NULL;
    cr_assert_eq(qtable_create(normal_q, par, BITS, &t), SIM_OK, "%s", sim_error_message());
    return t;
}

Test(qtable, table_points_and_outer_intervals_are_exact)
{
    qtable *t = normal_table(0, 1);
    const uint32_t shift = 32 - BITS;
    for (uint32_t i = 1; i < (1u << BITS) - 1; i += 37) {
        /* The first word of interval i sits 0.5 / 2^shift of an interval past point i. */
        double x = qtable_draw(t, i << shift), want = gsl_cdf_ugaussian_Pinv((double)i / (1 << BITS));
        cr_assert_float_eq(x, want, 1e-5, "interval %u: %.9g vs %.9g", i, x, want);
    }
    /* Outer intervals: the quantile function itself, into the far tails. */
    const uint32_t words[] = {0u, 1u, 12345u, (1u << shift) - 1u, UINT32_MAX - 5u, UINT32_MAX};
    for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
        double u = ((double)words[k] + 0.5) / 4294967296.0;
        cr_assert_float_eq(qtable_draw(t, words[k]), gsl_cdf_ugaussian_Pinv(u), 1e-12, "word %u", words[k]);
    }
    cr_assert_lt(qtable_draw(t, 0), -6.0);
    cr_assert_gt(qtable_draw(t, UINT32_MAX), 6.0);
    qtable_destroy(&t);
    cr_assert_null(t);
}

Test(qtable, interpolation_error_of_the_cdf_is_bounded)
{
    qtable *t = normal_table(0, 1);
    double worst = 0, prev = -INFINITY;
    for (uint64_t w = 0; w <= UINT32_MAX; w += 65537) {
        double x = qtable_draw(t, (uint32_t)w), u = ((double)w + 0.5) / 4294967296.0;
        double e = fabs(gsl_cdf_ugaussian_P(x) - u);
        worst = e > worst ? e : worst;
        cr_assert_geq(x, prev, "not monotone at word %llu", (unsigned long long)w);
        prev = x;
    }
    cr_assert_lt(worst, 5e-5, "largest CDF error %g", worst);
    qtable_destroy(&t);
}

/* qtable_drawf is qtable_draw to within float rounding (a few units in the last
 * place of the interval's ends), exactly so in the outer intervals, and monotone. */
Test(qtable, single_precision_draw_matches_the_double_one)
{
    qtable *t = normal_table(2.0, 1.5);
    float prev = -INFINITY;
    for (uint64_t w = 0; w <= UINT32_MAX; w += 4099) {
        float xf = qtable_drawf(t, (uint32_t)w);
        double x = qtable_draw(t, (uint32_t)w);
        uint32_t i = (uint32_t)w >> t->shift; /* the rounding is relative to the interval's ends */
        double scale = i == 0 || i == t->n - 1 ? fabs(x) : fmax(fabs(t->x[i]), fabs(t->x[i + 1]));
        cr_assert_float_eq(xf, x, 4 * FLT_EPSILON * scale, "word %llu: %.9g vs %.12g", (unsigned long long)w, xf, x);
        cr_assert_geq(xf, prev, "not monotone at word %llu", (unsigned long long)w);
        prev = xf;
    }
    for (uint64_t w = 0; w <= UINT32_MAX; w += 65521) /* the constant-bits form: the same bits */
        cr_assert_eq(qtable_drawf_bits(t, (uint32_t)w, BITS), qtable_drawf(t, (uint32_t)w), "word %llu",
                     (unsigned long long)w);
    const uint32_t outer[] = {0u, 7u, UINT32_MAX};
    for (size_t k = 0; k < sizeof outer / sizeof outer[0]; k++)
        cr_assert_eq(qtable_drawf(t, outer[k]), (float)qtable_draw(t, outer[k]), "word %u", outer[k]);
    for (size_t k = 0; k < sizeof outer / sizeof outer[0]; k++)
        cr_assert_eq(qtable_drawf_bits(t, outer[k], BITS), qtable_drawf(t, outer[k]), "word %u", outer[k]);
    qtable_destroy(&t);
}

/* Chi-square over PIT_BINS equal bins of Phi((X - mu) / sd) for N_FIT draws from Philox words. */
static double pit_p(const qtable *t, double mu, double sd, uint32_t entity)
{
    unsigned long hist[PIT_BINS] = {0};
    for (uint32_t i = 0; i < N_FIT / 4; i++) {
        uint32_t w[4];
        rng_block((rng_key){20250101u, 0}, RNG_TEST, entity, i, w);
        for (int k = 0; k < 4; k++) {
            int b = (int)(gsl_cdf_gaussian_P(qtable_draw(t, w[k]) - mu, sd) * PIT_BINS);
            hist[b < 0 ? 0 : b >= PIT_BINS ? PIT_BINS - 1 : b]++;
        }
    }
    double e = (double)N_FIT / PIT_BINS, stat = 0;
    for (int b = 0; b < PIT_BINS; b++) stat += (hist[b] - e) * (hist[b] - e) / e;
    return gsl_cdf_chisq_Q(stat, PIT_BINS - 1);
}

Test(qtable, normal_draws_fit_and_a_wrong_reference_is_rejected)
{
    qtable *t = normal_table(2.0, 1.5);
    double p = pit_p(t, 2.0, 1.5, 900);
    cr_expect_gt(p, P_MIN, "N(2, 1.5) through the table: chi-square p = %g", p);
    p = pit_p(t, 2.0, 1.55, 901);
    cr_expect_lt(p, P_MIN, "N(2, 1.5) passed as N(2, 1.55): p = %g", p);
    qtable_destroy(&t);
}

static double bad_q(double u, const double par[QTABLE_PARAMS])
{
    (void)par;
    return u < 0.5 ? u : 0.25; /* decreasing at the middle */
}

Test(qtable, bad_arguments_fail_cleanly)
{
    const double par[QTABLE_PARAMS] = {0, 1, 0, 0};
    qtable *t = NULL;
    cr_assert_eq(qtable_create(normal_q, par, 3, &t), SIM_ERR_INTERNAL);
    cr_assert_null(t);
    cr_assert_eq(qtable_create(normal_q, par, 21, &t), SIM_ERR_INTERNAL);
    sim_error_clear();
    cr_assert_eq(qtable_create(bad_q, par, 8, &t), SIM_ERR_CONFIG);
    cr_assert_null(t);
    cr_assert(strstr(sim_error_message(), "decreasing"), "%s", sim_error_message());
    qtable_destroy(&t); /* NULL: nothing to do */
}
