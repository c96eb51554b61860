/**
 * @file scores.h
 * @brief Proper scores of a forecast given as an ensemble (the replications of a
 *        run, or one value for a point forecast) against one observed value: the
 *        continuous ranked probability score, the interval score, the weighted
 *        interval score and interval coverage, as forecasting hubs use them.
 *
 * Definitions (lower is better for CRPS, IS and WIS; all in the unit of the forecast
 * quantity, e.g. people):
 *  - CRPS of the ensemble's empirical distribution (Gneiting & Raftery 2007, JASA 102,
 *    eq. 21, kernel form CRPS = E|X - y| - E|X - X'|/2), computed in O(n log n) from the
 *    sorted sample x_(1) <= ... <= x_(n):
 *        CRPS = (1/n) sum_i |x_i - y| - (1/n^2) sum_i (2i - n - 1) x_(i)
 *    (the `crps_sample` estimator of Jordan, Krueger & Lerch 2019, J. Stat. Softw. 90(12)).
 *    One value x gives |x - y|.
 *  - Interval score of the central (1 - alpha) interval [l, u] (Gneiting & Raftery 2007
 *    eq. 43; Bracher et al. 2021, PLoS Comput. Biol. 17(2) e1008618, eq. 1):
 *        IS = (u - l) + (2/alpha)(l - y) 1{y < l} + (2/alpha)(y - u) 1{y > u}.
 *  - Weighted interval score (Bracher et al. 2021, eq. 2), median m and K intervals:
 *        WIS = (w0 |y - m| + sum_k w_k IS_k) / (K + 1/2),  w0 = 1/2, w_k = alpha_k / 2,
 *    with the COVID-19 Forecast Hub's levels alpha = 0.02, 0.05, 0.1, 0.2, ..., 0.9
 *    (K = 11, 23 quantiles). A point forecast (all quantiles equal) has WIS = |y - m|.
 *  - Coverage: whether y lies in the central 50% interval [q25, q75] and the 90%
 *    interval [q05, q95] (ends included).
 * Ensemble quantiles are GSL's (linear interpolation between order statistics, the
 * definition of summary.h), so the 5% and 95% here equal the summaries in results files.
 */
#ifndef CHANSIM_SCORES_H
#define CHANSIM_SCORES_H

#include <stddef.h>

#include "sim/engine/status.h"

/** Number of central intervals of the standard weighted interval score. */
enum { SCORE_WIS_INTERVALS = 11 };

/** Their alpha levels: the interval k is the central (1 - alpha[k]) interval. */
extern const double score_wis_alpha[SCORE_WIS_INTERVALS];

/** Interval score of [lo, hi] as the central (1 - alpha) interval, observed y; NaN if alpha is not in (0, 1). */
double score_interval(double lo, double hi, double alpha, double y);

/**
 * Weighted interval score from a median and `k` central intervals lo[i]..hi[i] at
 * levels alpha[i] (Bracher et al. 2021 eq. 2). NaN if k is 0 or any input is NaN.
 */
double score_wis(double median, const double *lo, const double *hi, const double *alpha, int k, double y);

/**
 * CRPS of the empirical distribution of the `n` values of `sorted` (ascending, no NaN)
 * against y, by the sorted-sample formula above. NaN if n is 0.
 */
double score_crps_sorted(const double *sorted, size_t n, double y);

/** Scores of one ensemble forecast against one observation. */
typedef struct {
    size_t n;      /**< ensemble members used (NaN members are skipped) */
    double mean;   /**< ensemble mean, forecast unit */
    double q05;    /**< 5% quantile */
    double q25;    /**< 25% quantile */
    double q50;    /**< median */
    double q75;    /**< 75% quantile */
    double q95;    /**< 95% quantile */
    double crps;   /**< continuous ranked probability score, forecast unit */
    double wis;    /**< weighted interval score with the standard levels, forecast unit */
    double in50;   /**< 1 if y is inside [q25, q75], else 0 */
    double in90;   /**< 1 if y is inside [q05, q95], else 0 */
} score_set;

/**
 * Score the ensemble x[0], x[stride], ..., x[(n-1)*stride] against y. NaN members
 * are skipped; with none left, or y NaN, every field but n is NaN. Errors: NULL or
 * stride 0 (SIM_ERR_INTERNAL), no memory for the sorted copy.
 */
sim_status score_ensemble(const double *x, size_t n, size_t stride, double y, score_set *out);

#endif
