#include "models/environment/weather.h"

#include <math.h>
#include <stddef.h>

#define W_OFF(field) offsetof(weather_params, field)

const cfg_param weather_param_list[] = {
    {"weather", "calm_share", CFG_DOUBLE_LIST, W_OFF(calm_share), WEATHER_MONTHS, 0, 1,
     "0.20,0.28,0.33,0.33,0.39,0.40,0.44,0.40,0.40,0.31,0.19,0.18", "probability",
     "long-run share of calm days (launches possible) in each month, Jan..Dec",
     "SB_01 2023-2025: share of days with arrivals by month (0.25,0.35,0.41,0.41,0.47,0.48,0.53,0.48,0.48,0.38,0.24,0.23) less the marginal days that see launches"},
    {"weather", "marginal_share", CFG_DOUBLE_LIST, W_OFF(marginal_share), WEATHER_MONTHS, 0, 1,
     "0.15,0.15,0.15,0.15,0.15,0.15,0.15,0.15,0.15,0.15,0.15,0.15", "probability",
     "long-run share of marginal days (some launches, higher risk) in each month",
     "assumption: with gangs.marginal_launch_prob = 0.35 adds ~5% of days with arrivals; red days 100-190 a year (Home Office, Jun 2025)"},
    {"weather", "persistence", CFG_DOUBLE, W_OFF(persistence), 0, 0, 0.99, "0.36", "probability",
     "probability that the sea keeps yesterday's state",
     "SB_01 2023-2025: mean spell of days with arrivals 2.5-2.8 days, without 3.5-4.5 days"},
    {"weather", "year_to_year_sd", CFG_DOUBLE, W_OFF(year_to_year_sd), 0, 0, 2, "0.35", "-",
     "log-sd of a calendar month's calm share from one year to the next",
     "Home Office (Jun 2025): 27, 23, 27 and 60 red days in Jan-Apr of 2022-2025 (coefficient of variation ~0.45)"},
};
const size_t weather_param_count = sizeof weather_param_list / sizeof weather_param_list[0];

sim_status weather_params_check(const weather_params *p)
{
    for (int m = 0; m < WEATHER_MONTHS; m++)
        if (p->calm_share[m] + p->marginal_share[m] > 1.0 + 1e-12)
            return SIM_FAIL(SIM_ERR_CONFIG,
                            "[weather] calm_share + marginal_share exceeds 1 in month %d (%g + %g)", m + 1,
                            p->calm_share[m], p->marginal_share[m]);
    return SIM_OK;
}

double weather_month_factor(const weather_params *p, rng_key key, int year, int month)
{
    if (p->year_to_year_sd <= 0) return 1.0;
    uint32_t w[4];
    /* Entity 2 of the weather purpose, counter = the month's index since year 0. */
    rng_block(key, RNG_WEATHER, 2, (uint32_t)(year * 12 + month - 1), w);
    double z = rng_normal(w);
    double s = p->year_to_year_sd;
    return exp(s * z - 0.5 * s * s);
}

sea_state weather_step(const weather_params *p, sea_state yesterday, int month, double factor, rng_key key, int day)
{
    uint32_t w[4];
    rng_block(key, RNG_WEATHER, 0, (uint32_t)day, w);
    if (yesterday != SEA_STATES && w[0] < rng_threshold(p->persistence)) return yesterday;
    double u = rng_u01(w[1]);
    int m = month - 1;
    /* A calm year takes its extra calm days from the rough ones. */
    double calm = p->calm_share[m] * factor;
    if (calm > 1.0 - p->marginal_share[m]) calm = 1.0 - p->marginal_share[m];
    if (u < calm) return SEA_CALM;
    if (u < calm + p->marginal_share[m]) return SEA_MARGINAL;
    return SEA_ROUGH;
}
