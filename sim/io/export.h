/**
 * @file export.h
 * @brief `chansim export`: a results file as tidy CSV tables in one folder, with a data
 *        dictionary, for R, pandas and spreadsheets.
 *
 * Tidy: one row per observation (a scenario's replication and week, say), one column per
 * variable (each metric), every key a column (scenario, replication, week_start, ...), so
 * `pandas.read_csv` or `read.csv` gives a frame ready to filter, group and plot. The files
 * and their columns are listed in docs/output.md; every column of every file is also a row
 * of `columns.csv` (file, name, unit, description), written by export_columns_write.
 *
 * Files from a run or batch file (export_results):
 *   summary.csv            scenario, metric, unit, mean, sd, q05, q50, q95 (horizon totals across replications)
 *   totals.csv             scenario, replication, <metric>...            (horizon total of each replication)
 *   weekly.csv             scenario, replication, week_start, week_ending, week_days, partial_week, <metric>...
 *   weekly_summary.csv     scenario, week_start, week_ending, week_days, partial_week, metric, unit, mean, sd, q05, q50, q95
 *   daily.csv              scenario, replication, date, <daily metric>...
 *   groups.csv             scenario, replication, week_start, week_ending, week_days, partial_week, group, <group metric>...
 *   comparison.csv         scenario, baseline, metric, unit, diff_mean, diff_lo, diff_hi   (batch files)
 *   comparison_weekly.csv  scenario, baseline, week_start, week_ending, week_days, partial_week, metric, unit,
 *                          diff_mean, diff_lo, diff_hi                                       (batch files)
 *   provenance.csv         name, value: the attributes of /provenance (command line, seed, version, ...)
 * Weeks are calendar weeks, Monday (week_start) to Sunday (week_ending), as in the results
 * file; partial_week = 1 marks a first or last week the horizon covers only in part.
 * Numbers are printed with "%.10g" in the C locale; NaN is an empty field (NA in R and
 * pandas); dates are ISO 8601.
 *
 * Everything is written into an atomic_dir (sim/engine/atomic_file.h), so the folder
 * appears whole or not at all and nothing of an earlier export survives.
 */
#ifndef CHANSIM_EXPORT_H
#define CHANSIM_EXPORT_H

#include <stdio.h>

#include "sim/engine/atomic_file.h"
#include "sim/engine/metric.h"
#include "sim/engine/status.h"
#include "sim/engine/strbuf.h"

/** An export in progress: the folder being filled and its data dictionary. */
typedef struct {
    atomic_dir *dir;   /**< the new folder (not owned) */
    strbuf columns;    /**< rows of columns.csv so far (file,name,unit,description) */
    int files;         /**< CSV files written so far, columns.csv excluded */
} export_ctx;

/** Start an export into `dir` (an open atomic_dir). Free with export_ctx_free. */
void export_ctx_init(export_ctx *x, atomic_dir *dir);

/** Free the dictionary; the folder is the caller's. */
void export_ctx_free(export_ctx *x);

/** Record column `name` of `file` in the data dictionary, with its unit ("" if none) and description. */
void export_column(export_ctx *x, const char *file, const char *name, const char *unit, const char *description);

/** Create file `name` in the export folder (atomic_dir_fopen); count it. */
sim_status export_open(export_ctx *x, const char *name, FILE **fp);

/** Check and close a file opened with export_open. */
sim_status export_close(export_ctx *x, const char *name, FILE **fp);

/** A number for CSV: "%.10g", nothing for NaN (an empty field). */
void export_number(FILE *fp, double v);

/** A text field, quoted (RFC 4180) only if it holds a comma, quote or line break. */
void export_text(FILE *fp, const char *s);

/**
 * The scenario tables above from the results file `h5path` (nothing if it has no
 * scenarios, e.g. a sweep file) for the metrics of `metrics`, and provenance.csv.
 * Reads one scenario at a time. Errors: unreadable or malformed file (SIM_ERR_IO), out
 * of memory, write failures.
 */
sim_status export_results(export_ctx *x, const char *h5path, const sim_metric_set *metrics);

/** provenance.csv (name,value): every attribute of /provenance in `h5path`, by name; nothing if it has none. */
sim_status export_provenance(export_ctx *x, const char *h5path);

/** Write columns.csv (file,name,unit,description) from the dictionary: call last. */
sim_status export_columns_write(export_ctx *x);

#endif
