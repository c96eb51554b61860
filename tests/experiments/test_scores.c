/**
 * @file test_scores.c
 * @brief Proper scores against hand-computed values (CRPS, interval score, WIS,
 *        coverage), the naive forecasts on hand-made records, and calendar weeks
 *        against the Home Office's week_ending dates.
 */
#include <criterion/criterion.h>

#include <math.h>
#include <stdlib.h>

#include "sim/engine/config.h"
#include "sim/experiments/naive.h"
#include "sim/experiments/periods.h"
#include "sim/experiments/scores.h"
#include "sim/io/observed.h"

static int day_of(const char *text)
{
    int d = 0;
    cr_assert_eq(cfg_parse_date(text, &d), SIM_OK, "bad test date %s", text);
    return d;
}

Test(scores, crps_hand_computed)
{
    /* {1, 3, 6} against 4: E|X - y| = (3 + 1 + 2)/3 = 2; E|X - X'| = 2 (2 + 5 + 3)/9 = 20/9;
     * CRPS = 2 - 10/9 = 8/9. Check by the integral of (F(z) - 1{z >= 4})^2: on [1,3)
     * (1/3)^2 x 2, on [3,4) (2/3)^2 x 1, on [4,6) (1/3)^2 x 2: 2/9 + 4/9 + 2/9 = 8/9. */
    const double x[] = {1, 3, 6};
    cr_expect_float_eq(score_crps_sorted(x, 3, 4), 8.0 / 9.0, 1e-14);
    /* A point forecast: the absolute error. */
    cr_expect_float_eq(score_crps_sorted(x + 1, 1, 10), 7, 1e-14);
    cr_expect(isnan(score_crps_sorted(x, 0, 1)));
    /* An observation below every member: E|X - y| - E|X - X'|/2 = (0+2+5)/3 + ... by the kernel form. */
    cr_expect_float_eq(score_crps_sorted(x, 3, 1), 7.0 / 3.0 - 10.0 / 9.0, 1e-14);
}

Test(scores, crps_equals_kernel_form)
{
    /* The sorted-sample formula against the O(n^2) kernel form on an uneven sample. */
    double x[9] = {0, 0, 2, 3.5, 7, 7, 11, 40, 41};
    for (double y = -5; y < 50; y += 3.7) {
        double a = 0, b = 0;
        for (int i = 0; i < 9; i++) {
            a += fabs(x[i] - y) / 9;
            for (int j = 0; j < 9; j++) b += fabs(x[i] - x[j]) / 81;
        }
        cr_expect_float_eq(score_crps_sorted(x, 9, y), a - b / 2, 1e-12, "y = %g", y);
    }
}

Test(scores, interval_score_hand_computed)
{
    /* [2, 8] as the 80% interval (alpha 0.2): width 6, penalties 2/alpha = 10 per unit outside. */
    cr_expect_float_eq(score_interval(2, 8, 0.2, 5), 6, 1e-14);
    cr_expect_float_eq(score_interval(2, 8, 0.2, 10), 6 + 10 * 2, 1e-14);
    cr_expect_float_eq(score_interval(2, 8, 0.2, 1), 6 + 10 * 1, 1e-14);
    cr_expect_float_eq(score_interval(2, 8, 0.2, 8), 6, 1e-14, "the ends are inside");
    cr_expect(isnan(score_interval(2, 8, 0, 5)));
    cr_expect(isnan(score_interval(2, 8, 1, 5)));
}

Test(scores, wis_hand_computed)
{
    /* Median 5, 50% interval [4, 6], 80% interval [2, 8], y = 9:
     * IS_0.5 = 2 + 4 x 3 = 14; IS_0.2 = 6 + 10 x 1 = 16;
     * WIS = (0.5 x 4 + 0.25 x 14 + 0.1 x 16) / 2.5 = 7.1 / 2.5 = 2.84. */
    const double lo[] = {4, 2}, hi[] = {6, 8}, alpha[] = {0.5, 0.2};
    cr_expect_float_eq(score_wis(5, lo, hi, alpha, 2, 9), 2.84, 1e-14);
    /* Inside everything: (0.5 x 0 + 0.25 x 2 + 0.1 x 6) / 2.5 = 0.44. */
    cr_expect_float_eq(score_wis(5, lo, hi, alpha, 2, 5), 0.44, 1e-14);
    cr_expect(isnan(score_wis(5, lo, hi, alpha, 0, 5)));
}

