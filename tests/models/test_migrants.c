/**
 * @file test_migrants.c
 * @brief The monthly inflow shock of the migrant module: its distribution, its
 *        reproducibility, and its independence from the weather's month factor.
 */
#include <criterion/criterion.h>

#include <math.h>

#include "models/agents/migrants.h"
#include "models/environment/weather.h"
#include "tests/support.h"

/*
 * The month factor is lognormal with mean 1 and log-sd inflow_month_sd. Over 20,000
 * (year, month) draws with s = 0.3 the sample mean has a standard error of
 * sqrt(exp(s^2) - 1) / sqrt(n) ~ 0.0022 and the sample sd of log(factor) one of
 * s / sqrt(2n) ~ 0.0015: 6 standard errors are allowed for each. It is the same for
 * the same (replication, year, month), differs between replications, and is exactly
 * 1 with sd = 0.
 */
static double inflow_factor(const void *p, rng_key key, int year, int month)
{
    return mig_inflow_month_factor(p, key, year, month);
}

Test(migrants, inflow_month_factor_is_lognormal_with_mean_one)
{
    mig_params p = {.inflow_month_sd = 0.3};
    rng_key key = {11, 2};
    double mean, sd;
    sup_month_factor_moments(inflow_factor, &p, key, 20000, &mean, &sd);
    cr_expect(fabs(mean - 1.0) < 6 * 0.0022, "mean factor %g, expected 1", mean);
    cr_expect(fabs(sd - 0.3) < 6 * 0.0015, "log-sd %g, expected 0.3", sd);
    cr_expect_eq(mig_inflow_month_factor(&p, key, 2024, 10), mig_inflow_month_factor(&p, key, 2024, 10));
    cr_expect_neq(mig_inflow_month_factor(&p, key, 2024, 10), mig_inflow_month_factor(&p, (rng_key){11, 3}, 2024, 10));
    p.inflow_month_sd = 0;
    cr_expect_eq(mig_inflow_month_factor(&p, key, 2024, 10), 1.0);
}

/*
 * Demand shocks and weather come from different streams: over 20,000 months the
 * correlation of the two log factors must be within 6 standard errors (6 / sqrt(n) ~
 * 0.042) of zero. A shared stream would give a correlation of 1.
 */
Test(migrants, inflow_month_factor_is_independent_of_weather)
{
    mig_params p = {.inflow_month_sd = 0.3};
    weather_params w = {.year_to_year_sd = 0.35};
    rng_key key = {5, 0};
    const int n = 20000;
    double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
    for (int k = 0; k < n; k++) {
        double x = log(mig_inflow_month_factor(&p, key, 1000 + k / 12, 1 + k % 12));
        double y = log(weather_month_factor(&w, key, 1000 + k / 12, 1 + k % 12));
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
    }
    double cov = sxy - sx * sy / n, r = cov / sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
    cr_expect(fabs(r) < 6.0 / sqrt(n), "correlation %g between inflow and weather month factors", r);
}
