/**
 * @file output_dims.h
 * @brief Named, labelled axes for results files: HDF5 dimension scales with the
 *        netCDF-4 / CF conventions that xarray (h5netcdf engine), netCDF tools, pandas
 *        and R's hdf5r understand, so a group opens in one line with dated axes.
 *
 * Conventions (docs/output.md):
 *   - an axis is a 1-D coordinate dataset made a dimension scale (H5DSset_scale) whose
 *     name is the dimension's name ("replication", "week", "day", "group", "statistic",
 *     "point", "parameter"); every dataset of a group has each of its axes attached
 *     (H5DSattach_scale), to a scale in the same group, because a netCDF reader opening
 *     one group sees that group's coordinate values only;
 *   - dates are CF time coordinates: 32-bit integers with units "days since 1970-01-01"
 *     and calendar "proleptic_gregorian", which xarray decodes to datetime64 and R turns
 *     into Date with as.Date(x, origin = "1970-01-01");
 *   - labels are variable-length UTF-8 strings;
 *   - every coordinate carries `long_name`; `units` where it has one.
 *
 * Scales are small contiguous datasets without timestamps, so two runs of the same
 * config and seed stay h5diff-identical.
 */
#ifndef CHANSIM_OUTPUT_DIMS_H
#define CHANSIM_OUTPUT_DIMS_H

#include <stddef.h>

#include <hdf5.h>

#include "sim/engine/metric.h"
#include "sim/engine/status.h"

/** CF units of every date coordinate and date-valued variable in a results file. */
#define OUT_DATE_UNITS "days since 1970-01-01"
/** CF calendar of every date coordinate (the Gregorian calendar extended backwards, as ISO 8601). */
#define OUT_DATE_CALENDAR "proleptic_gregorian"

/**
 * Create axis `name` under `loc`: n 32-bit integers first, first+1, ... (replication
 * numbers, design point indices). *scale is the new open dataset (close with out_close).
 */
sim_status out_dim_index(hid_t loc, const char *name, size_t n, int first, const char *long_name, hid_t *scale);

/** Create axis `name` under `loc` holding the n 32-bit integers `values` (e.g. a shard's design points). *scale is new. */
sim_status out_dim_ints(hid_t loc, const char *name, size_t n, const int *values, const char *long_name, hid_t *scale);

/**
 * Create date axis `name` under `loc` from n day numbers (days since 1970-01-01), with
 * the CF units and calendar above. *scale is new.
 */
sim_status out_dim_dates(hid_t loc, const char *name, size_t n, const int *days, const char *long_name, hid_t *scale);

/** Create axis `name` under `loc` labelled by n UTF-8 strings (group names, statistics). *scale is new. */
sim_status out_dim_labels(hid_t loc, const char *name, size_t n, const char *const *labels, const char *long_name,
                          hid_t *scale);

/**
 * A 1-D 32-bit integer variable `name` under `loc` on axis `scale` (n values), with
 * long_name, units (if not NULL) and, if flag_meanings is not NULL, the CF flag
 * attributes for a 0/1 flag (flag_values 0, 1 and the given space-separated meanings).
 */
sim_status out_dim_int_variable(hid_t loc, const char *name, hid_t scale, size_t n, const int *values,
                                const char *long_name, const char *units, const char *flag_meanings);

/** How a metric aggregates over time, as its `kind` attribute says: "flow", "stock", "level" or "ratio". */
const char *out_metric_kind(sim_metric_kind kind);

/**
 * The CF cell_methods of a metric of `kind` along axis `axis` into buf: "week: sum" for
 * a flow, "week: point" for a stock (its value at the end), "week: mean" for a level;
 * NULL for a ratio, which CF cannot express. Returns buf or NULL.
 */
const char *out_metric_cell_methods(sim_metric_kind kind, const char *axis, char *buf, size_t size);

/** CF `coordinates` of every dataset on a week axis: the auxiliary variables out_dim_weeks writes. */
#define OUT_WEEK_AUX "week_days partial_week"

/**
 * The week axis of a horizon of `days` days from day number start_day, in `weeks`
 * calendar weeks, Monday to Sunday (calweek.h; the first and last may be cut short by
 * the horizon): the date axis "week" (each week's Monday, also for a partial first
 * week), and on it "week_days" (simulated days in the week) and "partial_week" (a CF
 * flag: 1 if week_days < 7). *scale is the new week axis. SIM_ERR_INTERNAL if weeks
 * is not calweek_count(start_day, days).
 */
sim_status out_dim_weeks(hid_t loc, int start_day, int days, int weeks, hid_t *scale);

/** A 1-D date variable (n day numbers since 1970-01-01, CF units and calendar) on axis `scale`, with long_name. */
sim_status out_dim_date_variable(hid_t loc, const char *name, hid_t scale, size_t n, const int *days,
                                 const char *long_name);

/** A 1-D double variable on axis `scale` (n values) with long_name and units (each skipped if NULL). */
sim_status out_dim_double_variable(hid_t loc, const char *name, hid_t scale, size_t n, const double *values,
                                   const char *long_name, const char *units);

/**
 * A 1-D variable-length UTF-8 string variable `name` under `loc` on axis `scale`
 * (n strings), with long_name.
 */
sim_status out_dim_string_variable(hid_t loc, const char *name, hid_t scale, size_t n, const char *const *values,
                                   const char *long_name);

/**
 * Attach scales[i] to axis i of dataset `name` under `loc` (rank axes, which must
 * match the dataset's rank and sizes), and set its CF `coordinates` attribute to
 * `coordinates` (space-separated auxiliary coordinate names) if that is not NULL.
 */
sim_status out_dim_attach(hid_t loc, const char *name, int rank, const hid_t *scales, const char *coordinates);

/**
 * Describe dataset `name` under `loc` for users: `description` (one sentence, skipped
 * if NULL), `kind` ("flow", "stock", "level", "ratio", or another word for non-metric
 * data) and, if cell_methods is not NULL, the CF `cell_methods` string.
 */
sim_status out_dim_describe(hid_t loc, const char *name, const char *description, const char *kind,
                            const char *cell_methods);

#endif
