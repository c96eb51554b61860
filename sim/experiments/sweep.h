/**
 * @file sweep.h
 * @brief A parameter sweep: a sweep file parsed and checked, its design expanded
 *        into points, each point a base scenario plus `--set`-style overrides.
 *
 * Sweep file (INI, read with the config layer so errors name file:line; the full
 * syntax with examples is in docs/hpc.md):
 *
 *     extends = ../scenarios/baseline.ini     ; either: the sweep file is its own base scenario
 *     [sweep]
 *     base = ../scenarios/baseline.ini        ; or: a base scenario, relative to this file
 *     design = grid                           ; grid | lhs | sobol | list
 *     replications = 8                        ; per point
 *     block = 8                               ; replications per work unit (default min(reps, 8))
 *     seed = 1                                ; default: the base's [run] seed
 *     samples = 64                            ; lhs, sobol: number of points
 *     design_seed = 7                         ; lhs: seed of the permutations (default: seed)
 *     points = points.csv                     ; list: CSV with a header of keys, one point a row
 *     [parameters]
 *     capacity = rwanda.capacity_per_year 0:25000:11     ; grid range: low:high:count, ends included
 *     strength = deterrence.strength + deterrence.inflow_strength 0, 1, 2, 4   ; values; '+' links keys
 *     belief8 = deterrence.initial_belief[8] 0.05:0.5    ; lhs/sobol range low:high
 *
 * Every swept key must exist, be numeric, a date, or one element of a number list,
 * and every value must lie in the key's range; then every point is bound as a full
 * scenario (cross-key checks included) before any work starts.
 *
 * Work is cut into units = (point, block of `block` replications); unit u is point
 * u / blocks, block u % blocks. Replication r of every point uses the random key
 * (seed, r): common random numbers across points. Shard K of N holds the points
 * p with p % N == K - 1 (all their blocks).
 */
#ifndef CHANSIM_SWEEP_H
#define CHANSIM_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "sim/engine/config.h"
#include "sim/experiments/design.h"
#include "sim/engine/results.h"
#include "sim/run/scenario.h"
#include "sim/engine/status.h"
#include "sim/engine/strbuf.h"

enum {
    SWEEP_MAX_PARAMS = 40,       /**< swept dimensions (Sobol's limit; plenty for grids) */
    SWEEP_MAX_LINKED = 8,        /**< keys linked to one dimension with '+' */
    SWEEP_KEY_MAX = 112,         /**< "section.key[index]" and labels, bytes with NUL */
    SWEEP_ORIGIN_MAX = 320,      /**< "file:line" of a parameter's definition */
    SWEEP_DEFAULT_BLOCK = 8      /**< default replications per work unit */
};

/** Largest number of points a sweep may have (memory and file size stay sane). */
#define SWEEP_MAX_POINTS ((size_t)10000000)

/** One swept dimension: a column of the design table. */
typedef struct {
    char name[SWEEP_KEY_MAX];                   /**< label: the [parameters] key, or the CSV column */
    int nkeys;                                  /**< keys set to this column's value (1 unless linked with '+') */
    char keys[SWEEP_MAX_LINKED][SWEEP_KEY_MAX]; /**< "section.key" or "section.key[i]" */
    cfg_type type;                              /**< value type: CFG_DOUBLE, CFG_INT, CFG_BOOL or CFG_DATE (list elements are CFG_DOUBLE) */
    double min, max;                            /**< allowed values (all linked keys' ranges intersected), in the key's unit; dates as day numbers */
    char unit[32];                              /**< the (first) key's unit, e.g. "people/year" */
    char origin[SWEEP_ORIGIN_MAX];              /**< where it was defined: "file:line" */
} sweep_param;

