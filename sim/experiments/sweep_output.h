/**
 * @file sweep_output.h
 * @brief Sweep results in HDF5: the design table, per-replication totals and
 *        per-point summaries, columnar so one outcome over 10,000 points is one read.
 *
 * Layout of a sweep file (written through output.h's writer, so it is atomic and has
 * the usual root attribute format_version, an empty /scenarios and /provenance):
 *
 *     /sweep                         attributes:
 *                                      kind = "chansim sweep", sweep_format (int, 1)
 *                                      design ("grid", "lhs", "sobol", "list")
 *                                      base (as written in the sweep file; "" = the sweep file itself)
 *                                      base_scenario (its scenario name)
 *                                      replications, block, seed (int)
 *                                      points (int: points of the WHOLE sweep)
 *                                      parameters (int)
 *                                      shard_index, shard_count (int; 1, 1 for a whole or merged run)
 *                                      hash (16 hex digits identifying the sweep)
 *         parameter, point           axes (dimension scales, output_dims.h): column labels; point indices
 *         <label>                    [point] each parameter's value: double with its units, or for a
 *                                    date a CF date (int32, units "days since 1970-01-01"); named
 *                                    parameter_<label> if the label names a metric or dataset
 *         definition                 string: the canonical sweep description (keys, seed, base values)
 *         names                      string[parameters]: column labels ([parameters] keys or CSV header)
 *         keys                       string[parameters]: config keys, linked keys joined by " + "
 *         units                      string[parameters]: each column's unit ("date" = day number)
 *         point                      int32[n]: global index (0-based) of each row's design point
 *         design                     [n, parameters]  parameter values, row = point; dates as days
 *                                                      since 1970-01-01; attribute columns = names
 *         totals/<metric>            [n, replications]  horizon total of each replication
 *                                                      (metric names and units from the model's
 *                                                      metric set, sim/engine/metric.h)
 *         totals/removal_share       [n, replications]  removed / arrivals (NaN without arrivals)
 *         totals/return_share        [n, replications]  returned / arrivals (sweep_derived_outcomes;
 *                                                      an error if the model lacks those metrics)
 *         summary/<metric>           [n, 5]  mean, sd, q05, q50, q95 across replications
 *                                            (attribute columns = "mean,sd,q05,q50,q95"),
 *                                            for every totals/ dataset
 *
 * totals/ and summary/ hold their own axes (point, replication or statistic) and the
 * per-parameter variables, attached as CF coordinates of every dataset there.
 *
 * n is the number of points held: all of them in a whole or merged file (then point =
 * 0..n-1), a shard's subset in a shard file. Replication r of every point used the
 * random key (seed, r). To plot "outcome against parameter": x = design[:, j],
 * y = summary/<metric>[:, 0], band = summary/<metric>[:, 2..4].
 */
#ifndef CHANSIM_SWEEP_OUTPUT_H
#define CHANSIM_SWEEP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/metric.h"
#include "sim/engine/status.h"
#include "sim/io/output.h"

/** An outcome stored beside the metrics: the ratio of two metrics' totals, replication by replication. */
typedef struct {
    const char *name;        /**< dataset name under totals/ and summary/ */
    const char *numerator;   /**< weekly metric name */
    const char *denominator; /**< weekly metric name; a total of zero gives NaN */
    const char *title;       /**< human label */
} sweep_derived;

enum { SWEEP_DERIVED_COUNT = 2 };

/** The derived outcomes: removal_share = removed / arrivals, return_share = returned / arrivals (unit "share"). */
extern const sweep_derived sweep_derived_outcomes[SWEEP_DERIVED_COUNT];

/** Everything a sweep file holds outside /provenance, in memory. */
typedef struct {
    const sim_metric_set *metrics; /**< the model's outputs (not owned) */
    char *definition;       /**< canonical sweep description (owned) */
    char hash[17];          /**< 16 hex digits */
    char kind[16];          /**< design kind name: grid, lhs, sobol, list */
    char *base;             /**< base as written (owned) */
    char *base_name;        /**< base scenario name (owned) */
    char *base_config;      /**< resolved base config for /provenance (owned; may be NULL) */
    int reps;               /**< replications per point */
    int block;              /**< replications per work unit */
    uint32_t seed;          /**< seed */
    size_t total_points;    /**< points of the whole sweep */
    int shard_index;        /**< 1-based */
    int shard_count;        /**< shards */
    int nparams;            /**< columns of the design */
    char **names;           /**< [nparams] labels (owned) */
    char **keys;            /**< [nparams] keys (owned) */
    char **units;           /**< [nparams] units (owned) */
    size_t npoints;         /**< rows held */
    uint32_t *point;        /**< [npoints] global point index of each row, increasing */
    double *design;         /**< [npoints][nparams] */
    double *totals;         /**< [npoints][reps][metrics->nweekly] per-replication totals */
} sweep_table;

/** An empty table for the outputs of `metrics` with arrays for npoints rows (names etc. NULL). *t is new. */
sim_status sweep_table_create(const sim_metric_set *metrics, int nparams, size_t npoints, int reps, sweep_table **t);

/** Free; sets *t to NULL. Safe on NULL. */
void sweep_table_destroy(sweep_table **t);

/** Write /sweep of table t into an open results file (out_open). */
sim_status sweep_table_write(out_file *f, const sweep_table *t);

/**
 * Read a sweep results file (its /sweep group and the base config under
 * /provenance/config, if present) for the metrics of `metrics` (one missing from the
 * file reads as NaN). Errors: unreadable file, not a sweep file, bad shapes
 * (SIM_ERR_IO). *t is new.
 */
sim_status sweep_table_read(const char *path, const sim_metric_set *metrics, sweep_table **t);

#endif
