/**
 * @file shallow_water.c
 * @brief French interception in shallow water: while in force, a boat that left the
 *        beach may be intercepted and brought back (its people wait again, the boat is
 *        seized), at a higher risk of a fatal incident than a crossing.
 */
#include <stddef.h>

#include "models/policies/policy.h"

/** French interception in shallow water: section [shallow_water]. */
typedef struct {
    policy_window window;         /**< when interceptions are in force */
    double intercept_prob;        /**< chance a boat that left the beach is intercepted in shallow water, probability */
    double incident_factor;       /**< fatal-incident chance of an interception relative to a crossing, - */
    double cost_per_year;         /**< extra cost, GBP/year */
} shallow_params;
_Static_assert(offsetof(shallow_params, window) == 0, "a policy's window comes first");

#define SW_OFF(field) offsetof(shallow_params, field)

static const cfg_param shallow_param_list[] = {
    POLICY_WINDOW_PARAMS("shallow_water", SW_OFF(window), "shallow-water interception"),
    {"shallow_water", "intercept_prob", CFG_DOUBLE, SW_OFF(intercept_prob), 0, 0, 1, "0.15", "probability",
     "chance a boat that left the beach is intercepted in shallow water", "assumption to sweep (seed 004: French action in shallow waters)"},
    {"shallow_water", "incident_factor", CFG_DOUBLE, SW_OFF(incident_factor), 0, 0, 100, "2", "-",
     "fatal-incident chance of an intercepted boat relative to a crossing", "assumption: interventions at sea carry risk"},
    {"shallow_water", "cost_per_year", CFG_DOUBLE, SW_OFF(cost_per_year), 0, 0, 1e11, "10000000", "GBP/year",
     "extra cost of interceptions", "assumption"},
};

static void shallow_launch(const void *params, gang_launch_rules *r)
{
    const shallow_params *p = params;
    r->intercept_prob = p->intercept_prob;
    r->intercept_incident_factor = p->incident_factor;
}

static double shallow_cost_per_year(const void *params) { return ((const shallow_params *)params)->cost_per_year; }

const policy_def shallow_water_policy = {
    .section = "shallow_water",
    .summary = "French interception of boats in shallow water after they leave the beach",
    .params = shallow_param_list,
    .nparams = sizeof shallow_param_list / sizeof shallow_param_list[0],
    .params_size = sizeof(shallow_params),
    .launch = shallow_launch,
    .cost_per_year = shallow_cost_per_year,
};
