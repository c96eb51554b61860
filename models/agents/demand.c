/**
 * @file demand.c
 * @brief Demand history: the inflow level and nationality mix by date (demand.h).
 */
#include "models/agents/demand.h"

#include <math.h>
#include <stddef.h>

#include "sim/engine/anchors.h"

#define D_OFF(field) offsetof(demand_params, field)
#define LEVEL(k)                                                                                                   \
    {"demand", "level_date_" #k, CFG_DATE, D_OFF(level_date[k - 1]), 0, 0, CFG_DATE_NEVER, "never", "date",       \
     "anchor " #k " of the inflow level (never: this and later anchors unused)",                                  \
     "convention: dates in configs/calibration/history_schedule.ini"},                                              \
    {"demand", "level_" #k, CFG_DOUBLE, D_OFF(level[k - 1]), 0, 0, 1e5, "0", "people/day",                      \
     "coast inflow on level_date_" #k ", before season and deterrence (linear between anchors)",                  \
     "[calibrate] against SB_01 arrivals (configs/calibration/calibrated.ini)"}
#define MIX(k, dflt, src)                                                                                          \
    {"demand", "mix_date_" #k, CFG_DATE, D_OFF(mix_date[k - 1]), 0, 0, CFG_DATE_NEVER, "never", "date",           \
     "anchor " #k " of the nationality mix (never: this and later anchors unused)",                               \
     "convention: the middle of the period the shares describe"},                                                 \
    {"demand", "mix_" #k, CFG_DOUBLE_LIST, D_OFF(mix[k - 1]), MIG_GROUPS, 0, 1, dflt, "probability",            \
     "share of coast inflow by group on mix_date_" #k " (sums to 1; linear between anchors)", src}

const cfg_param demand_param_list[] = {
    LEVEL(1), LEVEL(2), LEVEL(3), LEVEL(4), LEVEL(5), LEVEL(6),
    MIX(1, "0.20,0.04,0.03,0.13,0.02,0.10,0.06,0.02,0.28,0.12",
        "Home Office via PA, 2022: Albanian 28%, Afghan 20%, Iranian 13%, Iraqi 10%; the other 29% split by assumption"),
    MIX(2, "0.20,0.09,0.06,0.13,0.05,0.09,0.06,0.11,0.03,0.18",
        "Home Office via PA, 2023: Afghan 20%, Iranian 13%, Turkish 11%, Eritrean 9%, Iraqi 9%, Vietnamese 5%, "
        "Albanian 3%; Sudanese, Syrian and other (30%) split by assumption"),
    MIX(3, "0.13,0.20,0.12,0.08,0.08,0.08,0.07,0.05,0.02,0.17",
        "Home Office via PA, Q1 2025: Eritrean 20%, Afghan 13%, Sudanese 12%, Vietnamese 8%, Iranian 8%; Iraqi, "
        "Syrian, Turkish, Albanian and other (39%) by assumption"),
    MIX(4, "0.13,0.20,0.12,0.08,0.08,0.08,0.07,0.05,0.02,0.17", "as mix_3 (a fourth anchor for scenarios)"),
};
const size_t demand_param_count = sizeof demand_param_list / sizeof demand_param_list[0];

int demand_level_anchors(const demand_params *p) { return anchors_used(p->level_date, DEMAND_LEVELS); }
int demand_mix_anchors(const demand_params *p) { return anchors_used(p->mix_date, DEMAND_MIXES); }

sim_status demand_params_check(const demand_params *p)
{
    SIM_CHECK(anchors_check(p->level_date, DEMAND_LEVELS, "demand", "level_date"));
    SIM_CHECK(anchors_check(p->mix_date, DEMAND_MIXES, "demand", "mix_date"));
    for (int k = 0; k < demand_level_anchors(p); k++)
        if (!(p->level[k] > 0))
            return SIM_FAIL(SIM_ERR_CONFIG, "[demand] level_%d must be positive when level_date_%d is set (got %g)",
                            k + 1, k + 1, p->level[k]);
    for (int k = 0; k < demand_mix_anchors(p); k++) {
        double sum = 0;
        for (int g = 0; g < MIG_GROUPS; g++) sum += p->mix[k][g];
        if (fabs(sum - 1.0) > 1e-6)
            return SIM_FAIL(SIM_ERR_CONFIG, "[demand] mix_%d: shares sum to %.6g, not 1", k + 1, sum);
    }
    return SIM_OK;
}

double demand_level(const demand_params *p, const mig_params *mp, int date)
{
    int n = demand_level_anchors(p);
    if (n == 0) {
        int until = date < mp->inflow_trend_end ? date : mp->inflow_trend_end;
        double years = (until - mp->inflow_reference_date) / 365.25;
        return mp->inflow_per_day * pow(1.0 + mp->inflow_trend, years);
    }
    int lo, hi;
    double w;
    anchors_bracket(p->level_date, n, date, &lo, &hi, &w);
    return (1 - w) * p->level[lo] + w * p->level[hi];
}

void demand_mix(const demand_params *p, const mig_params *mp, int date, double share[MIG_GROUPS])
{
    int n = demand_mix_anchors(p);
    if (n == 0) {
        for (int g = 0; g < MIG_GROUPS; g++) share[g] = mp->group_share[g];
        return;
    }
    int lo, hi;
    double w;
    anchors_bracket(p->mix_date, n, date, &lo, &hi, &w);
    /* A convex combination of two mixes that sum to 1 sums to 1. */
    for (int g = 0; g < MIG_GROUPS; g++) share[g] = (1 - w) * p->mix[lo][g] + w * p->mix[hi][g];
}

void demand_rates(const demand_params *p, const mig_params *mp, int date, double rate[MIG_GROUPS])
{
    double level = demand_level(p, mp, date);
    demand_mix(p, mp, date, rate);
    for (int g = 0; g < MIG_GROUPS; g++) rate[g] *= level;
}
