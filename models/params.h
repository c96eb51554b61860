/**
 * @file params.h
 * @brief Every input of the model, one struct per module and one block for the
 *        policies, and the parameter tables that bind them from a config.
 */
#ifndef CHANSIM_PARAMS_H
#define CHANSIM_PARAMS_H

#include "models/agencies/french_police.h"
#include "models/agencies/homeoffice.h"
#include "models/agencies/nca.h"
#include "models/agencies/sea.h"
#include "models/agents/beliefs.h"
#include "models/agents/demand.h"
#include "models/agents/gangs.h"
#include "models/agents/migrants.h"
#include "models/environment/weather.h"
#include "models/policies/registry.h"
#include "sim/engine/config.h"

/** The scenario's frame: section [scenario]. */
typedef struct {
    char name[CFG_STRING_MAX]; /**< scenario name; empty = the config file's name without .ini */
    int start_date;            /**< first recorded day, day number */
    int days;                  /**< recorded horizon, days */
    int warmup_days;           /**< days simulated before start_date and not recorded (policies by date apply), days */
    double max_people;         /**< most people one replication may create (bounds memory), people */
} scen_params;

/** How the scenario is run: section [run]. Command-line -r and -s override. */
typedef struct {
    int seed;          /**< seed of the random streams */
    int replications;  /**< replications */
    char ensemble[CFG_STRING_MAX]; /**< posterior ensemble file, relative to the config that names it; "none": none */
} run_params;

/** Every input of the model, one struct per module; plain data (copied by value for ensemble draws). */
typedef struct {
    scen_params scenario;
    run_params run;
    weather_params weather;
    mig_params migrants;
    demand_params demand;      /**< demand history: inflow level and nationality mix by date */
    deter_params deterrence;
    gang_params gangs;
    french_params french;
    sea_params sea;
    nca_params nca;
    ho_params home_office;
    policy_params policies;    /**< each registered policy's own parameters (models/policies/registry.h) */
} model_params;

/** The combined parameter tables of every module, offsets relative to model_params. Caller frees with params_tables_destroy. */
sim_status params_tables_create(cfg_table **tables, size_t *ntables);
void params_tables_destroy(cfg_table **tables, size_t ntables);

/** Relations between keys of different modules; each message names the keys. */
sim_status params_check(const model_params *p);

/** A parameter that other settings make inert, and why. */
typedef struct {
    const char *section; /**< INI section, e.g. "migrants" */
    const char *key;     /**< INI key, e.g. "inflow_per_day" */
    const char *reason;  /**< what replaces it, e.g. "the demand history's level anchors ([demand] level_date_k) set the inflow" */
} params_inert_key;

/**
 * The parameters p does not use, because anchors replace them (the demand history,
 * the supply anchors): up to `cap` into out; returns how many. A config that sets one
 * of them is refused by its reader, so a key never silently does nothing.
 */
size_t params_inert(const model_params *p, params_inert_key *out, size_t cap);

/**
 * The bound value of a numeric parameter (double, int, bool or date) by section and
 * key, e.g. ("rwanda", "capacity_per_year"), for code that does not own the module.
 */
sim_status params_value(const model_params *p, const char *section, const char *key, double *value);

#endif
