/**
 * @file beliefs.h
 * @brief What migrants on the coast believe: each nationality group's learned chance
 *        of removal or return, and the learned chance of dying at sea, updated from
 *        what happened to people like them, seen with a delay, over a window, with noise;
 *        and, for the part of a group its networks reach, from what is heard sooner
 *        through diaspora networks and smugglers' own advertising (social transmission).
 */
#ifndef CHANSIM_BELIEFS_H
#define CHANSIM_BELIEFS_H

#include "models/day.h"
#include "sim/engine/config.h"

/** Inputs of deterrence and learning: section [deterrence]. */
typedef struct {
    double strength;         /**< give-up hazard multiplier per unit of perceived removal probability (x susceptibility); 0 = no deterrent effect, - */
    double inflow_strength;  /**< coast inflow falls by exp(-inflow_strength x belief), - */
    double death_weight;     /**< give-up hazard multiplier per unit of perceived death risk per crossing (x 1/risk tolerance), - */
    double initial_belief[MIG_GROUPS]; /**< belief about removal or return when the warm-up starts, probability */
    double learning_days;    /**< time constant of belief updating, days */
    double delay_days;       /**< news of removals and returns reaches the coast after this delay, days */
    double window_days;      /**< outcomes are counted over this window, days */
    double min_signal;       /**< arrivals in the window needed for the signal to update beliefs, people */
    double noise_sd;         /**< log-sd of daily noise in the observed rate, - */
    double social_strength;  /**< daily rate at which the reached part of a group moves its belief toward what it hears; 0 = no social learning, 1/day */
    double social_reach;     /**< share of a group on the coast reached by news through its networks, probability */
    double social_delay_days;  /**< news of the group's removals and returns is heard after this delay, days */
    double social_window_days; /**< heard outcomes are counted over this window, days */
    double announcement_strength; /**< daily rate at which the part of a group told of an announced policy moves its belief toward what it was told (x credibility); 0 = announcements change nothing, 1/day */
    double announcement_reach;    /**< share of a targeted group on the coast an announcement reaches, probability */
    double credibility_prior;     /**< credibility of a policy on the day it is announced, probability */
    double credibility_days;      /**< time constant over which credibility follows the returns actually learned of, days */
} deter_params;

extern const cfg_param deter_param_list[];
extern const size_t deter_param_count;

/** The beliefs of one replication and the outcomes they learn from. */
typedef struct {
    const deter_params *p;      /**< inputs (not owned) */
    double belief[MIG_GROUPS];  /**< each group's learned chance of removal or return (own + reach x (heard - own)), probability */
    double own[MIG_GROUPS];     /**< belief of the part of the group learning only from what it sees, probability */
    double heard[MIG_GROUPS];   /**< belief of the part the group's networks reach (sees and hears), probability */
    double death_risk;          /**< learned chance of dying per crossing, probability */
    int ring_len;               /**< days held in the ring buffers (longest delay + window + 1), days */
    double *ring_arrivals;      /**< [ring_len][MIG_GROUPS] UK arrivals by day and group, people */
    double *ring_returned;      /**< [ring_len][MIG_GROUPS] removals and returns by day and group, people */
    double *ring_deaths;        /**< [ring_len] deaths by day, people */
    double *ring_crossers;      /**< [ring_len] people at sea by day, people */
    double window_arrivals[MIG_GROUPS]; /**< UK arrivals by group in the observation window, people */
    double window_returned[MIG_GROUPS]; /**< removals and returns by group in the window, people */
    double window_deaths;       /**< deaths in the window, people */
    double window_crossers;     /**< people at sea in the window, people */
    double heard_arrivals[MIG_GROUPS]; /**< UK arrivals by group in the social window, people */
    double heard_returned[MIG_GROUPS]; /**< removals and returns by group in the social window, people */
} mig_beliefs;

/** Allocate the ring buffers for these inputs; free with mig_beliefs_free. */
sim_status mig_beliefs_init(mig_beliefs *b, const deter_params *p);

/** The warm-up's initial beliefs, empty windows (start of a replication). */
void mig_beliefs_reset(mig_beliefs *b);

void mig_beliefs_free(mig_beliefs *b);

/** Learn from today's arrivals, removals, returns and deaths (read from `d`), seen with delay and noise. */
void mig_beliefs_update(mig_beliefs *b, const model_day *d);

#endif
