/**
 * @file output.h
 * @brief HDF5 results files: one file per run, one group per scenario, written to
 *        a temporary name and renamed into place only when complete.
 *
 * Layout (all numbers double unless stated; [..] lists a dataset's axes; docs/output.md
 * is the users' version, with the one-line Python and R readers):
 *
 *     /scenarios/<name>/                 attributes start_date ("YYYY-MM-DD"), days, weeks,
 *                                        replications, first_replication, groups (int),
 *                                        seed (uint32), group_names (string[groups])
 *         week, week_days, partial_week  the week axis (output_dims.h: out_dim_weeks)
 *         week_start                     [week] UTF-8 "YYYY-MM-DD" of each calendar week's Monday
 *         weekly/<metric>                [replication, week]
 *         totals/<metric>                [replication]
 *         daily/<daily metric>           [replication, day]
 *         groups/<group metric>          [replication, week, group]
 *         summary/weekly/<metric>        [week, statistic]  attribute columns = "mean,sd,q05,q50,q95"
 *         summary/totals/<metric>        [statistic]        attribute columns
 *     /provenance/                       attributes command_line, seed, replications, version,
 *                                        git_commit, gsl_version, hdf5_version, [inih_version],
 *                                        threads, mpi_processes, host, start_time, end_time
 *         config/<name>                  string: the scenario's resolved config (INI text)
 *
 * Each group holds its own axes as dimension scales (output_dims.h): replication (int),
 * week and day (CF dates), group and statistic (UTF-8 labels). Every metric dataset has
 * attributes units, long_name, kind ("flow", "stock", "level", "ratio"), description
 * (if the metric has one) and, on a week or day axis, CF cell_methods; on a week axis,
 * coordinates = "week_days partial_week".
 *
 * Metric names, units and titles come from the model's metric set (sim/engine/metric.h;
 * the Channel model's is models/metrics.c); the datasets of each family follow its
 * table order. Everything that depends on time, host or
 * command line lives under /provenance, and object timestamps are off, so two runs of
 * the same config and seed give files that `h5diff --exclude-path /provenance` finds
 * equal. Groups track link creation order, so scenarios list in the order written.
 *
 * Every HDF5 failure becomes SIM_ERR_IO with a message naming the file or object and
 * HDF5's own reason; HDF5's automatic error printing is switched off. The HDF5 library
 * is not re-entrant for one file: call these functions from one thread at a time
 * (e.g. the master thread after the replications' parallel region).
 */
#ifndef CHANSIM_OUTPUT_H
#define CHANSIM_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include <hdf5.h>

#include "sim/engine/results.h"
#include "sim/engine/status.h"
#include "sim/engine/summary.h"

/** Who ran what, where and when: written only under /provenance. */
typedef struct {
    const char *command_line; /**< the full command line, arguments separated by spaces (NULL: "") */
    uint32_t seed;            /**< the run's master seed */
    int reps;                 /**< replications per scenario requested */
    int threads;              /**< OpenMP threads used */
    int mpi_procs;            /**< MPI processes (1 without MPI) */
    const char *host;         /**< host name (NULL: "") */
    long long start_time;     /**< run start, unix seconds (UTC); stored as ISO 8601 */
    long long end_time;       /**< run end, unix seconds (UTC); stored as ISO 8601 */
} out_provenance;

/** An open results file being written (to a temporary name). Opaque. */
typedef struct out_file out_file;

/**
 * Why H5Fopen refused `path`, as an error (SIM_ERR_IO): "cannot read" with the
 * system's reason, "is empty", "is a truncated or damaged HDF5 file" (it starts with
 * the HDF5 signature: a copy cut short, a killed writer's temporary), or "is not an
 * HDF5 file". Call it right after a failed H5Fopen.
 */
sim_status out_h5_open_failed(const char *path);

/**
 * Start writing results to `path`. Call this before any simulation work, so a bad
 * path fails in milliseconds rather than after hours. `path` is checked under the
 * output-path policy of sim/engine/atomic_file.h (atomic_target): SIM_ERR_EXISTS if it
 * exists and `force` is 0 ("output 'x.h5' exists; use --force to overwrite"); SIM_ERR_IO
 * (naming the path and the reason) if it is not a regular file (a device such as
 * /dev/null, a directory, a FIFO), is read-only (even with force), is a link to a
 * missing file, or its directory does not exist or is not writable. A symbolic link is
 * written through. Creates `<target>.tmp.<pid>` beside the file to be replaced; nothing
 * there changes until out_commit. On success *f is the new writer; on failure *f is
 * NULL and no temporary file is left.
 */
sim_status out_open(const char *path, int force, out_file **f);

/**
 * Write one scenario's results, summaries included, under /scenarios/<r->name>.
 * Errors: a name that is empty, contains '/', or was already written
 * (SIM_ERR_CONFIG); inconsistent shapes (SIM_ERR_INTERNAL); HDF5 failures
 * (SIM_ERR_IO). After a failure the file is incomplete: call out_abort.
 */
sim_status out_write_scenario(out_file *f, const sim_results *r);

