/**
 * @file abc_model.h
 * @brief The chansim model as an ABC simulator: a parameter vector becomes a scenario
 *        (the base config with `--set`-style overrides), a few replications of it are
 *        run, and the summary statistics of the calibration file are computed from
 *        their daily series with observed.h, on the same dates as the record's.
 *
 * Replication keys: replication r of proposal i of generation t uses the key
 * (seed, (t * ABC_MAX_PARTICLES + i) * reps + r), so every simulation of a calibration
 * has its own streams and none depends on which thread or MPI process ran it.
 * Parallel: every replication of a generation's proposals goes through the replication
 * loop (sim/run/replicate.h), a proposal's statistics being the mean over its
 * replications in replication order; with CHANSIM_MPI, the proposals are dealt
 * round-robin to the processes and the statistics summed back.
 */
#ifndef CHANSIM_ABC_MODEL_H
#define CHANSIM_ABC_MODEL_H

#include <stddef.h>

#include "sim/experiments/abc.h"
#include "sim/experiments/abc_config.h"
#include "sim/io/observed.h"
#include "sim/engine/results.h"
#include "sim/run/scenario.h"
#include "sim/engine/status.h"

/** One summary statistic component: a metric over one period. */
typedef struct {
    int statistic;      /**< index into abc_config.stats (its group in the distance) */
    obs_period period;  /**< the period */
    double observed;    /**< the record's value */
} abc_component;

/** The simulator's state (read-only while simulating). */
typedef struct {
    const abc_config *cfg;       /**< calibration file (not owned) */
    const obs_record *obs;       /**< observed record (not owned) */
    obs_sim_columns cols;        /**< where the daily series the statistics need sit in the model's results */
    scenario *base;              /**< the base scenario as loaded (owned) */
    abc_component *comp;         /**< [ncomp] the statistics, flattened */
    int ncomp;
    double *observed;            /**< [ncomp] observed values */
    int *group;                  /**< [ncomp] statistic (group) of each component */
    double *group_weight;        /**< [cfg->nstats] */
    int window_first;            /**< first day of the statistics window, day number */
    int window_end;              /**< first day after it */
    int progress;                /**< show a progress count on stderr */
    int mpi_rank;                /**< this process (0 without MPI) */
    int mpi_size;                /**< processes (1 without MPI) */
    size_t offset[ABC_MAX_PARAMS];           /**< byte offset of each calibrated parameter in model_params */
    int rejected;                /**< proposals whose values broke a rule between parameters (NaN statistics) */
} abc_model;

/**
 * Load the base scenario, build the statistics over the window (the calibration
 * file's, or the scenario's horizon intersected with the record). Errors: the base
 * scenario does not load, the window leaves the scenario or the record, a statistic
 * has no observed value in the window.
 */
sim_status abc_model_create(const abc_config *cfg, const obs_record *obs, abc_model **m);

/** Free; sets *m to NULL. Safe on NULL. */
void abc_model_destroy(abc_model **m);

/** The ABC problem (priors, observed statistics, groups) over this model. `priors` is [cfg->nparams], filled here. */
void abc_model_problem(const abc_model *m, abc_prior *priors, abc_problem *pb);

/** The abc_simulate_fn for abc_run (ctx = abc_model *). */
sim_status abc_model_simulate(void *ctx, int generation, int n, const double *theta, double *stats);

/**
 * The base scenario's parameters with the values theta ([cfg->nparams], parameters'
 * units) as they read back after printing with `digits` significant digits (17:
 * exact), so a replay equals a run of the config file written with those digits.
 * The base config is read once (abc_model_create), so edits to it during a long
 * calibration change nothing. A broken rule between parameters gives SIM_ERR_CONFIG.
 */
sim_status abc_model_params(const abc_model *m, const double *theta, int digits, model_params *out);

/**
 * The resolved config text (cfg_render, for /provenance) of the base scenario file with
 * theta's values as `--set` overrides printed with `digits` digits. Caller frees *text.
 */
sim_status abc_model_config_text(const abc_model *m, const double *theta, int digits, char **text);

/**
 * Run one replication per slot of `res` (created by the caller with res->reps slots
 * and the base scenario's horizon): slot r uses parameter set sets[r] ([nsets][nparams],
 * written with `digits` digits) and the key (seed, r). OpenMP over slots; with MPI,
 * slots are dealt to the processes and the results gathered on every process.
 */
sim_status abc_model_replay(const abc_model *m, const double *sets, const int *set_of_slot, int digits,
                            uint32_t seed, sim_results *res);

#endif