Test(scores, ensemble_point_forecast_scores_absolute_error)
{
    double x = 120;
    score_set s;
    cr_assert_eq(score_ensemble(&x, 1, 1, 100, &s), SIM_OK);
    cr_expect_float_eq(s.crps, 20, 1e-12);
    cr_expect_float_eq(s.wis, 20, 1e-12, "WIS of a point forecast is its absolute error");
    cr_expect_eq(s.in50, 0);
    cr_expect_eq(s.in90, 0);
    cr_assert_eq(score_ensemble(&x, 1, 1, 120, &s), SIM_OK);
    cr_expect_eq(s.in90, 1, "an exact hit is covered");
}

Test(scores, ensemble_uniform_grid_and_coverage)
{
    /* 0, 1, ..., 100: GSL's quantile at p is exactly 100 p. y = 50 is inside every
     * interval, so WIS = sum_k (alpha_k / 2) 100 (1 - alpha_k) / 11.5 with
     * sum_k alpha_k (1 - alpha_k) = 1.7171 over the standard levels: 7.46565... */
    double x[101];
    for (int i = 0; i < 101; i++) x[i] = 100 - i; /* unsorted on purpose */
    score_set s;
    cr_assert_eq(score_ensemble(x, 101, 1, 50, &s), SIM_OK);
    cr_expect_float_eq(s.wis, 50 * 1.7171 / 11.5, 1e-10);
    cr_expect_float_eq(s.q05, 5, 1e-12);
    cr_expect_float_eq(s.q25, 25, 1e-12);
    cr_expect_float_eq(s.q75, 75, 1e-12);
    cr_expect_float_eq(s.q95, 95, 1e-12);
    cr_expect_eq(s.in50, 1);
    cr_assert_eq(score_ensemble(x, 101, 1, 80, &s), SIM_OK);
    cr_expect_eq(s.in50, 0);
    cr_expect_eq(s.in90, 1);
    cr_assert_eq(score_ensemble(x, 101, 1, 96, &s), SIM_OK);
    cr_expect_eq(s.in90, 0);
    /* Stride and NaN members: every other value, one NaN skipped. */
    double y[6] = {1, -1, NAN, -1, 6, -1};
    cr_assert_eq(score_ensemble(y, 3, 2, 4, &s), SIM_OK);
    cr_expect_eq(s.n, 2);
    cr_expect_float_eq(s.crps, (3 + 2) / 2.0 - 5.0 / 4.0, 1e-12);
    cr_assert_eq(score_ensemble(y, 3, 2, NAN, &s), SIM_OK);
    cr_expect(isnan(s.crps));
}

/* A record from 2021-01-01 to 2024-12-31 whose value on a day is f(year, month). */
typedef struct {
    int first, days;
    double *v;
} record;

static record make_record(double (*f)(int year, int month))
{
    record r = {.first = day_of("2021-01-01")};
    r.days = day_of("2025-01-01") - r.first;
    r.v = malloc((size_t)r.days * sizeof *r.v);
    cr_assert_not_null(r.v);
    for (int d = 0; d < r.days; d++) r.v[d] = f(cfg_date_year(r.first + d), cfg_date_month(r.first + d));
    return r;
}

static double by_month(int year, int month) { return year == 2021 ? 0 : year == 2023 ? 2.0 * month : month; }
static double by_day_index(int year, int month) { return 1000.0 * (year - 2020) + month; }

Test(naive, last_year_same_weeks)
{
    record r = make_record(by_day_index);
    int a = day_of("2024-03-04"), b = a + 7; /* a Monday-Sunday week in March 2024 */
    /* 364 days earlier: 2023-03-06 .. 2023-03-12, value 3003 a day. */
    cr_expect_float_eq(naive_forecast(NAIVE_LAST_YEAR, r.v, r.first, r.days, a, b, a), 7 * 3003.0, 1e-9);
    cr_expect_eq(cfg_date_month(a - 364), 3);
    /* An origin 10 weeks before: the same weeks one year back still end before it. */
    cr_expect_float_eq(naive_forecast(NAIVE_LAST_YEAR, r.v, r.first, r.days, a, b, a - 70), 7 * 3003.0, 1e-9);
    /* An origin more than a year before the end: two years back (2022-03-07 .. 13). */
    cr_expect_float_eq(naive_forecast(NAIVE_LAST_YEAR, r.v, r.first, r.days, a, b, b - 400), 7 * 2003.0, 1e-9);
    /* Before the record: NaN. */
    int early = day_of("2021-06-07");
    cr_expect(isnan(naive_forecast(NAIVE_LAST_YEAR, r.v, r.first, r.days, early, early + 7, early)));
    free(r.v);
}

