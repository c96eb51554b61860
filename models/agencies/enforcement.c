/**
 * @file enforcement.c
 * @brief French police, shallow-water interception, the sea and Border Force,
 *        NCA and the Border Security Command.
 */
#include "models/agencies/enforcement.h"

#include <math.h>
#include <stddef.h>

#include "models/model.h"

#define F_OFF(field) offsetof(french_params, field)
#define SW_OFF(field) offsetof(shallow_params, field)
#define SEA_OFF(field) offsetof(sea_params, field)
#define N_OFF(field) offsetof(nca_params, field)
#define B_OFF(field) offsetof(bsc_params, field)

const cfg_param french_param_list[] = {
    {"french_police", "officers", CFG_DOUBLE, F_OFF(officers), 0, 0, 1e5, "1200", "officers",
     "police and gendarmes deployed on the northern coast", "assumption"},
    {"french_police", "reference_officers", CFG_DOUBLE, F_OFF(reference_officers), 0, 1, 1e5, "1200", "officers",
     "deployment at which prevention_at_reference holds", "scale of the parameter above"},
    {"french_police", "prevention_at_reference", CFG_DOUBLE, F_OFF(prevention_at_reference), 0, 0, 0.999, "0.33", "probability",
     "chance a launch is stopped on the beach with reference officers spread evenly",
     "UK-France declaration Mar 2023: 42.4% of attempts prevented in 2022; SB_02 2024-25: 35-42% of people"},
    {"french_police", "reallocation", CFG_DOUBLE, F_OFF(reallocation), 0, 0, 1, "0.3", "-",
     "weekly share of effort moved toward where launches were seen", "assumption"},
    {"french_police", "boat_loss_prevented", CFG_DOUBLE, F_OFF(boat_loss_prevented), 0, 0, 1, "0.7", "probability",
     "chance a stopped boat is destroyed or seized", "assumption (police slash boats)"},
    {"french_police", "payment_per_year", CFG_DOUBLE, F_OFF(payment_per_year), 0, 0, 1e11, "158700000", "GBP/year",
     "UK payments to France for policing", "Mar 2023 deal: GBP 476m for 2023/24-2025/26"},
};
const size_t french_param_count = sizeof french_param_list / sizeof french_param_list[0];

const cfg_param shallow_param_list[] = {
    POLICY_WINDOW_PARAMS("shallow_water", SW_OFF(window), "shallow-water interception"),
    {"shallow_water", "intercept_prob", CFG_DOUBLE, SW_OFF(intercept_prob), 0, 0, 1, "0.15", "probability",
     "chance a boat that left the beach is intercepted in shallow water", "assumption to sweep (seed 004: French action in shallow waters)"},
    {"shallow_water", "incident_factor", CFG_DOUBLE, SW_OFF(incident_factor), 0, 0, 100, "2", "-",
     "fatal-incident chance of an intercepted boat relative to a crossing", "assumption: interventions at sea carry risk"},
    {"shallow_water", "cost_per_year", CFG_DOUBLE, SW_OFF(cost_per_year), 0, 0, 1e11, "10000000", "GBP/year",
     "extra cost of interceptions", "assumption"},
};
const size_t shallow_param_count = sizeof shallow_param_list / sizeof shallow_param_list[0];

