/**
 * @file test_summary.c
 * @brief Known-answer tests for summary_stats and summary_paired_diff: GSL's
 *        quantile definition, NaN skipping, edge cases, strides, determinism.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "sim/engine/summary.h"

/* Relative tolerance for values computed through a few floating-point operations. */
#define SUM_EPS 1e-12

static void expect_near(double got, double want, const char *what)
{
    cr_expect(fabs(got - want) <= SUM_EPS * (fabs(want) > 1 ? fabs(want) : 1), "%s: got %.17g, want %.17g", what,
              got, want);
}

Test(summary, names_are_the_file_columns)
{
    const char *want[SUMMARY_COUNT] = {"mean", "sd", "q05", "q50", "q95"};
    for (int s = 0; s < SUMMARY_COUNT; s++) cr_expect_str_eq(summary_names[s], want[s]);
}

Test(summary, mean_and_sd_of_1_to_10)
{
    double x[10], out[SUMMARY_COUNT];
    for (int i = 0; i < 10; i++) x[i] = i + 1;
    cr_assert_eq(summary_stats(x, 10, 1, out), SIM_OK);
    expect_near(out[S_MEAN], 5.5, "mean");
    expect_near(out[S_SD], 3.0276503540974917, "sd");
}

Test(summary, gsl_quantiles_of_1_to_20)
{
    /* GSL: d = f (n-1), i = floor(d), q = (1 - (d-i)) x[i] + (d-i) x[i+1] on sorted data.
     * n = 20: f = .05 -> d = 0.95:  0.05*1 + 0.95*2   = 1.95
     *         f = .50 -> d = 9.5:   0.5*10 + 0.5*11   = 10.5
     *         f = .95 -> d = 18.05: 0.95*19 + 0.05*20 = 19.05
     * Given in reverse order, so the sort matters. */
    double x[20], out[SUMMARY_COUNT];
    for (int i = 0; i < 20; i++) x[i] = 20 - i;
    cr_assert_eq(summary_stats(x, 20, 1, out), SIM_OK);
    expect_near(out[S_Q05], 1.95, "q05");
    expect_near(out[S_Q50], 10.5, "q50");
    expect_near(out[S_Q95], 19.05, "q95");
    expect_near(out[S_MEAN], 10.5, "mean");
}

Test(summary, strided_view)
{
    /* Column 1 of a [5][3] array: 10, 20, 30, 40, 50. */
    double a[5][3], out[SUMMARY_COUNT];
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 3; j++) a[i][j] = j == 1 ? 10.0 * (i + 1) : -1e9;
    cr_assert_eq(summary_stats(&a[0][1], 5, 3, out), SIM_OK);
    expect_near(out[S_MEAN], 30, "mean");
    expect_near(out[S_Q50], 30, "q50");
    expect_near(out[S_Q05], 12, "q05"); /* d = 0.2: 0.8*10 + 0.2*20 */
    expect_near(out[S_Q95], 48, "q95"); /* d = 3.8: 0.2*40 + 0.8*50 */
}

Test(summary, nan_values_are_skipped)
{
    /* Same as {1, 2, 3}: mean 2, sd 1, q05 = 1.1 (d = 0.1), q50 = 2, q95 = 2.9 (d = 1.9). */
    double x[] = {NAN, 3, 1, NAN, 2}, out[SUMMARY_COUNT];
    cr_assert_eq(summary_stats(x, 5, 1, out), SIM_OK);
    expect_near(out[S_MEAN], 2, "mean");
    expect_near(out[S_SD], 1, "sd");
    expect_near(out[S_Q05], 1.1, "q05");
    expect_near(out[S_Q50], 2, "q50");
    expect_near(out[S_Q95], 2.9, "q95");
}

Test(summary, all_nan_or_empty_gives_nan)
{
    double x[] = {NAN, NAN, NAN}, out[SUMMARY_COUNT];
    cr_assert_eq(summary_stats(x, 3, 1, out), SIM_OK);
    for (int s = 0; s < SUMMARY_COUNT; s++) cr_expect(isnan(out[s]), "%s not NaN", summary_names[s]);
    cr_assert_eq(summary_stats(NULL, 0, 1, out), SIM_OK);
    for (int s = 0; s < SUMMARY_COUNT; s++) cr_expect(isnan(out[s]), "%s not NaN for n = 0", summary_names[s]);
}

