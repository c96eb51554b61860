/**
 * @file scenario.h
 * @brief A scenario: a config file (with its extends chain and --set overrides)
 *        bound to the model's parameters, checked, named, and rendered for provenance.
 */
#ifndef CHANSIM_SCENARIO_H
#define CHANSIM_SCENARIO_H

#include <stddef.h>

#include "models/model.h"
#include "sim/engine/results.h"
#include "sim/engine/status.h"

typedef struct {
    model_params params;            /**< every input of the model */
    char name[RESULTS_NAME_MAX];    /**< [scenario] name, or the file name without .ini */
    char *config_text;              /**< resolved config: every parameter, value and origin (owned) */
    char *path;                     /**< the config file as given (owned) */
    model_params *draws;            /**< [ndraws] parameters of each ensemble draw (owned), or NULL */
    int ndraws;                     /**< draws of [run] ensemble; 0: every replication uses `params` */
} scenario;

/** The parameters replication `rep` (counted over the whole run) uses: its ensemble draw, or the scenario's. */
static inline const model_params *scenario_params_for(const scenario *s, int rep)
{
    return s->ndraws > 0 ? &s->draws[rep % s->ndraws] : &s->params;
}

/**
 * Load `path`, apply `overrides` ("section.key=value", in order), bind and check.
 * Errors name the file, line and key. `ignore_sections` (NULL-terminated or NULL)
 * are sections another reader owns (e.g. a sweep file's [sweep]). With `[run]
 * ensemble` set, every draw is bound too (sim/run/ensemble.h): the draw's value replaces
 * each key whose value came from the ensemble's calibrated config.
 */
sim_status scenario_load(const char *path, const char *const *overrides, size_t noverrides,
                         const char *const *ignore_sections, scenario **s);

/** Free; sets *s to NULL. */
void scenario_destroy(scenario **s);

/**
 * The model's outputs (models/metrics.h), which every results object of a scenario
 * is sized by: hand it to results_create, out_read_scenario, export_csv, plots.
 */
const sim_metric_set *scenario_metric_set(void);

/** A valid scenario name: 1-63 characters of [A-Za-z0-9_.-], not starting with '.'. */
int scenario_name_valid(const char *name);

#endif
