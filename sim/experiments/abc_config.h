/**
 * @file abc_config.h
 * @brief The calibration file (CAL.ini) of `chansim calibrate`: the base scenario,
 *        the observed data, the sampler's settings, the priors of the parameters to
 *        calibrate and the summary statistics with their weights.
 *
 *     [calibration]
 *     scenario = history_2022_2025.ini   ; base scenario (relative to this file)
 *     data_dir = ../../data              ; observed CSVs (relative to this file)
 *     output_config = calibrated.ini     ; posterior medians as a scenario include
 *     seed = 1                           ; sampler and simulation streams
 *     particles = 160                    ; N (generation 0; N - N_a new per generation)
 *     keep_share = 0.5                   ; alpha: share kept each generation
 *     max_generations = 4                ; generations after generation 0
 *     min_acceptance = 0.05              ; stop below this acceptance rate
 *     weights = generation               ; or mixture: how kept particles are weighted (abc.h)
 *     replications = 3                   ; model replications per particle (mean statistics)
 *     replay_replications = 32           ; replications of the calibrated config written to OUT.h5
 *     posterior_draws = 64               ; posterior ensemble: one replication per draw
 *     stats_start = 2023-01-01           ; window of the statistics (default: the scenario's horizon)
 *     stats_end = 2025-12-31             ; last day of the window
 *     [priors]
 *     migrants.inflow_per_day = loguniform 60 400
 *     french_police.prevention_at_reference = normal 0.35 0.05 0.2 0.5   ; mean sd low high
 *     weather.calm_share = scale uniform 0.8 1.2   ; multiplies every element of the default list
 *     migrants.inflow_season = contrast uniform 0.5 3   ; stretches the default list about its mean
 *     [statistics]
 *     arrivals.monthly = 1               ; metric.period = weight in the distance
 *
 * Priors may name any real-valued model parameter (`chansim params`), except those of
 * [scenario] and [run]; a list parameter only through a factor c on its documented
 * default b (not the base scenario's value, so re-running a calibration on a base that
 * already includes its output gives the same answer): `scale` gives c b_i, `contrast`
 * gives mean(b) + c (b_i - mean(b)) (c = 1: the default; 0: flat; 2: twice the
 * seasonal swing). The prior's support must keep every value inside the parameter's
 * allowed range. Metrics: observed.h's names; periods
 * monthly, half, annual. Every error names file:line and key.
 */
#ifndef CHANSIM_ABC_CONFIG_H
#define CHANSIM_ABC_CONFIG_H

#include <stdint.h>

#include "sim/experiments/abc.h"
#include "sim/io/observed.h"
#include "sim/engine/status.h"

enum {
    ABC_PATH_MAX = 1024,  /**< longest path held */
    ABC_LIST_MAX = 16,    /**< longest list parameter that can be scaled */
    ABC_MAX_PARTICLES = 100000,
    /** Most generations after generation 0 (`max_generations`): a bound only, keying no
     *  random stream. 40 (was 20): the 2022-25 refits stopped at 20 with the tolerance
     *  still falling (docs/calibration.md section 4). */
    ABC_MAX_GENERATIONS = 40,
    ABC_MAX_REPS = 100,
    ABC_MAX_PARAMS = 64   /**< most calibrated parameters */
};

/** How a prior's value becomes the parameter's value. */
typedef enum {
    ABC_VALUE,    /**< the value itself (real scalar parameters) */
    ABC_SCALE,    /**< a factor c on each element of the default list: c b_i */
    ABC_CONTRAST  /**< a stretch c about the default list's mean m: m + c (b_i - m) */
} abc_transform;

/** One calibrated parameter. */
typedef struct {
    char section[64];            /**< INI section, e.g. "migrants" */
    char key[64];                /**< INI key, e.g. "inflow_per_day" */
    char name[130];              /**< "section.key" */
    abc_prior prior;             /**< prior of the value (or of the factor of a list transform) */
    abc_transform transform;     /**< value, or factor on the default list */
    int is_date;                 /**< 1 for a date parameter: values are day numbers, written YYYY-MM-DD */
    int count;                   /**< elements of `base` (list transforms only) */
    double base[ABC_LIST_MAX];   /**< the parameter's documented default list (list transforms only) */
    char unit[32];               /**< the parameter's unit ("-" for a factor) */
    char text[160];              /**< the prior as written, for outputs */
    char origin[ABC_PATH_MAX + 16]; /**< "file:line" */
} abc_param;

/** One summary statistic: a metric over every complete period of a kind in the window. */
typedef struct {
    obs_metric metric;      /**< what */
    obs_period_kind kind;   /**< over which periods */
    double weight;          /**< weight of its group in the distance, >= 0 */
    char name[64];          /**< "metric.period", e.g. "arrivals.monthly" */
} abc_statistic;

/** The whole calibration file. */
typedef struct {
    char path[ABC_PATH_MAX];          /**< the file as given */
    char scenario[ABC_PATH_MAX];      /**< base scenario config, resolved */
    char data_dir[ABC_PATH_MAX];      /**< observed data directory, resolved */
    char output_config[ABC_PATH_MAX]; /**< calibrated config to write, resolved */
    char output_ensemble[ABC_PATH_MAX]; /**< posterior ensemble to write, resolved: [calibration] output_ensemble,
                                             else abc_ensemble_name(output_config) */
    uint32_t seed;                    /**< seed */
    int particles;                    /**< N */
    double keep_share;                /**< alpha */
    int max_generations;              /**< generations after generation 0 */
    double min_acceptance;            /**< stop rule, probability */
    abc_weighting weighting;          /**< [calibration] weights: generation (default) or mixture */
    int replications;                 /**< model replications per particle */
    int replay_replications;          /**< replications of the calibrated replay */
    int posterior_draws;              /**< size of the posterior ensemble */
    int stats_start;                  /**< first day of the statistics window, day number; -1: scenario start */
    int stats_last;                   /**< last day of the window, day number; -1: scenario end */
    abc_param *params;                /**< [nparams] */
    int nparams;
    abc_statistic *stats;             /**< [nstats] */
    int nstats;
} abc_config;

/** Read and check a calibration file. Errors name file:line and key. */
sim_status abc_config_load(const char *path, abc_config **c);

/**
 * The default posterior ensemble beside calibrated config `config_path`: "X.ini" gives
 * "X.posterior.ini" (any other name gets ".posterior.ini" appended), so calibrating into
 * a new config never replaces another calibration's ensemble.
 */
sim_status abc_ensemble_name(const char *config_path, char *out, size_t size);

/** Free; sets *c to NULL. Safe on NULL. */
void abc_config_destroy(abc_config **c);

/** Element i of a list parameter at factor v (ABC_SCALE or ABC_CONTRAST); v itself for ABC_VALUE. */
double abc_param_element(const abc_param *p, double v, int i);

/** `v` as people read it: a date for a date parameter, else 5 significant digits. */
void abc_param_format(const abc_param *p, double v, char *buf, size_t size);

/**
 * The assignment "section.key=value" for parameter `p` at value v (the factor of a
 * list transform becomes the whole list), with `digits` significant digits
 * (17 to round-trip exactly). Writes at most `size` bytes into buf.
 */
sim_status abc_param_assignment(const abc_param *p, double v, int digits, char *buf, size_t size);

#endif
