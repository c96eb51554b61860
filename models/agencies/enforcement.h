/**
 * @file enforcement.h
 * @brief Enforcement agencies with budgets and effort: French police on the beaches
 *        and in shallow water, UK Border Force and the sea, and the National Crime
 *        Agency with the Border Security Command against the gangs.
 */
#ifndef CHANSIM_ENFORCEMENT_H
#define CHANSIM_ENFORCEMENT_H

#include "models/agents/gangs.h"
#include "models/policies/policy.h"
#include "sim/engine/config.h"
#include "models/environment/weather.h"

/** French police and gendarmes on the beaches: section [french_police]. */
typedef struct {
    double officers;              /**< officers deployed on the coast, officers */
    double reference_officers;    /**< deployment at which prevention_at_reference holds, officers */
    double prevention_at_reference; /**< chance a launch is stopped on the beach with reference officers spread evenly, probability */
    double reallocation;          /**< weekly share of effort moved toward where launches were seen, - */
    double boat_loss_prevented;   /**< chance a stopped boat is destroyed or seized, probability */
    double payment_per_year;      /**< UK payments to France for policing, GBP/year */
} french_params;

/** French interception in shallow water: section [shallow_water]. */
typedef struct {
    policy_window window;         /**< when interceptions are in force */
    double intercept_prob;        /**< chance a boat that left the beach is intercepted in shallow water, probability */
    double incident_factor;       /**< fatal-incident chance of an interception relative to a crossing, - */
    double cost_per_year;         /**< extra cost, GBP/year */
} shallow_params;

/** The sea and UK Border Force: section [sea]. */
typedef struct {
    double incident_prob_calm;    /**< chance of a fatal incident per crossing boat at the reference load, calm sea, probability */
    double marginal_factor;       /**< incident chance on a marginal-sea day relative to calm, - */
    double reference_load;        /**< load at which incident_prob_calm holds, people */
    double overload_exponent;     /**< incident chance scales as (load / reference_load)^this, - */
    double fatality_share;        /**< share of those on board who die in a fatal incident, probability */
    double rescue_to_france;      /**< share of an incident's survivors taken back to France, probability */
    double cost_per_boat;         /**< Border Force cost per boat met at sea, GBP/boat */
} sea_params;

/** National Crime Agency and Border Security Command: section [nca]. */
typedef struct {
    double investigators;         /**< investigators and intelligence officers against smuggling gangs, people */
    double dismantle_per_investigator; /**< gangs dismantled per investigator per year, gangs/(person year) */
    double freeze_per_investigator;    /**< gang finances frozen per investigator per year (with powers), 1/(person year) */
    double freeze_days;           /**< a freeze stops a gang buying boats for this long, days */
    double search_half_gangs;     /**< with this many active gangs, investigators find half the gangs they would find among very many, gangs */
    double budget_per_year;       /**< NCA budget against organised immigration crime, GBP/year */
} nca_params;

/** Border Security Command: section [border_security_command]. */
typedef struct {
    policy_window window;         /**< when the command is in force */
    double extra_investigators;   /**< investigators, intelligence officers and cross-border police added, people */
    double powers_factor;         /**< counter-terror style powers multiply each investigator's effect, - */
    int finance_powers;           /**< 1 if finance and travel powers allow freezes, - */
    double budget_per_year;       /**< the command's budget, GBP/year */
} bsc_params;

extern const cfg_param french_param_list[];
extern const size_t french_param_count;
extern const cfg_param shallow_param_list[];
extern const size_t shallow_param_count;
extern const cfg_param sea_param_list[];
extern const size_t sea_param_count;
extern const cfg_param nca_param_list[];
extern const size_t nca_param_count;
extern const cfg_param bsc_param_list[];
extern const size_t bsc_param_count;

struct model;

/** Chance a launch from `sector` is stopped on the beach today. */
double enf_beach_prevention(const struct model *m, int sector);

/** Weekly move of French effort toward the stretches where launches were seen. */
void enf_reallocate(struct model *m);

/** NCA / Border Security Command action against each gang today. */
void enf_disrupt_gangs(struct model *m);

/** Chance of a fatal incident for a boat with `load` people in sea state `sea`. */
double enf_incident_prob(const sea_params *p, double load, sea_state sea);

/** Daily enforcement spending, GBP. */
double enf_daily_cost(const struct model *m);

#endif