Test(naive, seasonal_shape_of_earlier_years)
{
    /* 2021 all zero (left out of the shape), 2022 m a day in month m, 2023 2m a day.
     * Shares are the same in 2022 and 2023 (m x days in m / the year's sum), so from an
     * origin in 2024 the forecast is 2023's total spread like 2023: 2 m a day. */
    record r = make_record(by_month);
    int origin = day_of("2024-03-01");
    int a = day_of("2024-03-04");
    cr_expect_float_eq(naive_forecast(NAIVE_SEASONAL, r.v, r.first, r.days, a, a + 7, origin), 2 * 3 * 7.0, 1e-9);
    int m1 = day_of("2024-07-01"), m2 = day_of("2024-08-01");
    cr_expect_float_eq(naive_forecast(NAIVE_SEASONAL, r.v, r.first, r.days, m1, m2, origin), 2 * 7 * 31.0, 1e-9);
    /* From an origin in 2023 the previous year is 2022: m a day. */
    cr_expect_float_eq(naive_forecast(NAIVE_SEASONAL, r.v, r.first, r.days, m1, m2, day_of("2023-05-01")),
                       7 * 31.0, 1e-9);
    /* From 2022 the previous year 2021 has a zero total and no shape: 0 x shape of none = NaN. */
    cr_expect(isnan(naive_forecast(NAIVE_SEASONAL, r.v, r.first, r.days, m1, m2, day_of("2022-05-01"))));
    /* Before the record: no previous year. */
    cr_expect(isnan(naive_forecast(NAIVE_SEASONAL, r.v, r.first, r.days, m1, m2, day_of("2021-05-01"))));
    free(r.v);
}

Test(periods, partial_weeks_and_months_flagged)
{
    per_period *p = NULL;
    size_t n = 0;
    int first = day_of("2024-01-03"), end = day_of("2024-02-11"); /* Wednesday .. Saturday 10 Feb */
    cr_assert_eq(per_list(PER_WEEK, first, end, &p, &n), SIM_OK);
    cr_assert_eq(n, 6);
    cr_expect_str_eq(p[0].label, "2024-01-01");
    cr_expect_eq(p[0].first, first);
    cr_expect_eq(p[0].partial, 1);
    for (int i = 1; i < 5; i++) cr_expect_eq(p[i].partial, 0, "week %d is whole", i);
    cr_expect_str_eq(p[5].label, "2024-02-05");
    cr_expect_eq(p[5].end, end);
    cr_expect_eq(p[5].partial, 1);
    free(p);
    cr_assert_eq(per_list(PER_MONTH, first, end, &p, &n), SIM_OK);
    cr_assert_eq(n, 2);
    cr_expect_str_eq(p[0].label, "2024-01");
    cr_expect(p[0].partial && p[1].partial);
    free(p);
    cr_assert_eq(per_list(PER_MONTH, day_of("2024-01-01"), day_of("2024-03-01"), &p, &n), SIM_OK);
    cr_expect(n == 2 && !p[0].partial && !p[1].partial);
    free(p);
    cr_assert_eq(per_list(PER_WINDOW, first, end, &p, &n), SIM_OK);
    cr_expect(n == 1 && !p[0].partial && p[0].first == first && p[0].end == end);
    free(p);
    cr_expect_eq(per_list(PER_WEEK, end, first, &p, &n), SIM_ERR_INTERNAL);
    sim_error_clear();
}

Test(periods, weeks_match_home_office_week_ending)
{
    /* Every week of SB_02 ends on the Sunday of a Monday-Sunday week, and the daily
     * record summed over our weeks gives the published weekly figures. */
    obs_record *r = NULL;
    cr_assert_eq(obs_load_dir("data", &r), SIM_OK, "%s", sim_error_message());
    cr_assert_gt(r->weeks, 400);
    per_period *p = NULL;
    size_t n = 0;
    cr_assert_eq(per_list(PER_WEEK, r->first_day, r->first_day + r->days, &p, &n), SIM_OK);
    size_t k = 0;
    for (int w = 0; w < r->weeks; w++) {
        int end = r->week_end[w];
        cr_expect_eq(per_week_monday(end), end - 6, "week ending %d is Monday-Sunday", end);
        while (k < n && p[k].end < end + 1) k++;
        cr_assert_lt(k, n);
        cr_expect_eq(p[k].first, end - 6);
        cr_expect_eq(p[k].partial, 0);
        obs_period op = {.first = p[k].first, .end = p[k].end, .kind = OBS_MONTH};
        cr_expect_eq(obs_value(r, OBS_ARRIVALS, &op), r->week_arrivals[w], "week %s", p[k].label);
        cr_expect_eq(obs_value(r, OBS_BOATS, &op), r->week_boats[w], "week %s", p[k].label);
    }
    cr_expect_eq(per_week_monday(day_of("2025-12-28")), day_of("2025-12-22"));
    cr_expect_eq(per_week_monday(day_of("1969-12-31")), day_of("1969-12-29"), "before 1970 too");
    free(p);
    obs_destroy(&r);
}
