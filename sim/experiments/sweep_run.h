/**
 * @file sweep_run.h
 * @brief Running a sweep's work units: the OpenMP executor of a batch of units, the
 *        record of what is done (fed from the journal on resume), and the
 *        single-process scheduler. sweep_mpi.h spreads the same batches over ranks.
 *
 * A unit's results depend only on (point, replication), never on which thread,
 * batch or rank ran it, so any schedule gives the same file.
 */
#ifndef CHANSIM_SWEEP_RUN_H
#define CHANSIM_SWEEP_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "sim/experiments/journal.h"
#include "sim/engine/status.h"
#include "sim/experiments/sweep.h"
#include "sim/experiments/sweep_output.h"
#include "sim/run/progress.h"

/**
 * Run work units units[0..n-1] (unit = point * sweep_blocks(s) + block) with OpenMP
 * over all their replications. values gets [n][s->block][sweep_nvalues(s)] totals (rows past a
 * short last block untouched); complete[i] = 1 if unit i ran all its replications.
 * Stops early, leaving some units incomplete, once runner_interrupted() is true; that
 * is not an error. check: recount every person's state daily (tests).
 */
sim_status sweep_run_units(const sweep *s, const uint32_t *units, size_t n, double *values, int *complete,
                           int check);

/** What has been done of one shard of a sweep, and where it is recorded. */
typedef struct {
    const sweep *s;         /**< the sweep (not owned) */
    int shard_index;        /**< 1-based */
    int shard_count;        /**< shards */
    size_t nheld;           /**< points of this shard */
    uint32_t *held;         /**< [nheld] their global indices, increasing */
    double *totals;         /**< [nheld][reps][sweep_nvalues(s)] */
    unsigned char *done;    /**< [nheld][blocks] 1 when the unit's results are in */
    size_t units_total;     /**< nheld * blocks */
    size_t units_done;      /**< units recorded */
    journal *j;             /**< where completed units are appended (not owned; may be NULL) */
    progress bar;           /**< units done, on stderr (sweep_progress) */
    int bar_started;        /**< 1 once sweep_progress has started the bar */
} sweep_state;

/** An empty state for shard k of n. Errors: more units than fit in 32 bits. *st is new. */
sim_status sweep_state_create(const sweep *s, int k, int n, sweep_state **st);

/** Free; sets *st to NULL (does not close the journal). */
void sweep_state_destroy(sweep_state **st);

/** Record one unit's totals (values [nreps][sweep_nvalues(s)]); a journal_visit. Errors: a unit not in this shard. */
sim_status sweep_state_put(void *state, uint32_t point, uint32_t block, uint32_t nreps, const double *values);

/** The units not yet done, in unit order. *units is new (free()); *n may be 0. */
sim_status sweep_state_pending(const sweep_state *st, uint32_t **units, size_t *n);

/**
 * Record finished units from a batch: append each complete one to the journal, flush
 * it once, then mark them done. values and complete as sweep_run_units gives them.
 */
sim_status sweep_state_commit(sweep_state *st, const uint32_t *units, size_t n, const double *values,
                              const int *complete);

/** The results table of a finished state (all units done). *t is new. */
sim_status sweep_state_table(const sweep_state *st, sweep_table **t);

/** Units per batch so `threads` threads stay busy: about 4 replications per thread. */
size_t sweep_batch_units(const sweep *s, int threads);

/**
 * Run every pending unit in this process, batch by batch, committing each batch.
 * progress: a progress line on stderr (when it is a terminal). Returns
 * SIM_ERR_INTERRUPTED (message empty) if stopped by a signal; done units are kept.
 */
sim_status sweep_execute_local(sweep_state *st, int check, int progress);

/** Report the units done so far (progress.h; the first call starts the report). progress = 0: show nothing. */
void sweep_progress(sweep_state *st, int progress);

#endif
