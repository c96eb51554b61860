/**
 * @file plot_data.h
 * @brief Inputs of the plots other than the scenario summaries: the observed
 *        weekly series (CSV) and a sweep's design and summaries (HDF5 /sweep).
 *
 * The sweep layout read here is the one sweep_output.h documents (only what plots need):
 *
 *     /sweep/names             string[parameters]  column labels
 *     /sweep/keys              string[parameters]  config keys (optional; names are used if absent)
 *     /sweep/units             string[parameters]  units ("date" = day number since 1970-01-01)
 *     /sweep/design            [n, parameters]     parameter values, one row per design point
 *     /sweep/summary/<metric>  [n, 5]              mean, sd, q05, q50, q95 across replications
 *
 * A summary dataset missing from the file reads as NaN.
 */
#ifndef CHANSIM_PLOT_DATA_H
#define CHANSIM_PLOT_DATA_H

#include <stddef.h>

#include "sim/engine/metric.h"
#include "sim/engine/status.h"
#include "sim/engine/summary.h"

/** Observed weekly arrivals, in file order. */
typedef struct {
    size_t n;          /**< weeks read */
    int *week_ending;  /**< day number (days since 1970-01-01) of each week's last day (a Sunday) */
    double *migrants;  /**< people arriving by small boat that week; NaN where the file left it empty */
} plot_observed;

/**
 * Read an observed weekly CSV with a header naming at least `week_ending`
 * (YYYY-MM-DD) and `migrants` (people); other columns are ignored, an empty migrants
 * field is NaN. *obs is new; free with plot_observed_destroy. Errors name the file
 * and line (SIM_ERR_IO unreadable; SIM_ERR_CONFIG for a missing column, a bad date
 * or number, or a file with no rows).
 */
sim_status plot_observed_read(const char *path, plot_observed **obs);

/** Free; sets *obs to NULL. Safe on NULL. */
void plot_observed_destroy(plot_observed **obs);

/** A parameter sweep's design and per-point summaries. */
typedef struct {
    const sim_metric_set *metrics; /**< the model's outputs: the columns of summary (not owned) */
    size_t points;   /**< design points */
    size_t nparams;  /**< swept parameters */
    char **names;    /**< column labels (config keys, or a CSV design's header), nparams strings */
    char **keys;     /**< their config keys (linked keys joined by " + "), nparams strings */
    char **units;    /**< their units ("date": values are day numbers), nparams strings */
    double *design;  /**< [points][nparams] parameter values, in each parameter's unit */
    double *summary; /**< [points][metrics->nweekly][SUMMARY_COUNT] horizon totals, in each metric's unit; NaN if absent */
} plot_sweep;

/**
 * Read /sweep from the results file at `path`, summaries for the weekly metrics of
 * `metrics`. *sw is NULL (and SIM_OK) when the
 * file has no /sweep group. Errors: unreadable file, or a /sweep whose design,
 * names, units or summaries are missing or have inconsistent shapes (SIM_ERR_IO
 * naming the object).
 */
sim_status plot_sweep_read(const char *path, const sim_metric_set *metrics, plot_sweep **sw);

/** Free; sets *sw to NULL. Safe on NULL. */
void plot_sweep_destroy(plot_sweep **sw);

#endif
