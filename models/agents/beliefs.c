/**
 * @file beliefs.c
 * @brief Learning: each group's belief about removal or return, and the death risk,
 *        follow what happened to people like them (docs/ODD.md, "learning").
 */
#include "models/agents/beliefs.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#define D_OFF(field) offsetof(deter_params, field)

const cfg_param deter_param_list[] = {
    {"deterrence", "strength", CFG_DOUBLE, D_OFF(strength), 0, 0, 1000, "2", "-",
     "give-up hazard multiplier per unit of perceived removal-or-return chance; 0 = no deterrent effect",
     "assumption to sweep: critics say a 1% chance deters no one (seeds 000, 001)"},
    {"deterrence", "inflow_strength", CFG_DOUBLE, D_OFF(inflow_strength), 0, 0, 1000, "2", "-",
     "coast inflow of a group falls by exp(-inflow_strength x belief)", "assumption to sweep"},
    {"deterrence", "death_weight", CFG_DOUBLE, D_OFF(death_weight), 0, 0, 1e6, "10", "-",
     "give-up hazard multiplier per unit of perceived death risk per crossing", "assumption to sweep"},
    {"deterrence", "initial_belief", CFG_DOUBLE_LIST, D_OFF(initial_belief), MIG_GROUPS, 0, 1,
     "0.02,0.02,0.02,0.02,0.05,0.03,0.02,0.04,0.2,0.03", "probability",
     "belief about removal or return when the warm-up starts", "assumption; the warm-up lets beliefs settle"},
    {"deterrence", "learning_days", CFG_DOUBLE, D_OFF(learning_days), 0, 1, 1e4, "60", "days",
     "time constant of belief updating", "assumption"},
    {"deterrence", "delay_days", CFG_DOUBLE, D_OFF(delay_days), 0, 0, 365, "14", "days",
     "news of removals and returns reaches the coast after this delay", "assumption"},
    {"deterrence", "window_days", CFG_DOUBLE, D_OFF(window_days), 0, 1, 365, "90", "days",
     "outcomes are counted over this window", "assumption"},
    {"deterrence", "min_signal", CFG_DOUBLE, D_OFF(min_signal), 0, 1, 1e6, "20", "people",
     "arrivals of a group in the window needed before its belief updates", "assumption"},
    {"deterrence", "noise_sd", CFG_DOUBLE, D_OFF(noise_sd), 0, 0, 3, "0.2", "-",
     "log-sd of daily noise in the observed rate", "assumption"},
};
const size_t deter_param_count = sizeof deter_param_list / sizeof deter_param_list[0];

sim_status mig_beliefs_init(mig_beliefs *b, const deter_params *p)
{
    memset(b, 0, sizeof *b);
    b->p = p;
    b->ring_len = (int)(p->delay_days + p->window_days) + 1;
    b->ring_arrivals = calloc((size_t)b->ring_len * MIG_GROUPS, sizeof(double));
    b->ring_returned = calloc((size_t)b->ring_len * MIG_GROUPS, sizeof(double));
    b->ring_deaths = calloc((size_t)b->ring_len, sizeof(double));
    b->ring_crossers = calloc((size_t)b->ring_len, sizeof(double));
    if (!b->ring_arrivals || !b->ring_returned || !b->ring_deaths || !b->ring_crossers) {
        mig_beliefs_free(b);
        return SIM_FAIL(SIM_ERR_MEMORY, "out of memory allocating belief buffers");
    }
    return SIM_OK;
}

void mig_beliefs_free(mig_beliefs *b)
{
    free(b->ring_arrivals);
    free(b->ring_returned);
    free(b->ring_deaths);
    free(b->ring_crossers);
    b->ring_arrivals = b->ring_returned = b->ring_deaths = b->ring_crossers = NULL;
}

void mig_beliefs_reset(mig_beliefs *b)
{
    memcpy(b->belief, b->p->initial_belief, sizeof b->belief);
    b->death_risk = 0;
    memset(b->ring_arrivals, 0, (size_t)b->ring_len * MIG_GROUPS * sizeof(double));
    memset(b->ring_returned, 0, (size_t)b->ring_len * MIG_GROUPS * sizeof(double));
    memset(b->ring_deaths, 0, (size_t)b->ring_len * sizeof(double));
    memset(b->ring_crossers, 0, (size_t)b->ring_len * sizeof(double));
    memset(b->window_arrivals, 0, sizeof b->window_arrivals);
    memset(b->window_returned, 0, sizeof b->window_returned);
    b->window_deaths = b->window_crossers = 0;
}

/* Ring slot of simulated day `day` (days may be negative during warm-up). */
static inline size_t ring_slot(const mig_beliefs *b, int day) { return (size_t)(((day % b->ring_len) + b->ring_len) % b->ring_len); }

/*
 * Record today's counts and move each observation window [day - delay - window + 1,
 * day - delay] on by one day: add the day entering it, drop the day leaving it. The
 * ring holds delay + window + 1 days, so the day leaving is still there. Counts are
 * whole numbers, so the running sums are exact.
 */
static void slide_windows(mig_beliefs *b, const model_day *d)
{
    int delay = (int)b->p->delay_days, window = (int)b->p->window_days;
    size_t now = ring_slot(b, d->day), in = ring_slot(b, d->day - delay), out = ring_slot(b, d->day - delay - window);
    for (int g = 0; g < MIG_GROUPS; g++) {
        b->ring_arrivals[now * MIG_GROUPS + g] = d->group_today[g][G_ARRIVALS];
        b->ring_returned[now * MIG_GROUPS + g] = d->group_today[g][G_RETURNED];
    }
    b->ring_deaths[now] = d->today[M_DEATHS];
    b->ring_crossers[now] = d->crossers_today;
    for (int g = 0; g < MIG_GROUPS; g++) {
        b->window_arrivals[g] += b->ring_arrivals[in * MIG_GROUPS + g] - b->ring_arrivals[out * MIG_GROUPS + g];
        b->window_returned[g] += b->ring_returned[in * MIG_GROUPS + g] - b->ring_returned[out * MIG_GROUPS + g];
    }
    b->window_deaths += b->ring_deaths[in] - b->ring_deaths[out];
    b->window_crossers += b->ring_crossers[in] - b->ring_crossers[out];
}

void mig_beliefs_update(mig_beliefs *b, const model_day *day)
{
    const deter_params *d = b->p;
    slide_windows(b, day);
    const double rate = 1.0 / d->learning_days;
    for (int g = 0; g < MIG_GROUPS; g++) {
        double arrived = b->window_arrivals[g];
        if (arrived < d->min_signal) continue; /* too few like them to learn from */
        double observed = b->window_returned[g] / arrived;
        rng_seek(day->rng, day->key, RNG_BELIEF, (uint32_t)g, (uint32_t)day->date);
        double s = d->noise_sd;
        observed *= exp(s * gsl_ran_gaussian_ziggurat(day->rng, 1.0) - 0.5 * s * s);
        if (observed > 1.0) observed = 1.0;
        b->belief[g] += rate * (observed - b->belief[g]);
    }
    if (b->window_crossers >= d->min_signal) {
        double observed = b->window_deaths / b->window_crossers;
        b->death_risk += rate * (observed - b->death_risk);
    }
}
