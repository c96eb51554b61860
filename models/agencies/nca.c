/**
 * @file nca.c
 * @brief The National Crime Agency against the smuggling gangs.
 */
#include "models/agencies/nca.h"

#include <math.h>
#include <stddef.h>

#define N_OFF(field) offsetof(nca_params, field)

const cfg_param nca_param_list[] = {
    {"nca", "investigators", CFG_DOUBLE, N_OFF(investigators), 0, 0, 1e5, "200", "people",
     "NCA investigators and intelligence officers against smuggling gangs", "assumption"},
    {"nca", "dismantle_per_investigator", CFG_DOUBLE, N_OFF(dismantle_per_investigator), 0, 0, 100, "0.08", "gangs/(person year)",
     "gangs dismantled per investigator per year", "assumption"},
    {"nca", "freeze_per_investigator", CFG_DOUBLE, N_OFF(freeze_per_investigator), 0, 0, 100, "0.05", "1/(person year)",
     "gang finances frozen per investigator per year where finance powers exist", "assumption"},
    {"nca", "freeze_days", CFG_DOUBLE, N_OFF(freeze_days), 0, 0, 3650, "60", "days",
     "a freeze stops a gang buying boats for this long", "assumption"},
    {"nca", "search_half_gangs", CFG_DOUBLE, N_OFF(search_half_gangs), 0, 0, 1e4, "10", "gangs",
     "fewer gangs are harder to find: disruption scales as n/(n + this)", "assumption to sweep"},
    {"nca", "budget_per_year", CFG_DOUBLE, N_OFF(budget_per_year), 0, 0, 1e11, "50000000", "GBP/year",
     "NCA spending against organised immigration crime", "assumption"},
};
const size_t nca_param_count = sizeof nca_param_list / sizeof nca_param_list[0];

nca_effort nca_base_effort(const nca_params *p) { return (nca_effort){p->investigators, 1.0, 0}; }

void nca_disrupt_gangs(const nca_params *n, nca_effort e, gang_market *gm, mig_population *pop, model_day *d)
{
    if (gm->n_gangs <= 0) return;
    /* Investigative capacity is shared by the active gangs, and a thinner market is
     * harder to penetrate: gangs disrupted per year = capacity x n / (n + n_half). */
    double per_gang = e.investigators * e.power / 365.0 / (gm->n_gangs + n->search_half_gangs);
    double p_dismantle = 1.0 - exp(-per_gang * n->dismantle_per_investigator);
    double p_freeze = e.finance_powers ? 1.0 - exp(-per_gang * n->freeze_per_investigator) : 0.0;
    /* Each active gang's block (entity = its slot), computed together (rng_blocks). */
    uint32_t slots[GANG_MAX], draws[GANG_MAX][4];
    size_t active = 0;
    for (int s = 0; s < GANG_MAX; s++)
        if (gm->gangs[s].active) slots[active++] = (uint32_t)s;
    rng_blocks(d->key, RNG_ENFORCEMENT, slots, (uint32_t)d->date, active, draws);
    for (size_t i = 0; i < active; i++) {
        const int s = (int)slots[i];
        const uint32_t *w = draws[i];
        if (w[0] < rng_threshold(p_dismantle)) {
            gang_dismantle(gm, pop, d, s);
            continue;
        }
        if (w[1] < rng_threshold(p_freeze)) gm->gangs[s].frozen_until = d->day + (int)n->freeze_days;
    }
}
