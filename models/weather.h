/**
 * @file weather.h
 * @brief Sea state in the Dover Strait: a seasonal Markov chain of calm, marginal
 *        and rough days whose spells cluster.
 *
 * Each day the sea keeps yesterday's state with probability `persistence`, and
 * otherwise draws a fresh state from the month's stationary shares. The monthly
 * shares are therefore exactly the long-run shares of each state, and the mean
 * length of a calm spell is 1 / ((1 - persistence)(1 - calm_share)).
 * Smugglers launch freely on calm days, sometimes on marginal ones, never on rough
 * ones (waves above about 0.5 m: Times, Jun 2023; French coastguard).
 */
#ifndef CHANSIM_WEATHER_H
#define CHANSIM_WEATHER_H

#include "sim/config.h"
#include "sim/rng.h"

enum { WEATHER_MONTHS = 12 };

typedef enum { SEA_CALM = 0, SEA_MARGINAL = 1, SEA_ROUGH = 2, SEA_STATES = 3 } sea_state;

/** Inputs of the weather module. */
typedef struct {
    double calm_share[WEATHER_MONTHS];     /**< long-run share of calm days, by month, probability */
    double marginal_share[WEATHER_MONTHS]; /**< long-run share of marginal days, by month, probability */
    double persistence;                    /**< probability the sea keeps yesterday's state, - */
} weather_params;

extern const cfg_param weather_param_list[];
extern const size_t weather_param_count;

/** Check relations between keys (calm + marginal <= 1 in each month). */
sim_status weather_params_check(const weather_params *p);

/** The sea state on `day` given yesterday's (use SEA_STATES for day 0: draw from the month's shares). */
sea_state weather_step(const weather_params *p, sea_state yesterday, int month, rng_key key, int day);

#endif
