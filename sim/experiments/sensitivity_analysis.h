/**
 * @file sensitivity_analysis.h
 * @brief The indices of a finished sensitivity study: for each output (a metric of
 *        the base scenario, or a policy's paired difference from the base at the same
 *        design point and replication), Morris or Sobol indices estimated on the
 *        replication mean, and the share of variance that is replication noise.
 */
#ifndef CHANSIM_SENSITIVITY_ANALYSIS_H
#define CHANSIM_SENSITIVITY_ANALYSIS_H

#include <stddef.h>

#include "sim/engine/status.h"
#include "sim/experiments/morris.h"
#include "sim/experiments/sensitivity.h"
#include "sim/experiments/sensitivity_stats.h"
#include "sim/experiments/sobol_sa.h"
#include "sim/experiments/sweep_output.h"

enum { SA_OUTPUT_NAME_MAX = 160 /**< "<policy>-<base>.<metric>", bytes with NUL */ };

/** The analysis of one output. */
typedef struct {
    char name[SA_OUTPUT_NAME_MAX]; /**< "<base>.<metric>" or "<policy>-<base>.<metric>" (paired difference) */
    int metric;                    /**< metric id (metrics.h) */
    int scenario;                  /**< 0: the base's level; i > 0: policy i minus the base */
    sa_noise noise;                /**< replication noise against the variation over design points */
    double *mean;                  /**< [ndesign] replication mean at each design point, in the metric's unit */
    morris_stat *morris;           /**< [k] Morris statistics (method morris), else NULL */
    sobol_index *sobol;            /**< [k] Sobol indices (method sobol), else NULL */
    double variance;               /**< Sobol: variance of the replication means over the A and B rows */
} sa_output;

/** Every output of a study. */
typedef struct {
    int noutputs;     /**< nmetrics x nscen */
    sa_output *out;   /**< [noutputs], metric-major within scenario: base outputs first */
} sa_result;

/**
 * Analyse the finished results table t of study s (all points held, t's hash the
 * study's). Errors: a table of another study or a shard (SIM_ERR_CONFIG). *r is new.
 */
sim_status sa_analyse(const sa_study *s, const sweep_table *t, sa_result **r);

/** Free; sets *r to NULL. Safe on NULL. */
void sa_result_destroy(sa_result **r);

#endif
