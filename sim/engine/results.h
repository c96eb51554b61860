/**
 * @file results.h
 * @brief In-memory results of one scenario: per-replication weekly, daily and
 *        per-group series, and totals over the horizon, sized by the model's metric
 *        set (metric.h). Filled by the model through the runner, written by
 *        sim/io/output.h, read back for export, plots and validation.
 *
 * Layout is row-major with the replication outermost, so one replication's block
 * is contiguous and replications can be filled by different threads without sharing.
 */
#ifndef CHANSIM_RESULTS_H
#define CHANSIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/calweek.h"
#include "sim/engine/config.h"
#include "sim/engine/metric.h"
#include "sim/engine/status.h"

enum { RESULTS_MAX_GROUPS = 16, RESULTS_NAME_MAX = 64 };

typedef struct {
    const sim_metric_set *metrics; /**< what the columns are (not owned; outlives the results) */
    char name[RESULTS_NAME_MAX];  /**< scenario name (file name without .ini, or [scenario] name) */
    int start_day;                /**< day number (days since 1970-01-01) of simulated day 0 */
    int days;                     /**< horizon, days */
    int weeks;                    /**< output weeks: the calendar weeks (Monday to Sunday) the horizon touches
                                       (calweek.h); week 0 and the last week may be partial */
    int groups;                   /**< nationality groups */
    char group_names[RESULTS_MAX_GROUPS][CFG_NAME_MAX]; /**< their names */
    int reps;                     /**< replications */
    uint32_t seed;                /**< the run's seed; replication r uses key (seed, first_rep + r) */
    int first_rep;                /**< index of the first replication held (0 unless a shard) */
    double *weekly;               /**< [reps][weeks][metrics->nweekly] */
    double *totals;               /**< [reps][metrics->nweekly] over the horizon (flows summed, stocks at the end, levels averaged, ratios of totals) */
    double *daily;                /**< [reps][days][metrics->ndaily] */
    double *group_weekly;         /**< [reps][weeks][groups][metrics->ngroup] */
    char *config_text;            /**< the resolved config (INI text), owned; goes to /provenance only */
} sim_results;

/**
 * Allocate zeroed arrays for `reps` replications of `days` days from day number
 * `start_day` and `groups` groups (usually metrics->groups), one column per metric of
 * `metrics` (checked with metric_set_check), one weekly row per calendar week the
 * horizon touches (calweek_count); name, seed and config_text are set by the caller.
 */
sim_status results_create(const sim_metric_set *metrics, int reps, int start_day, int days, int groups,
                          sim_results **res);

/** Free; sets *res to NULL. */
void results_destroy(sim_results **res);

/** Pointers to replication r's blocks. */
static inline double *results_weekly(const sim_results *r, int rep)
{
    return r->weekly + (size_t)rep * r->weeks * r->metrics->nweekly;
}
static inline double *results_totals(const sim_results *r, int rep)
{
    return r->totals + (size_t)rep * r->metrics->nweekly;
}
static inline double *results_daily(const sim_results *r, int rep)
{
    return r->daily + (size_t)rep * r->days * r->metrics->ndaily;
}
static inline double *results_group_weekly(const sim_results *r, int rep)
{
    return r->group_weekly + (size_t)rep * r->weeks * r->groups * r->metrics->ngroup;
}

#endif
