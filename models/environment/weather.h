/**
 * @file weather.h
 * @brief Sea state in the Dover Strait: a seasonal Markov chain of calm, marginal
 *        and rough days whose spells cluster.
 *
 * Each day the sea keeps yesterday's state with probability `persistence`, and
 * otherwise draws a fresh state from the month's stationary shares. The monthly
 * shares are therefore exactly the long-run shares of each state, and the mean
 * length of a calm spell is 1 / ((1 - persistence)(1 - calm_share)).
 * Years differ: each calendar month of each year scales its calm share by a
 * lognormal factor with mean 1 (Jan-Apr saw 27, 23, 27 and 60 "red" days in
 * 2022-2025: Home Office, Jun 2025), drawn once per month and replication, so every
 * scenario of a replication sees the same weather.
 * Smugglers launch freely on calm days, sometimes on marginal ones, never on rough
 * ones (waves above about 0.5 m: Times, Jun 2023; French coastguard).
 */
#ifndef CHANSIM_WEATHER_H
#define CHANSIM_WEATHER_H

#include "sim/engine/config.h"
#include "models/streams.h"

enum { WEATHER_MONTHS = 12 };

typedef enum { SEA_CALM = 0, SEA_MARGINAL = 1, SEA_ROUGH = 2, SEA_STATES = 3 } sea_state;

/** Inputs of the weather module. */
typedef struct {
    double calm_share[WEATHER_MONTHS];     /**< long-run share of calm days, by month, probability */
    double marginal_share[WEATHER_MONTHS]; /**< long-run share of marginal days, by month, probability */
    double persistence;                    /**< probability the sea keeps yesterday's state, - */
    double year_to_year_sd;                /**< log-sd of a calendar month's calm-share factor from year to year, - */
} weather_params;

extern const cfg_param weather_param_list[];
extern const size_t weather_param_count;

/** Check relations between keys (calm + marginal <= 1 in each month). */
sim_status weather_params_check(const weather_params *p);

/**
 * The calm-share factor of calendar month (year, month) in this replication: lognormal
 * with mean 1 and log-sd year_to_year_sd.
 */
double weather_month_factor(const weather_params *p, rng_key key, int year, int month);

/**
 * The sea state on `day` (a day number) given yesterday's (SEA_STATES on the first day:
 * draw from the month's shares), with this month's calm-share factor.
 */
sea_state weather_step(const weather_params *p, sea_state yesterday, int month, double factor, rng_key key, int day);

#endif
