/**
 * @file sobol_sa.h
 * @brief Variance-based sensitivity: first-order and total Sobol indices from the
 *        Saltelli et al. (2010) sampling scheme on a Sobol' low-discrepancy sequence
 *        (GSL gsl_qrng_sobol), with bootstrap confidence intervals.
 *
 * Design: a 2k-dimensional Sobol' sequence gives N rows; its first k columns are
 * matrix A, the last k matrix B, and AB_i is A with column i taken from B. The model
 * is evaluated on N (k + 2) points: row n contributes A_n, B_n, AB_n^1 .. AB_n^k
 * (in that order, points n (k + 2) .. n (k + 2) + k + 1).
 *
 * Estimators (Saltelli et al. 2010, Table 2): first order (b)
 *     S_i  = (1/N) sum_n f(B)_n (f(AB_i)_n - f(A)_n) / V,
 * total effect, Jansen (1999), (f)
 *     ST_i = (1/2N) sum_n (f(A)_n - f(AB_i)_n)^2 / V,
 * with V the variance of the 2N values f(A), f(B). Intervals: percentile bootstrap
 * over the N rows (Archer, Saltelli & Sobol 1997).
 *
 * References: Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. &
 * Tarantola, S. (2010), Variance based sensitivity analysis of model output. Design
 * and estimator for the total sensitivity index, Computer Physics Communications 181,
 * 259-270. Jansen, M. J. W. (1999), Analysis of variance designs for model output,
 * Computer Physics Communications 117, 35-43.
 */
#ifndef CHANSIM_SOBOL_SA_H
#define CHANSIM_SOBOL_SA_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/status.h"

enum {
    SOBOL_SA_MAX_FACTORS = 20, /**< 2k dimensions of GSL's Sobol' generator (at most 40) */
    SOBOL_SA_MIN_SAMPLES = 16, /**< fewer rows give no usable variance or bootstrap */
    SOBOL_SA_SKIP = 1          /**< leading Sobol' points skipped: the first, (0.5, ..., 0.5), repeats in A and B */
};

/** Design points of a Saltelli design: N (k + 2). */
size_t sobol_sa_points(int k, size_t n);

/**
 * The Saltelli design in the unit hypercube: *x is new ([N (k + 2)][k]); free().
 * Errors: k outside 1..SOBOL_SA_MAX_FACTORS, N < SOBOL_SA_MIN_SAMPLES (SIM_ERR_CONFIG).
 */
sim_status sobol_sa_design(int k, size_t n, double **x);

/** Sobol indices of one factor with their intervals. */
typedef struct {
    double first;     /**< S_i, first-order index */
    double first_lo;  /**< bootstrap interval of S_i */
    double first_hi;
    double total;     /**< ST_i, total-effect index */
    double total_lo;  /**< bootstrap interval of ST_i */
    double total_hi;
} sobol_index;

/**
 * Indices of every factor from outputs y[N (k + 2)] in design order, with percentile
 * bootstrap intervals at level `confidence` from `nboot` resamples of the rows, drawn
 * from key (seed, SOBOL_SA_RNG_REPLICATION). out is [k]. *variance gets V (may be NULL).
 * When V is 0 (the output does not vary) every index is 0 with interval [0, 0].
 * Errors: nboot < 1, confidence outside (0, 1) (SIM_ERR_CONFIG).
 */
sim_status sobol_sa_indices(int k, size_t n, const double *y, int nboot, double confidence, uint32_t seed,
                            sobol_index *out, double *variance);

/** Replication slot of the bootstrap's key: never a real replication. */
#define SOBOL_SA_RNG_REPLICATION 0xFFFFFFFDu

#endif
