/**
 * @file test_weather.c
 * @brief Tests of models/environment/weather.h: the sea-state chain's long-run shares and calm
 *        spell lengths match the documented formulas, and the parameter check
 *        rejects impossible shares.
 *
 * The chain keeps yesterday's state with probability p and otherwise draws from the
 * month's shares pi, so (with the month held fixed) it is stationary at pi, and the
 * indicator of a state has lag-k autocorrelation p^k. Tolerances follow from the
 * Markov-chain CLT: the share of state s over N days has variance
 *     pi_s (1 - pi_s) / N * (1 + p) / (1 - p),
 * and a calm spell is geometric with continuation q = p + (1 - p) pi_calm, mean
 * 1 / ((1 - p)(1 - pi_calm)) and sd sqrt(q) / (1 - q), spells being independent.
 * Every check allows 6 standard errors (two-sided false-failure rate 2e-9 each).
 */
#include <criterion/criterion.h>

#include <math.h>
#include <string.h>

#include "models/environment/weather.h"
#include "tests/support.h"

enum { DAYS = 1000000 };
static const double K_SE = 6.0;

static weather_params make_params(double calm, double marginal, double persistence)
{
    weather_params w;
    memset(&w, 0, sizeof w);
    for (int m = 0; m < WEATHER_MONTHS; m++) {
        w.calm_share[m] = calm;
        w.marginal_share[m] = marginal;
    }
    w.persistence = persistence;
    return w;
}

typedef struct {
    double share[SEA_STATES];
    double spells, spell_days; /* complete calm spells and their total length */
} chain_stats;

/* Run the chain DAYS days in one month; drop the first and last (possibly cut) spells. */
static chain_stats run_chain(const weather_params *w, int month, rng_key key)
{
    chain_stats cs;
    memset(&cs, 0, sizeof cs);
    double count[SEA_STATES] = {0};
    sea_state prev = SEA_STATES;
    long run = 0;
    int started = 0; /* seen a non-calm day, so the next calm spell is complete at its start */
    for (int d = 0; d < DAYS; d++) {
        sea_state s = weather_step(w, prev, month, 1.0, key, 10000 + d);
        cr_assert_lt((int)s, SEA_STATES, "day %d: invalid state %d", d, (int)s);
        count[s]++;
        if (s == SEA_CALM) run++;
        else {
            if (run > 0 && started) {
                cs.spells++;
                cs.spell_days += run;
            }
            run = 0;
            started = 1;
        }
        prev = s;
    }
    for (int s = 0; s < SEA_STATES; s++) cs.share[s] = count[s] / DAYS;
    return cs;
}

static void check_chain(double calm, double marginal, double p, int month, uint32_t seed)
{
    weather_params w = make_params(calm, marginal, p);
    cr_assert_eq(weather_params_check(&w), SIM_OK);
    chain_stats cs = run_chain(&w, month, (rng_key){seed, 0});
    const double pi[SEA_STATES] = {calm, marginal, 1.0 - calm - marginal};
    for (int s = 0; s < SEA_STATES; s++) {
        double se = sqrt(pi[s] * (1 - pi[s]) / DAYS * (1 + p) / (1 - p));
        cr_expect_leq(fabs(cs.share[s] - pi[s]), K_SE * se,
                      "p=%g state %d: share %.5f vs %.5f (SE %.2g)", p, s, cs.share[s], pi[s], se);
    }
    double q = p + (1 - p) * calm;
    double mean = 1.0 / ((1 - p) * (1 - calm)), sd = sqrt(q) / (1 - q);
    double got = cs.spell_days / cs.spells;
    double se = sd / sqrt(cs.spells);
    cr_expect_gt(cs.spells, 1000, "too few calm spells (%g) to test", cs.spells);
    cr_expect_leq(fabs(got - mean), K_SE * se, "p=%g calm=%g: mean calm spell %.4f days vs %.4f (SE %.2g, %g spells)",
                  p, calm, got, mean, se, cs.spells);
}

/* The baseline's July shares and persistence. */
Test(weather, long_run_shares_and_calm_spells_baseline_july)
{
    check_chain(0.44, 0.15, 0.36, 7, 20250101u);
}

/* Strong clustering, few calm days (a winter month with long spells). */
Test(weather, long_run_shares_and_calm_spells_persistent_winter)
{
    check_chain(0.18, 0.30, 0.80, 12, 7u);
}

/* No persistence: independent days, spells of mean 1 / (1 - calm). */
Test(weather, long_run_shares_and_calm_spells_independent_days)
{
    check_chain(0.50, 0.20, 0.0, 3, 11u);
}

