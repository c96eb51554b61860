/**
 * @file sweep_export.h
 * @brief `chansim export` of a sweep (or sensitivity) file: the design with the
 *        per-replication totals and their summaries as tidy CSV (see sim/io/export.h).
 *
 *   sweep_totals.csv   point, <parameter>..., replication, <metric>..., removal_share, return_share
 *   sweep_summary.csv  point, <parameter>..., metric, unit, mean, sd, q05, q50, q95
 * One row per design point and replication (totals) or per point and outcome (summary);
 * a date parameter is an ISO date; a parameter whose label is also the name of another
 * column is written as parameter_<label>.
 */
#ifndef CHANSIM_SWEEP_EXPORT_H
#define CHANSIM_SWEEP_EXPORT_H

#include "sim/engine/metric.h"
#include "sim/engine/status.h"
#include "sim/io/export.h"

/** Whether the results file at `path` holds a /sweep group (0 if unreadable: the readers report why). */
int sweep_file_present(const char *path);

/** Write sweep_totals.csv and sweep_summary.csv from the /sweep group of `path`. */
sim_status sweep_export(export_ctx *x, const char *path, const sim_metric_set *metrics);

#endif
