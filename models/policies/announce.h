/**
 * @file announce.h
 * @brief Announcement effect: a returns or removal policy that is announced moves the
 *        beliefs of the groups it targets before any return happens, in proportion to
 *        its credibility; credibility then follows what the groups learn of returns
 *        actually carried out, so a confirmed policy keeps deterring and one that is
 *        not carried out (Rwanda 2022-24, no flights) stops deterring (docs/ODD.md,
 *        "announcements").
 *
 * Each day, after beliefs have learned from outcomes (models/agents/beliefs.h), for a
 * group g with learned belief L_g targeted by announced policies k with stated chance s_kg:
 *
 *   evidence     e_k = min(1, R_k / X_k): R_k the policy's own returns or removals
 *                (its return_route) and X_k = sum_g s_kg A_g the returns its statement
 *                implies for the targeted groups' UK arrivals A_g, both counted since
 *                the announcement over the window news is heard in (the social
 *                channel's deterrence.social_delay_days and social_window_days);
 *   credibility  c_k = credibility_prior on the announcement day, then
 *                c_k <- c_k + (e_k - c_k) / credibility_days once the targeted groups'
 *                arrivals in the window reach deterrence.min_signal;
 *   told         T_g <- T_g + (1 - exp(-announcement_strength)) (A*_g - T_g),
 *                A*_g = max_k (L_g + c_k (s_kg - L_g)) over k with s_kg > L_g, else L_g;
 *   belief       B_g = L_g + announcement_reach x max(0, T_g - L_g).
 *
 * An announcement holds from its date (or the policy's start) until the policy's end.
 * A group no announcement targets keeps T_g = L_g and B_g = L_g exactly; with
 * announcement_strength 0 nothing here runs, so the model is bit for bit the one
 * without announcements. No random numbers are drawn.
 */
#ifndef CHANSIM_ANNOUNCE_H
#define CHANSIM_ANNOUNCE_H

#include <stddef.h>

#include "models/agents/beliefs.h"
#include "models/policies/registry.h"

/** Announcements and their credibility in one replication. */
typedef struct {
    const deter_params *p;     /**< strength, reach and credibility inputs (not owned) */
    const policy_params *pp;   /**< every policy's parameters, its announcement among them (not owned) */
    size_t n;                  /**< registered policies */
    int ring_len;              /**< days held per policy (social delay + window + 1), days */
    double *credibility;       /**< [n] credibility of policy i's announcement, probability */
    int *announced;            /**< [n] 1 while policy i's announcement holds */
    double *ring_returns;      /**< [n][ring_len] policy i's own returns or removals by day since its announcement, people */
    double *ring_implied;      /**< [n][ring_len] returns its statement implies for the day's targeted arrivals, people */
    double *ring_arrivals;     /**< [n][ring_len] UK arrivals of the groups it targets by day, people */
    double told[MIG_GROUPS];   /**< belief of the part of each group an announcement reached, probability */
} announce_state;

/** Allocate for the registered policies; free with announce_free. */
sim_status announce_init(announce_state *a, const deter_params *p, const policy_params *pp);

void announce_free(announce_state *a);

/** Nothing announced (start of a replication). */
void announce_reset(announce_state *a);

/** The day `d` (its flows counted): update credibility and move b->belief (learned today) for the targeted groups. */
void announce_update(announce_state *a, mig_beliefs *b, const model_day *d);

/**
 * Every announcement can hold: a date set before the policy's end. Errors
 * (SIM_ERR_CONFIG) begin "[section] announced:" so the caller can name where it was set.
 */
sim_status announce_check(const policy_params *pp);

#endif
