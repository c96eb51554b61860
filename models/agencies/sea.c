/**
 * @file sea.c
 * @brief The sea and UK Border Force.
 */
#include "models/agencies/sea.h"

#include <math.h>
#include <stddef.h>

#define SEA_OFF(field) offsetof(sea_params, field)

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
    {"sea", "crush_load", CFG_DOUBLE, SEA_OFF(crush_load), 0, 1, 500, "60", "people",
     "load above which people on board can be crushed",
     "[sweep]; facts.md: boats of 71-80 people rose from 2 to 102 and of 80+ from 6 to 26 (FY2021-22 to FY2024-25) as deaths rose"},
    {"sea", "crush_prob", CFG_DOUBLE, SEA_OFF(crush_prob), 0, 0, 1, "0.02", "probability",
     "chance of a fatal crush per crossing boat at twice crush_load (0 at or below crush_load, linear above)",
     "[calibrate] against deaths per year (deaths_annual.csv: 12 in 2023, 78 in 2024, 27 in 2025)"},
    {"sea", "crush_fatality_share", CFG_DOUBLE, SEA_OFF(crush_fatality_share), 0, 0, 1, "0.04", "probability",
     "share of those on board who die in a crush", "[sweep] assumption: a few of a boat's 60-110 people per crush"},
    {"sea", "rescue_to_france", CFG_DOUBLE, SEA_OFF(rescue_to_france), 0, 0, 1, "0.7", "probability",
     "share of incidents whose survivors are taken back to France", "assumption: survivors of incidents near the French coast are rescued by French services"},
    {"sea", "cost_per_boat", CFG_DOUBLE, SEA_OFF(cost_per_boat), 0, 0, 1e9, "20000", "GBP/boat",
     "Border Force cost per boat met at sea", "assumption"},
};
const size_t sea_param_count = sizeof sea_param_list / sizeof sea_param_list[0];

double sea_incident_prob(const sea_params *p, double load, sea_state sea)
{
    double pr = p->incident_prob_calm * pow(load / p->reference_load, p->overload_exponent);
    if (sea == SEA_MARGINAL) pr *= p->marginal_factor;
    return pr > 1.0 ? 1.0 : pr;
}

double sea_crush_prob(const sea_params *p, double load)
{
    double over = load / p->crush_load - 1.0;
    if (over <= 0) return 0.0;
    double pr = p->crush_prob * over;
    return pr > 1.0 ? 1.0 : pr;
}
