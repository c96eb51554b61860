/**
 * @file sensitivity_stats.h
 * @brief Small statistics shared by the sensitivity estimators: percentile intervals
 *        of bootstrap samples, and the share of an output's variance that is
 *        replication noise rather than the factors.
 */
#ifndef CHANSIM_SENSITIVITY_STATS_H
#define CHANSIM_SENSITIVITY_STATS_H

#include <stddef.h>

#include "sim/engine/rng.h"

/**
 * Random-stream purpose of the sensitivity designs and bootstraps (sim/engine/rng.h
 * partitions the purposes): entity 0 Morris candidate trajectories, 1 Morris
 * bootstrap, 2 Sobol bootstrap; keys use replication slots no run reaches.
 */
enum { SA_RNG_PURPOSE = 101 };

_Static_assert((int)SA_RNG_PURPOSE >= (int)RNG_EXPERIMENTS_FIRST, "sensitivity draws from the experiments' purposes");

/**
 * Percentile bootstrap interval (Efron & Tibshirani 1993, ch. 13) at level
 * `confidence` of the n values x (sorted in place): the (1 - c) / 2 and (1 + c) / 2
 * quantiles, interpolated as gsl_stats_quantile_from_sorted_data does. NaN values are
 * not expected; n >= 1.
 */
void sa_percentile_interval(double *x, size_t n, double confidence, double *lo, double *hi);

/** How much of an output's variance is replication noise. */
typedef struct {
    double within;        /**< mean over points of the variance across replications (n - 1 divisor) */
    double total;         /**< variance of all point x replication values together (n - 1 divisor) */
    double between_means; /**< variance of the per-point replication means (n - 1 divisor) */
    double share;         /**< within / total: the noise share of one replication's variance */
    double share_of_mean; /**< (within / reps) / between_means: noise share of the replication mean's variance */
} sa_noise;

/**
 * Noise of y[npoints][reps] (replication r of every point used the same random
 * numbers). Shares are NaN when a denominator is 0 (no variation at all). reps >= 2.
 */
sa_noise sa_noise_share(const double *y, size_t npoints, int reps);

#endif
