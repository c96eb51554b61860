/**
 * @file policy.h
 * @brief The interface every policy implements: its config section, its date window,
 *        its parameter table, its per-replication state, and hooks at the points of
 *        the day where it acts. One file per policy in models/policies/ defines one
 *        policy_def; models/policies/registry.c lists them (docs/extending.md).
 *
 * A policy owns its parameters (a struct whose first member is its policy_window,
 * bound from its own config section) and its state (allocated by the model, state_size
 * bytes, zeroed at creation). Nothing outside its file sees either. The schedule
 * (models/model.c) calls its hooks:
 *
 *   hook             when                                         called
 *   against_gangs    NCA action against the gangs                 in force
 *   supply           supply-chain seizures                        in force
 *   booking          migrants book seats                          in force
 *   launch           gangs launch (beach, shallow water, sea)     in force
 *   on_arrival       a claimant lands in the UK (may take them)   in force, until one takes
 *   on_backlog       a claimant joined the ordinary backlog       in force
 *   before_decisions Home Office day, before ordinary decisions   every day, with in_force
 *   after_decisions  Home Office day, after ordinary returns      every day, with in_force
 *   cost_per_year    daily public spending (sum / 365)            in force
 *   check            invariants (tests, --check)                  every day
 *
 * A returns or removal policy may also be announced (policy_announcement, bound from
 * its own section by POLICY_ANNOUNCE_PARAMS, found through announce_offset): what the
 * announcement states moves beliefs before anything happens (models/policies/announce.h).
 *
 * At each point the policies run in registry order. Hooks that run every day get
 * `in_force` so a policy can wind down (release detainees, drop banked places) after
 * its window closes. Any hook may be NULL.
 */
#ifndef CHANSIM_POLICY_H
#define CHANSIM_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "models/agencies/homeoffice.h"
#include "models/agencies/nca.h"
#include "models/agents/gangs.h"
#include "models/agents/migrants.h"
#include "models/day.h"
#include "sim/engine/config.h"

/** A policy is in force on day d when start <= d < end (day numbers; CFG_DATE_NEVER = never). */
typedef struct {
    int start; /**< first day in force, day number, or CFG_DATE_NEVER (never starts) */
    int end;   /**< first day no longer in force, day number, or CFG_DATE_NEVER (never ends) */
} policy_window;

static inline int policy_active(policy_window w, int day) { return day >= w.start && day < w.end; }

/** Two cfg_param rows for the window of a policy in `section`, stored at `offset` in the bound struct. */
#define POLICY_WINDOW_PARAMS(section, offset, what)                                                       \
    {section, "start", CFG_DATE, (offset) + offsetof(policy_window, start), 0, 0, CFG_DATE_NEVER, "never", \
     "date", "first day " what " is in force (YYYY-MM-DD, or never)", "scenario choice"},                 \
    {section, "end", CFG_DATE, (offset) + offsetof(policy_window, end), 0, 0, CFG_DATE_NEVER, "never",     \
     "date", "first day " what " is no longer in force (YYYY-MM-DD, or never)", "scenario choice"}

/**
 * What a returns or removal policy announces: from `date` (or its start), each group
 * is told its arrivals face this chance of return or removal (models/policies/announce.h).
 */
typedef struct {
    int date;                  /**< day the policy is announced, day number; CFG_DATE_NEVER = on its start date */
    double stated[MIG_GROUPS]; /**< chance of return or removal stated for each group's arrivals; 0 = not targeted, probability */
} policy_announcement;

/** Two cfg_param rows for the announcement of a policy in `section`, stored at `offset`; `source` of the stated chances. */
#define POLICY_ANNOUNCE_PARAMS(section, offset, what, source)                                                     \
    {section, "announced", CFG_DATE, (offset) + offsetof(policy_announcement, date), 0, 0, CFG_DATE_NEVER,        \
     "never", "date", "day " what " is announced (YYYY-MM-DD); never = on its start date",                       \
     "scenario choice (the date of the public announcement)"},                                                    \
    {section, "stated_chance", CFG_DOUBLE_LIST, (offset) + offsetof(policy_announcement, stated), MIG_GROUPS, 0, 1, \
     "0,0,0,0,0,0,0,0,0,0", "probability",                                                                        \
     "chance of return or removal the announcement of " what " states for each group's arrivals; 0 = the group is not targeted", \
     source}

/** The parts of the model a policy acting on people may touch. */
typedef struct {
    model_day *day;         /**< clock, streams, today's flows and spending */
    mig_population *pop;    /**< everyone and their states; the coast list */
    ho_state *ho;           /**< the Home Office's ordinary asylum system */
} policy_world;

/** One policy. Hooks get the policy's own parameters and state as `params` and `state`. */
typedef struct policy_def {
    const char *section;       /**< config section, also the policy's name in docs and tests */
    const char *summary;       /**< one line: what the policy does */
    const cfg_param *params;   /**< parameter table; offsets relative to the parameter struct; rows 0 and 1 are its window */
    size_t nparams;            /**< rows in params */
    size_t params_size;        /**< sizeof the parameter struct (first member: policy_window) */
    size_t state_size;         /**< sizeof the state struct, 0 = none */
    size_t announce_offset;    /**< offset of its policy_announcement in the parameter struct; 0 = makes no announcement */
    metric_id return_route;    /**< the metric counting its returns or removals, by which its announcement is judged (with announce_offset) */

    /** Start of a replication: put the state in its initial condition (keep buffers). NULL when stateless. */
    void (*reset)(void *state, const void *params);
    /** Free what the state holds (the model frees the state itself). May be NULL. */
    void (*destroy)(void *state);

    /** Add to the effort against the gangs (investigators, power, finance powers). */
    void (*against_gangs)(const void *params, nca_effort *effort);
    /** Add to the share of boats seized in the supply chain. */
    void (*supply)(const void *params, double *extra_seizure_share);
    /** Multiply the daily booking chance. */
    void (*booking)(const void *params, double *booking_factor);
    /** Change what launches face (shallow-water interception). */
    void (*launch)(const void *params, gang_launch_rules *rules);
    /** A claimant `id` landed (arrival draw `w`; w[0] was the claim): set *taken = 1 to take them out of the ordinary route. */
    sim_status (*on_arrival)(const void *params, void *state, policy_world *w, uint32_t id, const uint32_t draws[4],
                             int *taken);
    /** Claimant `id` joined the ordinary backlog today (same arrival draw). */
    sim_status (*on_backlog)(const void *params, void *state, policy_world *w, uint32_t id, const uint32_t draws[4]);
    /** The Home Office's day, before its ordinary decisions. */
    sim_status (*before_decisions)(const void *params, void *state, policy_world *w, int in_force);
    /** The Home Office's day, after its ordinary decisions and returns. */
    sim_status (*after_decisions)(const void *params, void *state, policy_world *w, int in_force);
    /** Running cost while in force, GBP/year (charged daily as 1/365). */
    double (*cost_per_year)(const void *params);
    /** Check the state against the population (e.g. people detained = queue length). */
    sim_status (*check)(const void *state, const mig_population *pop, int day);
} policy_def;

#endif