/**
 * Write /provenance: the run's attributes from `p` plus the library versions, and
 * /provenance/config/<name> holding scen[i]->config_text for each of the nscen
 * scenarios (a scenario whose config_text is NULL gets no entry). Call once per file;
 * a second call is SIM_ERR_INTERNAL.
 */
sim_status out_write_provenance(out_file *f, const out_provenance *p, const sim_results *const *scen,
                                size_t nscen);

/**
 * Finish: close the file, flush it to disk and rename the temporary file to the final
 * path atomically (rename(2)), replacing an existing file only if out_open was given
 * force. Always frees the writer and sets *f to NULL; on failure the temporary file is
 * removed and whatever was at the final path is untouched.
 */
sim_status out_commit(out_file **f);

/** Give up: close and remove the temporary file, free the writer, set *f to NULL. Safe on NULL or *f == NULL. */
void out_abort(out_file **f);

/**
 * Read back from the finished file at `path` everything out_write_scenario wrote
 * for scenario `name` (the summaries and week_start are derived, so not returned),
 * shaped by `metrics` (the model's set: every metric it names is looked up),
 * plus config_text from /provenance/config/<name> (NULL if absent). A metric dataset
 * missing from the file (a file older than a metric added to the model) reads as
 * NaN; a dataset with the wrong shape is an error. *r is new; free with results_destroy.
 * Errors: unreadable file, no such scenario, malformed file (SIM_ERR_IO).
 */
sim_status out_read_scenario(const char *path, const char *name, const sim_metric_set *metrics, sim_results **r);

/**
 * The scenario names in the file at `path`, in the order they were written. *names
 * is a new array of *n new strings (empty if the file holds no scenario); free with
 * out_free_names. Errors: unreadable file, or not a chansim results file (SIM_ERR_IO).
 */
sim_status out_list_scenarios(const char *path, char ***names, size_t *n);

/** Free a list from out_list_scenarios; sets *names to NULL. Safe on NULL. */
void out_free_names(char ***names, size_t n);

/**
 * The open temporary file, so other writers (comparison groups, sweeps) can add
 * their own groups with the helpers below. Do not close it; it stays valid until
 * out_commit or out_abort, which close any object still open in it.
 * H5I_INVALID_HID if f is NULL.
 */
hid_t out_file_handle(out_file *f);

/** Across-replication summaries of one scenario, as stored under summary/ (for CSV export and plots). */
typedef struct {
    const sim_metric_set *metrics; /**< what the rows are (not owned) */
    char name[RESULTS_NAME_MAX]; /**< scenario name */
    int start_day;               /**< day number (days since 1970-01-01) of simulated day 0 */
    int days;                    /**< simulated days */
    int weeks;                   /**< output weeks: calendar weeks, Monday to Sunday (calweek.h) */
    int reps;                    /**< replications summarised */
    double *weekly;              /**< [weeks][metrics->nweekly][SUMMARY_COUNT], in each metric's unit; NaN where no
                                      replication had a value */
    double (*totals)[SUMMARY_COUNT]; /**< [metrics->nweekly] horizon totals, in each metric's unit */
} out_summary;

/**
 * Read scenario `name`'s summary/weekly and summary/totals from the finished file at
 * `path` for the weekly metrics of `metrics`, without loading the per-replication
 * data. Missing metrics read as NaN.
 * *s is new; free with out_summary_destroy. Errors as out_read_scenario.
 */
sim_status out_read_summary(const char *path, const char *name, const sim_metric_set *metrics, out_summary **s);

/** Free an out_summary; sets *s to NULL. Safe on NULL. */
void out_summary_destroy(out_summary **s);

/*
 * Helpers for other writers adding groups through out_file_handle, so every object
 * in a results file follows the same conventions (creation order tracked, no
 * timestamps, chunked and compressed datasets) and runs stay h5diff-identical.
 */

/** Create group `name` under `loc` with creation order tracked and timestamps off. *g is new; close with H5Gclose. */
sim_status out_create_group(hid_t loc, const char *name, hid_t *g);

/**
 * Create dataset `name` under `loc` of rank 1..8 with shape dims, holding `data`
 * (row-major, product(dims) doubles), chunked (whole trailing rows, chunks capped at
 * 64 KiB) with shuffle + deflate 4 unless smaller than 256 bytes, and the CF attributes
 * `units` (from unit) and `long_name` (from title) if those are not NULL. Attach its
 * axes with out_dim_attach (output_dims.h) so netCDF readers can open its group.
 */
sim_status out_write_doubles(hid_t loc, const char *name, int rank, const hsize_t *dims, const double *data,
                             const char *unit, const char *title);

/** Attach a scalar UTF-8 string attribute (variable length) to an object. NULL value writes "". */
sim_status out_write_attr_string(hid_t obj, const char *name, const char *value);

/** Close any kind of HDF5 identifier and set it to H5I_INVALID_HID; harmless on an invalid one. */
void out_close(hid_t *id);

/** Attach a scalar 32-bit integer attribute to an object. */
sim_status out_write_attr_int(hid_t obj, const char *name, int value);

#endif
