/**
 * @file sweep_exec.h
 * @brief Running a loaded sweep as `chansim sweep` does, shared with `chansim
 *        sensitivity` (one engine): output probe, journal create or resume, local or
 *        MPI execution, the results file written atomically with provenance, the
 *        journal removed once the file is safe.
 */
#ifndef CHANSIM_SWEEP_EXEC_H
#define CHANSIM_SWEEP_EXEC_H

#include "sim/engine/status.h"
#include "sim/experiments/sweep.h"
#include "sim/experiments/sweep_output.h"
#include "sim/io/output.h"

/** Adds groups of a whole (unsharded) run's file after /sweep, before /provenance. */
typedef sim_status (*sweep_exec_extra)(void *ctx, out_file *f, const sweep_table *t);

/** How to run. */
typedef struct {
    const char *label;      /**< command name for the closing line ("sweep", "sensitivity") */
    const char *output;     /**< results file */
    int force;              /**< overwrite output; discard a journal when not resuming */
    int resume;             /**< continue from output.journal if it exists */
    int shard_k, shard_n;   /**< shard K of N (1, 1: the whole sweep) */
    int check;              /**< recount every person's state daily (tests) */
    int quiet;              /**< no progress bar or summary line */
    int argc;               /**< the command line, for provenance */
    char **argv;
    const char *const *configs; /**< configs of the scenarios run, for /provenance/config (NULL: the base's) */
    const char *const *config_names; /**< their names */
    int nconfigs;           /**< how many */
    sweep_exec_extra extra; /**< NULL, or called for a whole run */
    void *ctx;              /**< passed to extra */
} sweep_exec_options;

/**
 * Run every pending unit of s on this process or, built with MPI, across `size` ranks
 * (rank 0 schedules and writes). Returns SIM_ERR_INTERRUPTED with a message naming
 * the journal if stopped by a signal. Every rank must call it.
 */
sim_status sweep_exec(const sweep *s, const sweep_exec_options *o, int rank, int size);

/** Parse "K/N" of --shard. */
sim_status sweep_exec_parse_shard(const char *text, int *k, int *n);

/** Combine a per-rank failure flag into one agreed by every rank (MPI: any). */
int sweep_exec_agree(int failed);

#endif
