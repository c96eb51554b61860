/**
 * @file compare_io.h
 * @brief The /comparison group of a results file: paired differences from the
 *        baseline (sim/engine/compare.h) with their intervals.
 */
#ifndef CHANSIM_COMPARE_IO_H
#define CHANSIM_COMPARE_IO_H

#include <stddef.h>

#include <hdf5.h>

#include "sim/engine/compare.h"
#include "sim/engine/metric.h"
#include "sim/engine/status.h"

/** Write /comparison for these results (baseline name and one cmp_result each). */
sim_status cmp_write(hid_t file, const char *baseline, cmp_result *const *list, size_t n);

/**
 * Read the totals and effects of every comparison in a results file (weekly left
 * NULL), for the metrics of `metrics`; one missing from the file reads as NaN.
 * *n = 0 if none.
 */
sim_status cmp_read_totals(const char *path, const sim_metric_set *metrics, cmp_result ***list, size_t *n);

/**
 * cmp_read_totals and the weekly differences too: start_day and days from the
 * scenario of the same name under /scenarios, weeks its calendar weeks, weekly
 * [weeks][nweekly][CMP_COUNT] (NaN for a metric missing from the file). Errors: a
 * comparison without its scenario, or of another shape (SIM_ERR_IO).
 */
sim_status cmp_read(const char *path, const sim_metric_set *metrics, cmp_result ***list, size_t *n);

#endif
