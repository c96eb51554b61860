/**
 * @file model.h
 * @brief The whole model: every module's inputs, one replication's state, and the
 *        daily schedule that runs it and records its outputs.
 *
 * A model is created once per thread and reused for each replication that thread
 * runs (model_run resets it), so memory is bounded per thread, and nothing about a
 * replication depends on which thread runs it: all randomness comes from the key
 * (seed, replication) and counters (purpose, entity, day).
 */
#ifndef CHANSIM_MODEL_H
#define CHANSIM_MODEL_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "models/agencies/enforcement.h"
#include "models/agents/gangs.h"
#include "models/agencies/homeoffice.h"
#include "models/agents/migrants.h"
#include "sim/engine/config.h"
#include "models/metrics.h"
#include "sim/engine/results.h"
#include "models/streams.h"
#include "models/environment/weather.h"

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

/** Every input of the model, one struct per module. */
typedef struct {
    scen_params scenario;
    run_params run;
    weather_params weather;
    mig_params migrants;
    deter_params deterrence;
    gang_params gangs;
    supply_params supply_chain;
    online_params online;
    french_params french;
    shallow_params shallow;
    sea_params sea;
    nca_params nca;
    bsc_params bsc;
    ho_params home_office;
    rwanda_params rwanda;
    pilot_params pilot;
    ftrack_params fast_track;
} model_params;

/** The combined parameter tables of every module, offsets relative to model_params. Caller frees with params_tables_destroy. */
sim_status params_tables_create(cfg_table **tables, size_t *ntables);
void params_tables_destroy(cfg_table **tables, size_t ntables);

/** Relations between keys of different modules; each message names the keys. */
sim_status params_check(const model_params *p);

/** Policies in force today. */
typedef struct {
    int rwanda, pilot, fast_track, bsc, shallow, supply_chain, online;
} policy_flags;

/** One replication's state. Fields are shared by the model modules; nothing outside models/ touches them. */
typedef struct model {
    const model_params *p;      /**< inputs (not owned) */
    rng_key key;                /**< this replication's key */
    gsl_rng *rng;               /**< Philox sub-stream generator for GSL samplers; rng_seek before each use */
    int day;                    /**< simulated day: 0 = start_date, negative in warm-up */
    int date;                   /**< day number of `day` */
    int month;                  /**< 1..12 */
    sea_state sea;              /**< today's sea */
    int weather_year, weather_month; /**< the calendar month weather_factor belongs to */
    double weather_factor;      /**< this month's calm-share factor (weather_month_factor) */
    double inflow_factor;       /**< this month's inflow multiplier (mig_inflow_month_factor) */
    policy_flags on;            /**< policies in force today */
    int check_invariants;       /**< recount every person's state each day (tests) */

    /* people */
    mig_person *people;         /**< everyone who reached the coast; id = index */
    uint32_t n_people;          /**< people created */
    uint32_t cap_people;        /**< allocated */
    uint32_t *coast;            /**< ids of everyone on the coast (waiting or booked), in arrival order, plus people who left since the last daily choices (dropped there) */
    size_t n_coast, cap_coast;
    uint64_t state_count[MIG_STATES]; /**< people in each state */
    double belief[MIG_GROUPS];  /**< each group's learned chance of removal or return */
    double death_risk;          /**< learned chance of dying per crossing */
    int ring_len;               /**< days held in the belief ring buffers */
    double *ring_arrivals;      /**< [ring_len][MIG_GROUPS] UK arrivals by day and group */
    double *ring_returned;      /**< [ring_len][MIG_GROUPS] removals and returns by day and group */
    double *ring_deaths;        /**< [ring_len] deaths by day */
    double *ring_crossers;      /**< [ring_len] people at sea by day */
    double window_arrivals[MIG_GROUPS]; /**< UK arrivals by group in the observation window */
    double window_returned[MIG_GROUPS]; /**< removals and returns by group in the window */
    double window_deaths;       /**< deaths in the window */
    double window_crossers;     /**< people at sea in the window */
    uint64_t agent_days;        /**< person-days spent on the coast (benchmark unit) */

    /* gangs and the market */
    gang gangs[GANG_MAX];
    int n_gangs;                /**< active gangs */
    uint32_t gang_serial;       /**< gangs ever started (random stream entity for entrants) */
    double price;               /**< seat price, EUR */
    int supply_cursor;          /**< gang slot first served by the supply chain today (rotates) */
    double effort_share[COAST_SECTORS]; /**< share of French officers on each stretch */
    double sector_launches[COAST_SECTORS]; /**< launches seen this week per stretch */

    /* Home Office */
    ho_queue backlog;           /**< awaiting an ordinary decision */
    ho_queue refused;           /**< refused and returnable, awaiting an ordinary return */
    ho_queue pilot_detained;    /**< detained for return to France */
    ho_queue ftrack;            /**< awaiting a fast-track decision */
    ho_queue ftrack_returns;    /**< refused in fast-track, awaiting return */
    ho_queue rwanda_pool;       /**< eligible for offshore removal */
    double legacy_backlog;      /**< claims awaiting decision that predate the run (not agents) */
    double rwanda_tokens;       /**< relocation places accrued and unused */
    int rwanda_was_on;          /**< to charge the upfront payment once per start */
    int pilot_week;             /**< output week the pilot's count refers to */
    double pilot_week_returns;  /**< returns to France this week */
    double admit_credits;       /**< legal admissions owed (one per return) */
    size_t admit_cursor;        /**< where the search for the next admission resumes on the coast list */

    /* today's flows, for outputs and costs */
    double today[M_COUNT];      /**< flows of the current day */
    double group_today[MIG_GROUPS][G_COUNT]; /**< flows of the current day by group */
    double cost_total;          /**< cumulative public cost since start_date, GBP */
    double crossers_today;      /**< people who left the beach today (at sea) */
    uint32_t *scratch;          /**< ids on one boat */
    int scratch_cap;            /**< capacity of scratch */
    double ho_decision_tokens;  /**< ordinary decision capacity accrued */
    double ho_return_tokens;    /**< ordinary return capacity accrued */
    double ft_decision_tokens;  /**< fast-track decision capacity accrued */
    double ft_return_tokens;    /**< fast-track return capacity accrued */
} model;

/** Create a model for these inputs (allocates the state buffers; reused across replications). */
sim_status model_create(const model_params *p, model **m);

/** Free a model; sets *m to NULL. */
void model_destroy(model **m);

/**
 * Run one replication with `key` (warm-up, then the horizon) and record its outputs
 * into replication slot `slot` of `res`, which it overwrites entirely (the slot may be
 * reused). res may be NULL (benchmarks).
 */
sim_status model_run(model *m, rng_key key, sim_results *res, int slot);

/** Recount every person's state and compare with the running counts; also checks queues. */
sim_status model_check_invariants(const model *m);

/** Grow the people array to hold one more person, within scenario.max_people. */
sim_status model_reserve_person(model *m);

#endif
