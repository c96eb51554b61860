/**
 * @file sensitivity.h
 * @brief A global sensitivity study: an SA file parsed and checked, its Morris or
 *        Saltelli design expanded, and the whole study expressed as a sweep (sweep.h)
 *        so the sweep engine runs it: work units, journal, shards, merge and MPI are
 *        the sweep's own.
 *
 * SA file (INI; errors name file:line and key; syntax and examples in docs/sensitivity.md):
 *
 *     [sensitivity]
 *     method = morris                 ; morris | sobol
 *     base = ../scenarios/baseline.ini
 *     policies = ../scenarios/rwanda.ini, ../scenarios/france_returns_pilot.ini  ; optional
 *     outputs = arrivals, deaths, cost         ; horizon totals (metric names, metrics.h)
 *     replications = 4                ; per design point and scenario
 *     block = 4                       ; replications per work unit (default min(replications, 8))
 *     seed = 1                        ; replication r of every point uses key (seed, r)
 *     design_seed = 7                 ; Morris trajectories and bootstrap (default: seed)
 *     trajectories = 10               ; morris: r (>= 4)
 *     levels = 4                      ; morris: grid levels p (even; default 4)
 *     candidates = 40                 ; morris: random trajectories the r are chosen from (default r)
 *     samples = 64                    ; sobol: N rows of the Saltelli design (>= 16)
 *     bootstrap = 1000                ; resamples for the intervals (default 1000)
 *     confidence = 0.95               ; interval level (default 0.95)
 *     [parameters]
 *     inflow = migrants.inflow_per_day 40:120       ; a factor: KEY [+ KEY...] low:high
 *
 * Points: design point d of scenario s is sweep point d * nscen + s (scenario 0 the
 * base, then the policies in order), so every scenario of a design point runs with the
 * same factor values and the same random numbers (paired differences). The sweep's
 * column 0 names the scenario; columns 1..k are the factors.
 */
#ifndef CHANSIM_SENSITIVITY_H
#define CHANSIM_SENSITIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/results.h"
#include "sim/engine/status.h"
#include "sim/experiments/morris.h"
#include "sim/experiments/sweep.h"

/** Method of a study. */
typedef enum { SA_MORRIS, SA_SOBOL } sa_method;

enum {
    SA_MAX_SCENARIOS = 16,  /**< base plus policies */
    SA_MAX_OUTPUTS = 32,    /**< metrics named in outputs */
    SA_DEFAULT_BOOTSTRAP = 1000, /**< resamples when the file names none */
    SA_MAX_BOOTSTRAP = 100000    /**< resamples at most */
};

/** Interval level when the file names none. */
#define SA_DEFAULT_CONFIDENCE 0.95

/** Default grid levels of a Morris design (Saltelli et al. 2008, Primer 3.3: p = 4 works well). */
#define SA_DEFAULT_LEVELS 4

/** A loaded study. Read-only after sa_study_load. */
typedef struct {
    char *path;                  /**< the SA file as given */
    sa_method method;            /**< Morris or Sobol */
    int nscen;                   /**< scenarios: the base, then the policies */
    char **scen_paths;           /**< [nscen] scenario files (relative to the SA file resolved) */
    char (*scen_names)[RESULTS_NAME_MAX]; /**< [nscen] scenario names */
    char **scen_configs;         /**< [nscen] resolved configs, for provenance (owned) */
    int nmetrics;                /**< metrics analysed */
    int metrics[SA_MAX_OUTPUTS]; /**< their metric ids (metrics.h) */
    int nfactors;                /**< k */
    sweep_param *factors;        /**< [k] keys, types, units, origins */
    double *lo, *hi;             /**< [k] each factor's range, in its unit */
    morris_spec morris;          /**< Morris design (method SA_MORRIS) */
    size_t samples;              /**< Saltelli rows N (method SA_SOBOL) */
    int bootstrap;               /**< bootstrap resamples */
    double confidence;           /**< interval level */
    uint32_t design_seed;        /**< seed of the design and the bootstrap */
    size_t ndesign;              /**< design points (each run for every scenario) */
    double *unit;                /**< [ndesign][k] each point's position in [0, 1]^k after rounding whole-number keys */
    sweep *run;                  /**< the sweep that runs the study (owned) */
} sa_study;

/**
 * Read and check the SA file, build the design and its sweep, and (unless told not to
 * in o) bind every point of every scenario. o as for sweep_load: replications and seed
 * from the command line, --set overrides of every scenario. Errors name file:line and
 * key: an unknown section or key, a missing required key, a method-specific key for
 * the other method, a factor that is not a number or date key, a reversed range, an
 * unknown output, too few trajectories or samples for the method (SIM_ERR_CONFIG).
 * *s is new; sa_study_destroy.
 */
sim_status sa_study_load(const char *path, const sweep_options *o, sa_study **s);

/** Free; sets *s to NULL. Safe on NULL. */
void sa_study_destroy(sa_study **s);

/** The method's name: "morris" or "sobol". */
const char *sa_method_name(sa_method m);

#endif
