/**
 * @file scenario.h
 * @brief A scenario: a config file (with its extends chain and --set overrides)
 *        bound to the model's parameters, checked, named, and rendered for provenance.
 */
#ifndef CHANSIM_SCENARIO_H
#define CHANSIM_SCENARIO_H

#include <stddef.h>

#include "models/model.h"
#include "results.h"
#include "status.h"

typedef struct {
    model_params params;            /**< every input of the model */
    char name[RESULTS_NAME_MAX];    /**< [scenario] name, or the file name without .ini */
    char *config_text;              /**< resolved config: every parameter, value and origin (owned) */
    char *path;                     /**< the config file as given (owned) */
} scenario;

/**
 * Load `path`, apply `overrides` ("section.key=value", in order), bind and check.
 * Errors name the file, line and key. `ignore_sections` (NULL-terminated or NULL)
 * are sections another reader owns (e.g. a sweep file's [sweep]).
 */
sim_status scenario_load(const char *path, const char *const *overrides, size_t noverrides,
                         const char *const *ignore_sections, scenario **s);

/** Free; sets *s to NULL. */
void scenario_destroy(scenario **s);

/** A valid scenario name: 1-63 characters of [A-Za-z0-9_.-], not starting with '.'. */
int scenario_name_valid(const char *name);

#endif