/** A loaded sweep. Read-only after sweep_load, so threads may share it. */
typedef struct {
    const sim_metric_set *metrics; /**< the model's outputs: the values kept per replication (not owned) */
    char *path;              /**< the sweep file as given */
    char *base_path;         /**< the scenario file each point loads (the base, or the sweep file itself) */
    char *base;              /**< [sweep] base as written; "" when the sweep file is its own base */
    char base_name[RESULTS_NAME_MAX]; /**< the base scenario's name */
    char *base_config;       /**< resolved config of the base without overrides (provenance) */
    design_kind design;      /**< the design */
    int reps;                /**< replications per point */
    int block;               /**< replications per work unit, 1..reps */
    uint32_t seed;           /**< seed: replication r of every point uses key (seed, r) */
    uint32_t design_seed;    /**< seed of the LHS permutations */
    int nparams;             /**< swept dimensions */
    sweep_param *params;     /**< [nparams] */
    size_t npoints;          /**< design points */
    double *points;          /**< [npoints][nparams] values in each parameter's unit (dates: day numbers) */
    char **sets;             /**< command-line --set overrides of the base, applied before each point's */
    size_t nsets;            /**< how many */
    int nbases;              /**< > 0: points run different base scenarios (paired sensitivity studies):
                                  column 0 of the design holds each point's base index, a column with no keys */
    char **base_paths;       /**< [nbases] the scenario file of each base index (owned); NULL when nbases is 0 */
    char *definition;        /**< canonical description (design, replications, seed, keys, base values) */
    uint64_t hash;           /**< FNV-1a 64 of the definition and every point: identifies the sweep */
    char hash_hex[17];       /**< hash as 16 hex digits */
} sweep;

/** Values kept per replication of a point: the horizon total of each weekly metric. */
static inline size_t sweep_nvalues(const sweep *s) { return (size_t)s->metrics->nweekly; }

/** Command-line choices that change a sweep. */
typedef struct {
    int reps;                    /**< > 0: replications per point instead of [sweep] replications */
    long seed;                   /**< >= 0: seed instead of [sweep] seed */
    const char *const *sets;     /**< --set overrides of the base scenario (may be NULL) */
    size_t nsets;                /**< how many */
    int skip_validation;         /**< 1: do not bind every point now (tests of parsing only) */
    size_t max_points;           /**< > 0: refuse designs of more points than this (fuzzing); 0: SWEEP_MAX_POINTS */
} sweep_options;

/**
 * Read and check the sweep file at `path`, expand its design, and (unless told not
 * to) bind every point as a scenario. Errors name file:line and the key: unknown
 * design, a missing or unknown [sweep] key, an unknown or unsweepable parameter key,
 * a malformed or empty range, a value outside the key's range, a bad point list, or
 * a point that is not a valid scenario (SIM_ERR_CONFIG). *s is new; sweep_destroy.
 */
sim_status sweep_load(const char *path, const sweep_options *o, sweep **s);

/** Free; sets *s to NULL. Safe on NULL. */
void sweep_destroy(sweep **s);

/** Work units per point: ceil(reps / block). */
int sweep_blocks(const sweep *s);

/** First replication and number of replications of block b. */
void sweep_block_range(const sweep *s, int b, int *first, int *count);

/** The scenario of one point: the base plus the command-line sets plus the point's values. *sc is new. */
sim_status sweep_point_scenario(const sweep *s, size_t point, scenario **sc);

/**
 * Format one design value of parameter j as config text ("0.5", "12", "2025-01-01",
 * "never") into buf.
 */
void sweep_format_value(const sweep_param *p, double v, char *buf, size_t size);

/**
 * Load one scenario as a sweep point does (the base's [run] ensemble off: one
 * parameter set per point; sweep files' own sections ignored). *sc is new.
 */
sim_status sweep_scenario_load(const char *path, const char *const *sets, size_t nsets, scenario **sc);

/**
 * Parse one range line "KEY [+ KEY...] low:high" (the [parameters] syntax of lhs and
 * sobol sweeps) into p (keys, type, allowed range, unit, origin) and *lo < *hi.
 * Errors name `origin` (file:line) and `label`: an unknown or unsweepable key, a value
 * that is not a number or date, a reversed or empty range, a value outside the key's
 * range (SIM_ERR_CONFIG).
 */
sim_status sweep_parse_range(const char *label, const char *value, const char *origin, sweep_param *p, double *lo,
                             double *hi);

/** Bind every point as a scenario (in parallel); the lowest failing point is reported with its values. */
sim_status sweep_validate_points(const sweep *s);

/** Append the resolved config `config` without comments to t: only values matter to a sweep's identity. */
void sweep_append_values(strbuf *t, const char *config);

/** 1 if point p belongs to shard k (1-based) of n. */
static inline int sweep_in_shard(size_t point, int k, int n) { return (int)(point % (size_t)n) == k - 1; }

/** FNV-1a 64-bit hash of bytes, continuing from h (start with SWEEP_FNV_OFFSET). */
uint64_t sweep_fnv1a(uint64_t h, const void *data, size_t n);

/** FNV-1a 64 offset basis. */
#define SWEEP_FNV_OFFSET 0xcbf29ce484222325ULL

#endif
