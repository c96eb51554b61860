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
    {"deterrence", "social_strength", CFG_DOUBLE, D_OFF(social_strength), 0, 0, 1, "0.1", "1/day",
     "daily rate at which the part of a group its networks reach moves its belief toward the group's removals and returns it hears of; 0 = no social learning",
     "[sweep] assumption (not identified by the 2023-25 record; docs/calibration.md); seed 004: smugglers advertise through social media accounts (shut down as enforcement); facts.md: Albanian arrivals fell from 12,658 (2022) to 924 (2023) after the Dec 2022 arrangement"},
    {"deterrence", "social_reach", CFG_DOUBLE, D_OFF(social_reach), 0, 0, 1, "0.5", "probability",
     "share of a group on the coast reached by news through diaspora networks and smugglers' advertising",
     "[sweep] assumption"},
    {"deterrence", "social_delay_days", CFG_DOUBLE, D_OFF(social_delay_days), 0, 0, 365, "3", "days",
     "news of the group's removals and returns is heard after this delay", "[sweep] assumption: news spreads within days by phone and social media"},
    {"deterrence", "social_window_days", CFG_DOUBLE, D_OFF(social_window_days), 0, 1, 365, "30", "days",
     "heard outcomes are counted over this window", "[sweep] assumption"},
    {"deterrence", "announcement_strength", CFG_DOUBLE, D_OFF(announcement_strength), 0, 0, 1, "0.3", "1/day",
     "daily rate at which the part of a group told of an announced returns or removal policy moves its belief toward the stated chance x credibility; 0 = announcements change nothing",
     "[sweep] assumption: a published policy is news within days (smugglers' own advertising and diaspora networks, seed 004); as fast as news of returns (social_delay_days 3); docs/ODD.md 7.16"},
    {"deterrence", "announcement_reach", CFG_DOUBLE, D_OFF(announcement_reach), 0, 0, 1, "0.5", "probability",
     "share of a targeted group on the coast an announcement reaches",
     "[sweep] assumption: the same networks carry it as carry news of returns (social_reach)"},
    {"deterrence", "credibility_prior", CFG_DOUBLE, D_OFF(credibility_prior), 0, 0, 1, "0.5", "probability",
     "credibility of a policy on the day it is announced (what is stated is believed in this proportion)",
     "[sweep] assumption: even odds, nothing yet seen either way; seeds 000, 001: Rwanda was discounted once 'everybody has worked out' the chance was below 1%"},
    {"deterrence", "credibility_days", CFG_DOUBLE, D_OFF(credibility_days), 0, 1, 1e4, "60", "days",
     "time constant over which a policy's credibility follows the share of its stated chance the group has learned of (returns seen or heard)",
     "[sweep] assumption: judged as fast as beliefs learn (learning_days 60)"},
};
const size_t deter_param_count = sizeof deter_param_list / sizeof deter_param_list[0];

sim_status mig_beliefs_init(mig_beliefs *b, const deter_params *p)
{
    memset(b, 0, sizeof *b);
    b->p = p;
    int own_days = (int)p->delay_days + (int)p->window_days, heard_days = (int)p->social_delay_days + (int)p->social_window_days;
    b->ring_len = (own_days > heard_days ? own_days : heard_days) + 1;
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
    memcpy(b->own, b->p->initial_belief, sizeof b->own);
    memcpy(b->heard, b->p->initial_belief, sizeof b->heard);
    memset(b->heard_arrivals, 0, sizeof b->heard_arrivals);
    memset(b->heard_returned, 0, sizeof b->heard_returned);
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
    /* The same for what is heard, over its own (shorter) delay and window. */
    int sdelay = (int)b->p->social_delay_days, swindow = (int)b->p->social_window_days;
    in = ring_slot(b, d->day - sdelay);
    out = ring_slot(b, d->day - sdelay - swindow);
    for (int g = 0; g < MIG_GROUPS; g++) {
        b->heard_arrivals[g] += b->ring_arrivals[in * MIG_GROUPS + g] - b->ring_arrivals[out * MIG_GROUPS + g];
        b->heard_returned[g] += b->ring_returned[in * MIG_GROUPS + g] - b->ring_returned[out * MIG_GROUPS + g];
    }
}

/* A noisy rate: `rate` x lognormal(mean 1, log-sd s) from the (purpose, group, date) sub-stream, at most 1. */
static double noisy_rate(const model_day *day, uint32_t purpose, int g, double rate, double s)
{
    rng_seek(day->rng, day->key, purpose, (uint32_t)g, (uint32_t)day->date);
    double v = rate * exp(s * gsl_ran_gaussian_ziggurat(day->rng, 1.0) - 0.5 * s * s);
    return v > 1.0 ? 1.0 : v;
}

void mig_beliefs_update(mig_beliefs *b, const model_day *day)
{
    const deter_params *d = b->p;
    slide_windows(b, day);
    const double rate = 1.0 / d->learning_days;
    /* The daily rate as a share moved, so a fast rate cannot overshoot. */
    const double social = 1.0 - exp(-d->social_strength);
    for (int g = 0; g < MIG_GROUPS; g++) {
        /* Both parts of the group see what happens to people like them ... */
        double arrived = b->window_arrivals[g];
        if (arrived >= d->min_signal) { /* else too few like them to learn from */
            double observed = noisy_rate(day, RNG_BELIEF, g, b->window_returned[g] / arrived, d->noise_sd);
            b->own[g] += rate * (observed - b->own[g]);
            b->heard[g] += rate * (observed - b->heard[g]);
        }
        /* ... and the part the networks reach also hears, sooner (social_strength = 0:
         * heard stays equal to own, so the belief is exactly the seen one). */
        if (social > 0 && b->heard_arrivals[g] >= d->min_signal) {
            double heard = noisy_rate(day, RNG_SOCIAL, g, b->heard_returned[g] / b->heard_arrivals[g], d->noise_sd);
            b->heard[g] += social * (heard - b->heard[g]);
        }
        b->belief[g] = b->own[g] + d->social_reach * (b->heard[g] - b->own[g]);
    }
    if (b->window_crossers >= d->min_signal) {
        double observed = b->window_deaths / b->window_crossers;
        b->death_risk += rate * (observed - b->death_risk);
    }
}
