/**
 * @file french_police.c
 * @brief French police on the beaches.
 */
#include "models/agencies/french_police.h"

#include <math.h>
#include <stddef.h>

#include "sim/engine/anchors.h"

#define F_OFF(field) offsetof(french_params, field)

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
    {"french_police", "boarded_share", CFG_DOUBLE, F_OFF(boarded_share), 0, 0.01, 1, "0.55", "probability",
     "share of a boat's load stopped with it when a launch is prevented on the beach (the others had not reached the boat and wait again, uncounted)",
     "[calibrate]; SB_02: 30.7 people per prevented event (May-Dec 2024) and 26.6 (2025) against 53 and 62 per arriving boat; 24.5 in 2022 (UK-France declaration: 33,788 people, 1,381 boats) against 41"},
    {"french_police", "payment_per_year", CFG_DOUBLE, F_OFF(payment_per_year), 0, 0, 1e11, "158700000", "GBP/year",
     "UK payments to France for policing", "Mar 2023 deal: GBP 476m for 2023/24-2025/26"},
#define EFFORT(k)                                                                                                    \
    {"french_police", "effort_date_" #k, CFG_DATE, F_OFF(effort_date[k - 1]), 0, 0, CFG_DATE_NEVER, "never", "date", \
     "from this date the effective deployment is effort_" #k " x officers (never: this and later changes unused)",  \
     "convention: half years of SB_02 (configs/scenarios/baseline.ini)"},                                           \
    {"french_police", "effort_" #k, CFG_DOUBLE, F_OFF(effort[k - 1]), 0, 0, 10, "1", "-",                           \
     "effective deployment from effort_date_" #k ", as a multiple of officers: policing effort net of the gangs' counter-tactics", \
     "[calibrate]: SB_02 prevention share by half year 0.384, 0.427, 0.392, 0.312 (2024H1-2025H2)"},          \
    {"french_police", "boarded_factor_" #k, CFG_DOUBLE, F_OFF(boarded_factor[k - 1]), 0, 0.01, 10, "1", "-",        \
     "share of a boat's load stopped with a prevented launch from effort_date_" #k ", as a multiple of boarded_share (the product at most 1)", \
     "[calibrate]: SB_02 people prevented over launch events prevented fall against arriving boats' loads: shares 0.384/0.498, 0.427/0.574, 0.392/0.584, 0.312/0.527 (2024H1-2025H2)"}
    EFFORT(1), EFFORT(2), EFFORT(3), EFFORT(4),
};
const size_t french_param_count = sizeof french_param_list / sizeof french_param_list[0];

sim_status french_params_check(const french_params *p)
{
    return anchors_check(p->effort_date, FRENCH_PERIODS, "french_police", "effort_date");
}

/* The period in force on `date`: the last effort_date[k] <= date, -1 before the first. */
static int period_of(const french_params *p, int date)
{
    return anchors_step(p->effort_date, anchors_used(p->effort_date, FRENCH_PERIODS), date);
}

double french_effort(const french_params *p, int date)
{
    int k = period_of(p, date);
    return k < 0 ? 1.0 : p->effort[k];
}

double french_boarded_share(const french_params *p, int date)
{
    int k = period_of(p, date);
    return k < 0 ? p->boarded_share : fmin(1.0, p->boarded_share * p->boarded_factor[k]);
}

void french_set_date(french_police *f, int date)
{
    f->effort = french_effort(f->p, date);
    f->boarded_share = french_boarded_share(f->p, date);
}

void french_reset(french_police *f, const french_params *p)
{
    f->p = p;
    f->effort = 1.0;
    f->boarded_share = p->boarded_share;
    for (int s = 0; s < COAST_SECTORS; s++) {
        f->effort_share[s] = 1.0 / COAST_SECTORS;
        f->sector_launches[s] = 0;
    }
}

/* Prevention compounds with officers: each reference deployment stops a launch with
 * chance prevention_at_reference independently. */
double french_beach_prevention(const french_police *f, int sector)
{
    const french_params *p = f->p;
    double officers = p->officers * f->effort * f->effort_share[sector] * COAST_SECTORS;
    return 1.0 - pow(1.0 - p->prevention_at_reference, officers / p->reference_officers);
}

void french_reallocate(french_police *f)
{
    double w = f->p->reallocation, total = 0;
    for (int s = 0; s < COAST_SECTORS; s++) total += f->sector_launches[s];
    if (total > 0)
        for (int s = 0; s < COAST_SECTORS; s++)
            f->effort_share[s] = (1.0 - w) * f->effort_share[s] + w * f->sector_launches[s] / total;
    for (int s = 0; s < COAST_SECTORS; s++) f->sector_launches[s] = 0;
}