/* The month argument selects that month's shares (index month - 1). */
Test(weather, month_selects_its_own_shares)
{
    weather_params w = make_params(0.0, 0.0, 0.0);
    w.calm_share[5] = 1.0;      /* June: always calm */
    w.marginal_share[10] = 1.0; /* November: always marginal */
    rng_key key = {3, 1};
    for (int d = 0; d < 1000; d++) {
        cr_expect_eq(weather_step(&w, SEA_STATES, 6, 1.0, key, d), SEA_CALM);
        cr_expect_eq(weather_step(&w, SEA_STATES, 11, 1.0, key, d), SEA_MARGINAL);
        cr_expect_eq(weather_step(&w, SEA_STATES, 1, 1.0, key, d), SEA_ROUGH);
    }
}

/* Same key and day give the same sea; the chain depends on the key. */
Test(weather, reproducible_and_keyed)
{
    weather_params w = make_params(0.4, 0.15, 0.36);
    int differ = 0;
    sea_state a = SEA_STATES, b = SEA_STATES, c = SEA_STATES;
    for (int d = 0; d < 2000; d++) {
        sea_state a2 = weather_step(&w, a, 7, 1.0, (rng_key){1, 0}, d);
        sea_state b2 = weather_step(&w, b, 7, 1.0, (rng_key){1, 0}, d);
        sea_state c2 = weather_step(&w, c, 7, 1.0, (rng_key){1, 1}, d);
        cr_expect_eq(a2, b2, "day %d", d);
        differ += a2 != c2;
        a = a2;
        b = b2;
        c = c2;
    }
    /* Independent chains agree on a day with probability sum pi^2 ~ 0.44; 2000 days differ ~1100 times. */
    cr_expect_gt(differ, 500, "replications 0 and 1 share their weather (%d of 2000 days differ)", differ);
}

Test(weather, check_rejects_shares_above_one)
{
    weather_params w = make_params(0.4, 0.15, 0.36);
    cr_expect_eq(weather_params_check(&w), SIM_OK);
    w.calm_share[3] = 0.7;
    w.marginal_share[3] = 0.4;
    sim_error_clear();
    cr_expect_eq(weather_params_check(&w), SIM_ERR_CONFIG);
    const char *msg = sim_error_message();
    cr_expect(strstr(msg, "calm_share") && strstr(msg, "marginal_share"), "message names no keys: %s", msg);
    cr_expect(strstr(msg, "month 4"), "message names no month: %s", msg);
    /* Exactly 1 is allowed (no rough days). */
    w.calm_share[3] = 0.6;
    w.marginal_share[3] = 0.4;
    cr_expect_eq(weather_params_check(&w), SIM_OK);
}

/*
 * Year-to-year variation: the month factor is lognormal with mean 1 and log-sd
 * year_to_year_sd. Over 20,000 (year, month) draws the sample mean of the factor has a
 * standard error of sqrt(exp(s^2) - 1) / sqrt(n) ~ 0.0026 for s = 0.35, and the sample
 * sd of log(factor) an error of about s / sqrt(2n) ~ 0.0018: 6 standard errors are
 * allowed for each. The factor is the same for the same (replication, year, month)
 * and differs between replications; with sd = 0 it is exactly 1.
 */
static double weather_factor(const void *w, rng_key key, int year, int month)
{
    return weather_month_factor(w, key, year, month);
}

Test(weather, year_to_year_factor_is_lognormal_with_mean_one)
{
    weather_params w = {.year_to_year_sd = 0.35};
    rng_key key = {7, 3};
    double mean, sd;
    sup_month_factor_moments(weather_factor, &w, key, 20000, &mean, &sd);
    cr_expect(fabs(mean - 1.0) < 6 * 0.0026, "mean factor %g, expected 1", mean);
    cr_expect(fabs(sd - 0.35) < 6 * 0.0018, "log-sd %g, expected 0.35", sd);
    cr_expect_eq(weather_month_factor(&w, key, 2025, 3), weather_month_factor(&w, key, 2025, 3));
    cr_expect_neq(weather_month_factor(&w, key, 2025, 3), weather_month_factor(&w, (rng_key){7, 4}, 2025, 3));
    w.year_to_year_sd = 0;
    cr_expect_eq(weather_month_factor(&w, key, 2025, 3), 1.0);
}

/* A factor that would push calm + marginal above 1 takes the extra calm days from rough ones only. */
Test(weather, large_factor_never_removes_marginal_days)
{
    weather_params w = {.persistence = 0};
    for (int m = 0; m < WEATHER_MONTHS; m++) {
        w.calm_share[m] = 0.5;
        w.marginal_share[m] = 0.3;
    }
    rng_key key = {1, 1};
    int calm = 0, marginal = 0;
    const int n = 100000;
    for (int d = 0; d < n; d++) {
        sea_state s = weather_step(&w, SEA_STATES, 5, 10.0, key, d);
        calm += s == SEA_CALM;
        marginal += s == SEA_MARGINAL;
    }
    /* Binomial sd of a share near 0.3 over 1e5 days is 0.0015: 6 sd allowed. */
    cr_expect(fabs((double)marginal / n - 0.3) < 0.009, "marginal share %g", (double)marginal / n);
    cr_expect_eq(calm + marginal, n, "rough days remain with a factor of 10");
}
