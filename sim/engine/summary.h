/**
 * @file summary.h
 * @brief Summaries of a metric across replications: mean, standard deviation and
 *        the 5%, 50% and 95% quantiles, and paired differences between scenarios.
 *
 * Inputs are strided views into the results arrays (results.h), so a column such as
 * "arrivals in week w over all replications" is summarised without copying it out.
 * NaN values are skipped: a week with no boats has NaN people per boat, and that
 * replication simply does not contribute to that week's summary. The result depends
 * only on the values in replication order (GSL's running mean and a sort), never on
 * threads or timing. Safe to call concurrently from several threads: no shared state.
 */
#ifndef CHANSIM_SUMMARY_H
#define CHANSIM_SUMMARY_H

#include <stddef.h>

#include "sim/engine/status.h"

/** Columns of a summary, in the order they are stored in files and CSVs. */
enum {
    S_MEAN,       /**< sample mean */
    S_SD,         /**< sample standard deviation (n-1 denominator); 0 for a single value */
    S_Q05,        /**< 5% quantile (GSL definition: linear interpolation, see summary_stats) */
    S_Q50,        /**< median */
    S_Q95,        /**< 95% quantile */
    SUMMARY_COUNT /**< number of summary columns */
};

/** Column names {"mean","sd","q05","q50","q95"}: HDF5 `columns` attributes and CSV headers. */
extern const char *const summary_names[SUMMARY_COUNT];

/**
 * Summarise x[0], x[stride], ..., x[(n-1)*stride] (same unit as x) into out
 * (indexed by S_MEAN..S_Q95, all in x's unit). NaN values are skipped; if no value
 * is left (n = 0 or all NaN) every output is NaN. Quantiles are GSL's
 * gsl_stats_quantile_from_sorted_data: for sorted values v[0..k-1] and fraction f,
 * with d = f (k-1), i = floor(d): q = (1 - (d - i)) v[i] + (d - i) v[i+1].
 * Errors: stride 0, NULL pointers (SIM_ERR_INTERNAL); no memory for the sorted copy.
 */
sim_status summary_stats(const double *x, size_t n, size_t stride, double out[SUMMARY_COUNT]);

/**
 * Paired difference of two scenarios run with common random numbers: the mean of
 * d_i = a_i - b_i over replications i (a_i = a[i*stride], b_i = b[i*stride]) and a
 * 95% confidence interval FOR THAT MEAN DIFFERENCE (not a prediction interval for a
 * single replication's difference): mean -/+ t(0.975, k-1) * sd(d) / sqrt(k), where
 * k is the number of pairs with neither value NaN (pairs with a NaN are skipped).
 * k = 1 gives lo = hi = mean; k = 0 gives NaN for all three. Units are a's (= b's).
 * Errors: stride 0, NULL pointers (SIM_ERR_INTERNAL); no memory for the differences.
 */
sim_status summary_paired_diff(const double *a, const double *b, size_t n, size_t stride, double *mean,
                               double *lo, double *hi);

#endif
