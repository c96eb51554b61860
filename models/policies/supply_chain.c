/**
 * @file supply_chain.c
 * @brief Supply-chain disruption: while in force, an extra share of the boats and
 *        engines on their way to the coast through Europe is seized.
 */
#include <stddef.h>

#include "models/policies/policy.h"

/** Supply-chain disruption (boats and engines seized across Europe): section [supply_chain]. */
typedef struct {
    policy_window window;        /**< when the extra effort is in force */
    double extra_seizure_share;  /**< extra share of boats seized in the supply chain, probability */
    double cost_per_year;        /**< cost of the effort, GBP/year */
} supply_params;
_Static_assert(offsetof(supply_params, window) == 0, "a policy's window comes first");

#define S_OFF(field) offsetof(supply_params, field)

static const cfg_param supply_param_list[] = {
    POLICY_WINDOW_PARAMS("supply_chain", S_OFF(window), "extra supply-chain disruption"),
    {"supply_chain", "extra_seizure_share", CFG_DOUBLE, S_OFF(extra_seizure_share), 0, 0, 1, "0.15", "probability",
     "extra share of boats seized in the supply chain", "assumption to sweep"},
    {"supply_chain", "cost_per_year", CFG_DOUBLE, S_OFF(cost_per_year), 0, 0, 1e11, "10000000", "GBP/year",
     "cost of the extra effort", "assumption"},
};

static void supply_supply(const void *params, double *extra_seizure_share)
{
    *extra_seizure_share += ((const supply_params *)params)->extra_seizure_share;
}

static double supply_cost_per_year(const void *params) { return ((const supply_params *)params)->cost_per_year; }

const policy_def supply_chain_policy = {
    .section = "supply_chain",
    .summary = "extra seizures of boats and engines in the European supply chain",
    .params = supply_param_list,
    .nparams = sizeof supply_param_list / sizeof supply_param_list[0],
    .params_size = sizeof(supply_params),
    .supply = supply_supply,
    .cost_per_year = supply_cost_per_year,
};
