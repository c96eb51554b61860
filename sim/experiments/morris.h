/**
 * @file morris.h
 * @brief Morris elementary-effects screening: the trajectory design on a p-level
 *        grid of the unit hypercube, with the Campolongo et al. (2007) choice of the
 *        r most spread-out trajectories among M random candidates, and the
 *        statistics mu, mu* (mean of absolute effects), sigma, with bootstrap
 *        intervals for mu*.
 *
 * Pure numerics: nothing here knows about configs or the model. Points live in the
 * unit hypercube [0, 1]^k; the caller maps them to each factor's range. Effects are
 * per unit of the scaled factor (a change of the whole range), so factors with
 * different units compare directly.
 *
 * References: Morris, M. D. (1991), Factorial sampling plans for preliminary
 * computational experiments, Technometrics 33(2), 161-174. Campolongo, F., Cariboni, J.
 * & Saltelli, A. (2007), An effective screening design for sensitivity analysis of
 * large models, Environmental Modelling & Software 22, 1509-1518.
 *
 * Randomness: sim/engine/rng.h, key (seed, MORRIS_RNG_REPLICATION), purpose
 * SA_RNG_PURPOSE (sensitivity_stats.h), so the design never shares a stream with a model replication.
 */
#ifndef CHANSIM_MORRIS_H
#define CHANSIM_MORRIS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/status.h"

enum {
    MORRIS_MIN_TRAJECTORIES = 4,        /**< fewer gives no usable sigma or bootstrap interval */
    MORRIS_MAX_FACTORS = 1000,          /**< keeps the design's memory and distance matrix sane */
    MORRIS_MAX_CANDIDATES = 1000,       /**< candidate trajectories for the Campolongo selection */
    MORRIS_RNG_REPLICATION = 0xFFFFFFFEu /**< replication slot of the design's key: never a real replication */
};

/** The design of a Morris study. */
typedef struct {
    int factors;       /**< k, number of factors */
    int trajectories;  /**< r, trajectories kept */
    int levels;        /**< p, grid levels per factor (even; step delta = p / (2 (p - 1))) */
    int candidates;    /**< M >= r random trajectories from which the r most spread out are kept */
    uint32_t seed;     /**< seed of the random trajectories */
} morris_spec;

/**
 * The points of the design: r trajectories of k + 1 points each, trajectory t's
 * point j at row t (k + 1) + j; consecutive points of a trajectory differ in exactly
 * one factor by +-delta. *x is new ([r (k + 1)][k], values in [0, 1]); free().
 * Selection (Campolongo 2007): the r candidates whose sum of squared pairwise
 * trajectory distances is largest, chosen greedily (add the candidate farthest from
 * those kept). Errors: k < 1 or > MORRIS_MAX_FACTORS, r < MORRIS_MIN_TRAJECTORIES,
 * levels odd or < 2, candidates < r or > MORRIS_MAX_CANDIDATES (SIM_ERR_CONFIG).
 */
sim_status morris_design(const morris_spec *spec, double **x);

/** Design points of a spec: r (k + 1). */
size_t morris_points(const morris_spec *spec);

/**
 * Elementary effects from a design x (as morris_design gives, or any trajectories
 * whose consecutive points differ in one factor) and outputs y[r (k + 1)]:
 * ee[t][i] = (y(after) - y(before)) / (x_i(after) - x_i(before)) for the step of
 * trajectory t that moves factor i. Errors: a step that moves no factor or several
 * (SIM_ERR_INTERNAL). ee is [r][k], caller-allocated.
 */
sim_status morris_effects(int k, int r, const double *x, const double *y, double *ee);

/** Morris statistics of one factor. */
typedef struct {
    double mu;          /**< mean elementary effect (output units per whole range) */
    double mu_star;     /**< mean absolute elementary effect (Campolongo 2007) */
    double sigma;       /**< standard deviation of the effects (n - 1 divisor) */
    double mu_star_lo;  /**< lower end of the bootstrap percentile interval of mu* */
    double mu_star_hi;  /**< upper end */
} morris_stat;

/**
 * mu, mu*, sigma of each factor from ee[r][k], and percentile bootstrap intervals of
 * mu* at level `confidence` from `nboot` resamples of the trajectories (the same
 * resample for every factor), drawn from key (seed, MORRIS_RNG_REPLICATION). out is [k].
 * Errors: r < 2, nboot < 1, confidence outside (0, 1) (SIM_ERR_CONFIG).
 */
sim_status morris_statistics(int k, int r, const double *ee, int nboot, double confidence, uint32_t seed,
                             morris_stat *out);

#endif