const cfg_param sea_param_list[] = {
    {"sea", "incident_prob_calm", CFG_DOUBLE, SEA_OFF(incident_prob_calm), 0, 0, 1, "0.0012", "probability",
     "chance of a fatal incident per crossing boat at the reference load in calm sea",
     "assumption, to calibrate: Home Office 4-12 deaths a year 2022-23, 70-78 in 2024"},
    {"sea", "marginal_factor", CFG_DOUBLE, SEA_OFF(marginal_factor), 0, 0, 1000, "3", "-",
     "incident chance on a marginal-sea day relative to calm", "assumption"},
    {"sea", "reference_load", CFG_DOUBLE, SEA_OFF(reference_load), 0, 1, 200, "50", "people",
     "load at which incident_prob_calm holds", "scale"},
    {"sea", "overload_exponent", CFG_DOUBLE, SEA_OFF(overload_exponent), 0, 0, 50, "4", "-",
     "incident chance scales as (load / reference_load)^exponent",
     "assumption: deaths rose about six-fold 2023-24 (12 to 72-78) as people per boat went from 49 to 53 (SB_01, IOM)"},
    {"sea", "fatality_share", CFG_DOUBLE, SEA_OFF(fatality_share), 0, 0, 1, "0.12", "probability",
     "share of those on board who die in a fatal incident", "assumption: at least 12 died in one incident, Sep 2024 (seed 002)"},
    {"sea", "rescue_to_france", CFG_DOUBLE, SEA_OFF(rescue_to_france), 0, 0, 1, "0.7", "probability",
     "share of incidents whose survivors are taken back to France", "assumption: survivors of incidents near the French coast are rescued by French services"},
    {"sea", "cost_per_boat", CFG_DOUBLE, SEA_OFF(cost_per_boat), 0, 0, 1e9, "20000", "GBP/boat",
     "Border Force cost per boat met at sea", "assumption"},
};
const size_t sea_param_count = sizeof sea_param_list / sizeof sea_param_list[0];

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

const cfg_param bsc_param_list[] = {
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
const size_t bsc_param_count = sizeof bsc_param_list / sizeof bsc_param_list[0];

double enf_beach_prevention(const model *m, int sector)
{
    const french_params *p = &m->p->french;
    double officers = p->officers * m->effort_share[sector] * COAST_SECTORS;
    return 1.0 - pow(1.0 - p->prevention_at_reference, officers / p->reference_officers);
}

void enf_reallocate(model *m)
{
    double w = m->p->french.reallocation, total = 0;
    for (int s = 0; s < COAST_SECTORS; s++) total += m->sector_launches[s];
    if (total > 0)
        for (int s = 0; s < COAST_SECTORS; s++)
            m->effort_share[s] = (1.0 - w) * m->effort_share[s] + w * m->sector_launches[s] / total;
    for (int s = 0; s < COAST_SECTORS; s++) m->sector_launches[s] = 0;
}

void enf_disrupt_gangs(model *m)
{
    if (m->n_gangs <= 0) return;
    const nca_params *n = &m->p->nca;
    const bsc_params *b = &m->p->bsc;
    double investigators = n->investigators + (m->on.bsc ? b->extra_investigators : 0.0);
    double power = m->on.bsc ? b->powers_factor : 1.0;
    /* Investigative capacity is shared by the active gangs, and a thinner market is
     * harder to penetrate: gangs disrupted per year = capacity x n / (n + n_half). */
    double per_gang = investigators * power / 365.0 / (m->n_gangs + n->search_half_gangs);
    double p_dismantle = 1.0 - exp(-per_gang * n->dismantle_per_investigator);
    double p_freeze = (m->on.bsc && b->finance_powers) ? 1.0 - exp(-per_gang * n->freeze_per_investigator) : 0.0;
    for (int s = 0; s < GANG_MAX; s++) {
        if (!m->gangs[s].active) continue;
        uint32_t w[4];
        rng_block(m->key, RNG_ENFORCEMENT, (uint32_t)s, (uint32_t)m->date, w);
        if (w[0] < rng_threshold(p_dismantle)) {
            gang_dismantle(m, s);
            continue;
        }
        if (w[1] < rng_threshold(p_freeze)) m->gangs[s].frozen_until = m->day + (int)n->freeze_days;
    }
}

double enf_incident_prob(const sea_params *p, double load, sea_state sea)
{
    double pr = p->incident_prob_calm * pow(load / p->reference_load, p->overload_exponent);
    if (sea == SEA_MARGINAL) pr *= p->marginal_factor;
    return pr > 1.0 ? 1.0 : pr;
}

double enf_daily_cost(const model *m)
{
    const model_params *p = m->p;
    double per_year = p->french.payment_per_year + p->nca.budget_per_year;
    if (m->on.bsc) per_year += p->bsc.budget_per_year;
    if (m->on.shallow) per_year += p->shallow.cost_per_year;
    if (m->on.supply_chain) per_year += p->supply_chain.cost_per_year;
    if (m->on.online) per_year += p->online.cost_per_year;
    return per_year / 365.0;
}
