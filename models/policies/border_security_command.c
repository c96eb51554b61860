/**
 * @file border_security_command.c
 * @brief The Border Security Command: while in force it adds investigators against
 *        the gangs, multiplies every investigator's effect (the NCA's included) by
 *        its powers, and with finance powers allows freezes of gang money.
 */
#include <stddef.h>

#include "models/policies/policy.h"

/** Border Security Command: section [border_security_command]. */
typedef struct {
    policy_window window;         /**< when the command is in force */
    double extra_investigators;   /**< investigators, intelligence officers and cross-border police added, people */
    double powers_factor;         /**< counter-terror style powers multiply each investigator's effect, - */
    int finance_powers;           /**< 1 if finance and travel powers allow freezes, - */
    double budget_per_year;       /**< the command's budget, GBP/year */
} bsc_params;
_Static_assert(offsetof(bsc_params, window) == 0, "a policy's window comes first");

#define B_OFF(field) offsetof(bsc_params, field)

static const cfg_param bsc_param_list[] = {
    POLICY_WINDOW_PARAMS("border_security_command", B_OFF(window), "the Border Security Command"),
    {"border_security_command", "extra_investigators", CFG_DOUBLE, B_OFF(extra_investigators), 0, 0, 1e5, "100", "people",
     "investigators added against the gangs", "Home Office Nov 2024: 100 NCA investigators (plus 300 staff in other roles)"},
    {"border_security_command", "powers_factor", CFG_DOUBLE, B_OFF(powers_factor), 0, 0, 100, "1.25", "-",
     "counter-terror style powers multiply the effect of every investigator (NCA's included) while the command is in force", "assumption to sweep (seed 003); calibrated in configs/calibration/calibrated.ini"},
    {"border_security_command", "finance_powers", CFG_BOOL, B_OFF(finance_powers), 0, 0, 1, "true", "-",
     "finance and travel powers allow freezes of gang money", "seed 003: close bank accounts, restrict travel"},
    {"border_security_command", "budget_per_year", CFG_DOUBLE, B_OFF(budget_per_year), 0, 0, 1e11, "75000000", "GBP/year",
     "the command's budget", "seed 000: GBP 75m redirected from the Rwanda scheme; Home Office via press: GBP 150m over two years"},
};

static void bsc_against_gangs(const void *params, nca_effort *e)
{
    const bsc_params *p = params;
    e->investigators += p->extra_investigators;
    e->power *= p->powers_factor;
    if (p->finance_powers) e->finance_powers = 1;
}

static double bsc_cost_per_year(const void *params) { return ((const bsc_params *)params)->budget_per_year; }

const policy_def border_security_command_policy = {
    .section = "border_security_command",
    .summary = "more investigators and stronger powers against the gangs, with freezes of their money",
    .params = bsc_param_list,
    .nparams = sizeof bsc_param_list / sizeof bsc_param_list[0],
    .params_size = sizeof(bsc_params),
    .against_gangs = bsc_against_gangs,
    .cost_per_year = bsc_cost_per_year,
};
