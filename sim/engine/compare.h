/**
 * @file compare.h
 * @brief Paired comparison of scenarios with a baseline under common random numbers.
 *
 * Replication r of every scenario in a batch uses the same random streams, so the
 * difference scenario - baseline is taken replication by replication and its mean
 * gets a 95% Student-t interval (summary_paired_diff). Cost effectiveness is a ratio
 * of mean differences with a delta-method interval.
 *
 * File layout (added to a batch results file):
 *
 *     /comparison                                  attribute baseline (string)
 *         <scenario>/                              attribute baseline (string); one group per non-baseline scenario
 *             totals/<metric>                      [3] mean, lo, hi of the horizon-total difference
 *             weekly/<metric>                      [weeks, 3] the same for each week
 *             <effect>                             [3] each cost-effectiveness ratio of the metric set
 *                                                  (the Channel model: cost_per_crossing_prevented,
 *                                                  cost_per_death_averted, GBP/person; NaN where undefined)
 *     every [.., 3] dataset has attribute columns = "mean,lo,hi".
 */
#ifndef CHANSIM_COMPARE_H
#define CHANSIM_COMPARE_H

#include "sim/engine/metric.h"
#include "sim/engine/results.h"
#include "sim/engine/status.h"

enum { CMP_MEAN, CMP_LO, CMP_HI, CMP_COUNT };

/** Paired differences of one scenario from the baseline. */
typedef struct {
    const sim_metric_set *metrics;     /**< what the rows are (not owned) */
    char scenario[RESULTS_NAME_MAX];   /**< the scenario compared */
    char baseline[RESULTS_NAME_MAX];   /**< the reference scenario */
    int weeks;                         /**< output weeks */
    int start_day;                     /**< day number (days since 1970-01-01) of the first simulated day */
    int days;                          /**< simulated days (the last week may be partial) */
    int reps;                          /**< replications paired */
    double (*totals)[CMP_COUNT];       /**< [metrics->nweekly] horizon totals: scenario - baseline, in the metric's unit */
    double *weekly;                    /**< [weeks][metrics->nweekly][CMP_COUNT]; NULL when read back by cmp_read_totals */
    double (*effects)[CMP_COUNT];      /**< [metrics->neffects] cost-effectiveness ratios, in each effect's unit;
                                            NaN where undefined */
} cmp_result;

/**
 * Compare `scen` with `base`. They must have the same metric set, replications,
 * seed, first replication, start date and horizon (else SIM_ERR_CONFIG naming both).
 */
sim_status cmp_compute(const sim_results *scen, const sim_results *base, cmp_result **out);

/** Free; sets *c to NULL. */
void cmp_destroy(cmp_result **c);

/**
 * Ratio of mean paired differences num/den with a 95% delta-method interval; NaN
 * unless den's 95% interval lies above zero (a ratio per unit "prevented" is only
 * meaningful when something is prevented).
 */
sim_status cmp_ratio(const double *num, const double *den, size_t n, size_t stride, double out[CMP_COUNT]);

/**
 * An empty comparison for `metrics` with room for `weeks` weekly rows (0: totals and
 * effects only); NULL when out of memory. Free with cmp_destroy.
 */
cmp_result *cmp_alloc(const sim_metric_set *metrics, int weeks);

/** Free a list of comparisons (sim/io/compare_io.h reads them); sets *list to NULL. */
void cmp_free_list(cmp_result ***list, size_t n);

#endif
