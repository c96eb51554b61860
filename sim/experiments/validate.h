/**
 * @file validate.h
 * @brief Simulated against observed on the same dates: the rows of validation.csv.
 *
 * For each scenario of a results file and each complete period inside the window
 * [first, end) (validate's --from/--to; by default the simulated horizon and the
 * record's overlap), the horizon and the record:
 *  - every calendar year ("2023") and half year ("2025H1"): arrivals, boats,
 *    people_per_boat, days_with_arrivals, prevention_share (weeks with published
 *    preventions) and deaths (years only: the record is annual);
 *  - every month ("2023-01"): the same metrics but deaths;
 *  - period "monthly": how the monthly series fits. For arrivals the metrics are
 *    `coverage50` and `coverage90` (share of observed months inside the simulated 50%
 *    and 90% intervals, i.e. between the 25% and 75%, or 5% and 95%, quantiles across
 *    replications) and `correlation` (Pearson, observed months against the simulated
 *    monthly means); for the other metrics the same with the metric as prefix
 *    (`boats_coverage90`, ...). These values are in sim_mean; observed, quantiles and
 *    rel_error are empty.
 * sim_mean, sim_q05, sim_q95 are the mean and the 5% and 95% quantiles across
 * replications (summary.h's definitions); rel_error = (sim_mean - observed) / observed.
 * A value that does not exist (no observed deaths in a half year) gives no row; an
 * undefined number (rel_error for observed 0) is written as an empty field.
 */
#ifndef CHANSIM_VALIDATE_H
#define CHANSIM_VALIDATE_H

#include <stdio.h>

#include "sim/io/observed.h"
#include "sim/engine/results.h"
#include "sim/engine/status.h"

/** One row of validation.csv. */
typedef struct {
    char scenario[RESULTS_NAME_MAX]; /**< scenario name */
    char period[16];                 /**< "2023", "2025H1", "2023-01" or "monthly" */
    char metric[48];                 /**< metric name */
    double observed;                 /**< the record's value, in the metric's unit (NaN: not applicable) */
    double sim_mean;                 /**< mean across replications (or the fit measure of a "monthly" row) */
    double sim_q05;                  /**< 5% quantile across replications (NaN for "monthly" rows) */
    double sim_q95;                  /**< 95% quantile across replications */
    double rel_error;                /**< (sim_mean - observed) / observed, - */
    char window[80];                 /**< the window "FIRST..LAST" the row belongs to */
} val_row;

/** A growing list of rows. Zero-initialise; free with val_table_free. */
typedef struct {
    val_row *rows;
    size_t n, cap;
} val_table;

/** The CSV header line (without newline). */
extern const char val_csv_header[];

/**
 * Append the rows of one scenario's results on the window [first, end) (day numbers),
 * labelled `window`. A window that holds no complete period adds no rows (the scores
 * of validate_scores.h still cover its partial weeks and months).
 */
sim_status validate_scenario(const sim_results *res, const obs_record *obs, int first, int end, const char *window,
                             val_table *t);

/** Write the table as CSV to `path` through a temporary file and rename; an existing file only if `force`. */
sim_status validate_write_csv(const val_table *t, const char *path, int force);

/** Print the yearly, half-yearly and "monthly" rows as an aligned table. */
void validate_print(const val_table *t, FILE *out);

/** Free the rows; the table becomes empty. */
void val_table_free(val_table *t);

#endif
