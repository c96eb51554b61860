/**
 * @file model.h
 * @brief The whole model: one replication's state, made of each agent's, agency's and
 *        policy's own state, and the daily schedule that runs it and records its outputs.
 *
 * A model is created once per thread and reused for each replication that thread
 * runs (model_run resets it), so memory is bounded per thread, and nothing about a
 * replication depends on which thread runs it: all randomness comes from the key
 * (seed, replication) and counters (purpose, entity, day).
 */
#ifndef CHANSIM_MODEL_H
#define CHANSIM_MODEL_H

#include <stdint.h>

#include "models/agencies/french_police.h"
#include "models/agencies/homeoffice.h"
#include "models/agents/beliefs.h"
#include "models/agents/gangs.h"
#include "models/agents/migrants.h"
#include "models/day.h"
#include "models/environment/weather.h"
#include "models/metrics.h"
#include "models/params.h"
#include "models/policies/announce.h"
#include "models/streams.h"
#include "sim/engine/results.h"

/** One replication's state. Each part is owned by its module; the schedule (model.c) joins them. */
typedef struct model {
    const model_params *p;      /**< inputs (not owned) */
    int check_invariants;       /**< recount every person's state each day (tests, --check) */
    uint64_t agent_days;        /**< person-days spent on the coast in the last replication (benchmark unit) */

    model_day d;                /**< the current day: clock, streams, flows, spending */
    sea_state sea;              /**< today's sea */
    int weather_year, weather_month; /**< the calendar month weather_factor belongs to */
    double weather_factor;      /**< this month's calm-share factor (weather_month_factor) */
    double inflow_factor;       /**< this month's inflow multiplier (mig_inflow_month_factor) */

    mig_population pop;         /**< migrants (models/agents/migrants.h) */
    mig_beliefs beliefs;        /**< what they have learned (models/agents/beliefs.h) */
    announce_state announce;    /**< announced policies and their credibility (models/policies/announce.h) */
    gang_market gangs;          /**< smuggling gangs (models/agents/gangs.h) */
    french_police french;       /**< French police on the beaches (models/agencies/french_police.h) */
    ho_state ho;                /**< Home Office ordinary asylum system (models/agencies/homeoffice.h) */

    size_t n_policies;          /**< registered policies (models/policies/registry.h) */
    const void **policy_params; /**< [n_policies] each policy's parameters inside p */
    void **policy_state;        /**< [n_policies] each policy's state, NULL when stateless */
    int *in_force;              /**< [n_policies] 1 if the policy is in force today */
    const struct policy_def **defs; /**< [n_policies] the registry's definitions (policy_get, looked up once) */
    size_t n_on_arrival;        /**< policies in force today with an on_arrival hook */
    size_t n_on_backlog;        /**< policies in force today with an on_backlog hook */
    size_t *on_arrival;         /**< [n_policies] their indices, in registry order (set each day, read per landing) */
    size_t *on_backlog;         /**< [n_policies] likewise for on_backlog */
} model;

/** Create a model for these inputs (allocates the state buffers; reused across replications). */
sim_status model_create(const model_params *p, model **m);

/**
 * Create a model for these inputs that takes over the large buffers of `old` (the
 * population's arrays and tables), which is left to be destroyed: the replication loop
 * makes one model per posterior draw, and regrowing the arrays each time cost more
 * than creating the people. old->p is not read (it may point at overwritten inputs).
 */
sim_status model_create_reusing(const model_params *p, model *old, model **m);

/**
 * A relative guess, from the inputs alone, of what one replication with them costs:
 * the people who reach the coast before deterrence (the demand level x the month's
 * inflow season, summed over the warm-up and the horizon, a week apart). The
 * replication loop runs the dearest first so that two threads end together; it does
 * not change any result.
 */
double model_cost_hint(const model_params *p);

/** Free a model; sets *m to NULL. */
void model_destroy(model **m);

/**
 * Run one replication with `key` (warm-up, then the horizon) and record its outputs
 * into replication slot `slot` of `res`, which it overwrites entirely (the slot may be
 * reused). res may be NULL (benchmarks).
 */
sim_status model_run(model *m, rng_key key, sim_results *res, int slot);

/** One day of the schedule (models/schedule.c): everything that happens on day m->d.day. */
sim_status model_step(model *m);

/** Recount every person's state and compare with the running counts; also checks queues. */
sim_status model_check_invariants(const model *m);

#endif