Test(summary, one_value)
{
    double x = 7.25, out[SUMMARY_COUNT];
    cr_assert_eq(summary_stats(&x, 1, 1, out), SIM_OK);
    cr_expect_eq(out[S_MEAN], 7.25);
    cr_expect_eq(out[S_SD], 0.0);
    cr_expect_eq(out[S_Q05], 7.25);
    cr_expect_eq(out[S_Q50], 7.25);
    cr_expect_eq(out[S_Q95], 7.25);
}

Test(summary, deterministic_and_input_untouched)
{
    double x[50], copy[50], a[SUMMARY_COUNT], b[SUMMARY_COUNT];
    for (int i = 0; i < 50; i++) x[i] = sin(i * 12.9898) * 43758.5453;
    memcpy(copy, x, sizeof x);
    cr_assert_eq(summary_stats(x, 50, 1, a), SIM_OK);
    cr_assert_eq(summary_stats(x, 50, 1, b), SIM_OK);
    cr_expect_eq(memcmp(a, b, sizeof a), 0, "two calls differ");
    cr_expect_eq(memcmp(x, copy, sizeof x), 0, "input was modified");
}

Test(summary, bad_arguments)
{
    double x[2] = {1, 2}, out[SUMMARY_COUNT], m, lo, hi;
    cr_expect_eq(summary_stats(x, 2, 0, out), SIM_ERR_INTERNAL);
    cr_expect_eq(summary_stats(NULL, 2, 1, out), SIM_ERR_INTERNAL);
    cr_expect_eq(summary_paired_diff(x, x, 2, 0, &m, &lo, &hi), SIM_ERR_INTERNAL);
    cr_expect_eq(summary_paired_diff(x, NULL, 2, 1, &m, &lo, &hi), SIM_ERR_INTERNAL);
}

Test(summary, paired_diff_known_answer)
{
    /* a - b = 1..10 whatever the common part: mean 5.5, sd 3.0276503540974917,
     * half width t(0.975, 9) sd / sqrt(10) = 2.2621571627982053 * 0.957427... = 2.1658505896681692. */
    double a[10], b[10], m, lo, hi;
    for (int i = 0; i < 10; i++) {
        b[i] = 100.0 * i * i;
        a[i] = b[i] + (i + 1);
    }
    cr_assert_eq(summary_paired_diff(a, b, 10, 1, &m, &lo, &hi), SIM_OK);
    double half = 2.2621571627982053 * 3.0276503540974917 / sqrt(10.0);
    expect_near(m, 5.5, "mean");
    expect_near(lo, 5.5 - half, "lo");
    expect_near(hi, 5.5 + half, "hi");
    expect_near(hi - m, 2.1658505896681692, "half width");
}

Test(summary, paired_diff_edge_cases)
{
    double m, lo, hi;
    double a1 = 4, b1 = 1.5;
    cr_assert_eq(summary_paired_diff(&a1, &b1, 1, 1, &m, &lo, &hi), SIM_OK);
    cr_expect(m == 2.5 && lo == 2.5 && hi == 2.5, "n = 1: %g [%g, %g]", m, lo, hi);

    /* Pairs with a NaN on either side are dropped: here only (4, 1.5) is left. */
    double a[] = {NAN, 4, 2}, b[] = {1, 1.5, NAN};
    cr_assert_eq(summary_paired_diff(a, b, 3, 1, &m, &lo, &hi), SIM_OK);
    cr_expect(m == 2.5 && lo == 2.5 && hi == 2.5, "NaN pairs: %g [%g, %g]", m, lo, hi);

    cr_assert_eq(summary_paired_diff(a, b, 0, 1, &m, &lo, &hi), SIM_OK);
    cr_expect(isnan(m) && isnan(lo) && isnan(hi), "n = 0 should give NaN");

    /* Strided: column 0 of [3][2] arrays, differences 1, 2, 3. */
    double sa[3][2] = {{2, 0}, {4, 0}, {6, 0}}, sb[3][2] = {{1, 9}, {2, 9}, {3, 9}};
    cr_assert_eq(summary_paired_diff(&sa[0][0], &sb[0][0], 3, 2, &m, &lo, &hi), SIM_OK);
    expect_near(m, 2, "strided mean");
    expect_near(hi - m, 4.3026527297494619 / sqrt(3.0), "strided half width (t(0.975, 2) = 4.3027)");
}
