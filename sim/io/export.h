/**
 * @file export.h
 * @brief CSV export of a results file's summaries, for R, pandas and spreadsheets.
 *
 * Files written into the output directory:
 *   - `<scenario>_weekly.csv`: `week_start` then, for each weekly metric of the
 *     model's metric set in its order, `<metric>_mean,<metric>_q05,<metric>_q50,<metric>_q95`; one row a week;
 *   - `summary.csv`: `scenario,metric,mean,sd,q05,q50,q95`, one row per metric per
 *     scenario, from the horizon totals;
 *   - `comparison.csv` (batch files): `scenario,baseline,metric,diff_mean,diff_lo,diff_hi`,
 *     one row per scenario and metric, then one per cost-effectiveness effect of the set.
 * Numbers are printed with "%.10g" (C locale expected); NaN is an empty field, which
 * R and pandas read as NA. Each file is written to a temporary name and renamed, so a
 * reader never sees half a file.
 */
#ifndef CHANSIM_EXPORT_H
#define CHANSIM_EXPORT_H

#include "sim/engine/metric.h"
#include "sim/engine/status.h"

/**
 * Export the summaries of every scenario in the results file `h5path`, for the
 * metrics of `metrics` (the model's set), to CSV files in `outdir`, created (with missing parents, like mkdir -p) if needed.
 * Errors: unreadable or malformed results file, directory not creatable or not
 * writable, write failures (SIM_ERR_IO). After a failure, CSVs already completed
 * remain; no temporary file does.
 */
sim_status export_csv(const char *h5path, const sim_metric_set *metrics, const char *outdir);

#endif
