/**
 * @file nca.h
 * @brief The National Crime Agency against the smuggling gangs: investigators
 *        dismantle gangs and, where finance powers exist, freeze their money.
 */
#ifndef CHANSIM_NCA_H
#define CHANSIM_NCA_H

#include "models/agents/gangs.h"
#include "models/agents/migrants.h"
#include "models/day.h"
#include "sim/engine/config.h"

/** National Crime Agency and Border Security Command: section [nca]. */
typedef struct {
    double investigators;         /**< investigators and intelligence officers against smuggling gangs, people */
    double dismantle_per_investigator; /**< gangs dismantled per investigator per year, gangs/(person year) */
    double freeze_per_investigator;    /**< gang finances frozen per investigator per year (with powers), 1/(person year) */
    double freeze_days;           /**< a freeze stops a gang buying boats for this long, days */
    double search_half_gangs;     /**< with this many active gangs, investigators find half the gangs they would find among very many, gangs */
    double budget_per_year;       /**< NCA budget against organised immigration crime, GBP/year */
} nca_params;

extern const cfg_param nca_param_list[];
extern const size_t nca_param_count;

/** The effort against the gangs today: the NCA's own, plus what policies in force add. */
typedef struct {
    double investigators;  /**< investigators at work, people */
    double power;          /**< multiplier of each investigator's effect, - */
    int finance_powers;    /**< 1 if freezes of gang money are possible, - */
} nca_effort;

/** The NCA's own effort: its investigators, power 1, no finance powers. */
nca_effort nca_base_effort(const nca_params *p);

/** Action against each active gang today: dismantle (customers wait again) or freeze. */
void nca_disrupt_gangs(const nca_params *p, nca_effort e, gang_market *gm, mig_population *pop, model_day *d);

#endif
