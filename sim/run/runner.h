/**
 * @file runner.h
 * @brief A scenario's replications into one results object, through the replication
 *        loop (replicate.h): replication r always uses the key (seed, first_rep + r)
 *        and its ensemble draw's parameters, so results do not depend on the number
 *        of threads or on which thread ran what. Also the stop flag that SIGINT and
 *        SIGTERM set, which every long job polls.
 */
#ifndef CHANSIM_RUNNER_H
#define CHANSIM_RUNNER_H

#include <stdint.h>

#include "sim/engine/results.h"
#include "sim/run/scenario.h"
#include "sim/engine/status.h"

typedef struct {
    int reps;              /**< replications to run */
    uint32_t seed;         /**< seed of the random streams */
    int first_rep;         /**< index of the first replication (shards of a larger run) */
    int check_invariants;  /**< recount every person's state every day (slow; tests) */
    int progress;          /**< draw a progress bar on stderr */
    const char *label;     /**< shown beside the progress bar */
} run_options;

/**
 * Run all replications of a scenario into a new results object (owned by the caller).
 * agent_days, if not NULL, receives the person-days spent on the coast (benchmarks).
 * Stops early with SIM_ERR_INTERRUPTED when runner_interrupted() becomes true.
 */
sim_status runner_run(const scenario *s, const run_options *o, sim_results **res, uint64_t *agent_days);

/** Ask running replications to stop (async-signal-safe: sets a flag). */
void runner_request_stop(void);

/** True once runner_request_stop() was called. */
int runner_interrupted(void);

/** Install SIGINT/SIGTERM handlers that call runner_request_stop() and remember the signal. */
void runner_install_signal_handlers(void);

/** The signal that asked to stop (SIGINT, SIGTERM), or 0 (none, or runner_request_stop() itself). */
int runner_stop_signal(void);

#endif
