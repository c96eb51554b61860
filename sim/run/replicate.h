/**
 * @file replicate.h
 * @brief The one replication loop: run, batch, sweep and calibration all run their
 *        replications through replicate_run.
 *
 * A job is `count` items; item i is one replication of the model with the parameters
 * and random-stream key its provider gives. Items are dealt to OpenMP threads one at a
 * time (schedule(dynamic, 1)), in item order or dearest first (`cost`); each thread keeps one model and reuses it while its
 * items share a parameter group (a model is sized by its parameters). A replication
 * is a pure function of (parameters, key) (models/model.h), so results are
 * bit-identical for any number of threads and any order in which items finish.
 *
 * Each finished replication is recorded in slot i of a results object (`res`), or in
 * a one-slot scratch results object of the thread, or both, and then handed to the
 * `done` callback. The first failure (its message and file:line trace) stops the rest
 * and is returned; an interruption stops the loop before the next replication and
 * returns SIM_ERR_INTERRUPTED.
 */
#ifndef CHANSIM_REPLICATE_H
#define CHANSIM_REPLICATE_H

#include <stddef.h>
#include <stdint.h>

#include "models/model.h"
#include "sim/engine/results.h"
#include "sim/engine/rng.h"
#include "sim/engine/status.h"
#include "sim/run/progress.h"

/**
 * The parameters of an item. Set *p either to parameters that stay valid until
 * replicate_run returns, or to `scratch` (the calling thread's own buffer) after filling
 * it. Asked once each time a thread's parameter group changes.
 */
typedef sim_status (*replicate_params_fn)(void *ctx, size_t item, model_params *scratch, const model_params **p);

/** The group of items that are not run here (e.g. another MPI process runs them). */
#define REPLICATE_SKIP SIZE_MAX

/**
 * The parameter group of an item: items of one group have identical parameters, so a
 * thread reuses its model across them. REPLICATE_SKIP: the item is not run here, and
 * is neither recorded nor reported.
 */
typedef size_t (*replicate_group_fn)(void *ctx, size_t item);

/** The random-stream key of an item (models/model.h: results depend only on it and the parameters). */
typedef rng_key (*replicate_key_fn)(void *ctx, size_t item);

/**
 * A replication is finished: m is the model after it, and slot `slot` of res holds its
 * records. Called from the thread that ran it, possibly concurrently with other items:
 * write only what belongs to this item. An error stops the loop like a failed run.
 */
typedef sim_status (*replicate_done_fn)(void *ctx, size_t item, const model *m, const sim_results *res, int slot);

/**
 * A relative guess of what item `item` costs to run (any positive scale), known
 * before it runs: items are then started dearest first (ties in item order), so
 * that the threads finish together (Graham's LPT rule: R. L. Graham 1969, "Bounds on
 * multiprocessing timing anomalies", SIAM J. Appl. Math. 17, 416). Results do not
 * depend on the order.
 */
typedef double (*replicate_cost_fn)(void *ctx, size_t item);

/** What to run and where its results go. */
typedef struct {
    size_t count;                /**< items, 0 .. count-1 */
    replicate_params_fn params;  /**< parameters of each item (required) */
    replicate_group_fn group;    /**< parameter group of each item; NULL: every item is run, with the same parameters */
    replicate_key_fn key;        /**< random-stream key of each item (required) */
    replicate_cost_fn cost;      /**< what each item costs, to start the dearest first; NULL: in item order (as
                                      items of one parameter group should run, to share the thread's model) */
    sim_results *res;            /**< if not NULL, item i is recorded in slot i (res->reps >= count, res->days the
                                      horizon); if NULL, in a one-slot scratch results object of the thread */
    replicate_done_fn done;      /**< called after each replication; may be NULL */
    void *ctx;                   /**< passed to the callbacks */
    int check_invariants;        /**< recount every person's state every day (slow; tests) */
    int (*interrupted)(void);    /**< polled before each replication: nonzero stops the loop; NULL: never */
    progress *progress;          /**< stepped once per replication run here; NULL: none */
} replicate_job;

/**
 * Run the items of a job with OpenMP (threads: OMP_NUM_THREADS or omp_set_num_threads).
 * agent_days, if not NULL, receives the person-days spent on the coast over the
 * replications run (the benchmark unit). Errors: the first failure of a replication,
 * its parameters or a callback, with its message and trace (no more replications start
 * after it); SIM_ERR_INTERRUPTED once job->interrupted() is nonzero (replications
 * already finished were recorded and reported; callers decide whether to keep them).
 */
sim_status replicate_run(const replicate_job *job, uint64_t *agent_days);

#endif
