/**
 * @file homeoffice.h
 * @brief The Home Office: asylum claims, processing capacity and backlog, grants by
 *        nationality, accommodation, and each removal or return route with its own
 *        capacity, delay, eligibility and cost (offshore removal to Rwanda, the
 *        UK-France returns pilot with one-in-one-out admissions, fast-track returns
 *        to safe countries, ordinary returns of refused claimants).
 */
#ifndef CHANSIM_HOMEOFFICE_H
#define CHANSIM_HOMEOFFICE_H

#include <stdint.h>

#include "models/agents/migrants.h"
#include "models/policies/policy.h"
#include "sim/engine/config.h"

/** Asylum processing and support: section [home_office]. */
typedef struct {
    double initial_backlog;         /**< small-boat claims awaiting decision when the warm-up starts (not agents), people */
    double decisions_per_day;       /**< initial decisions on small-boat claims, decisions/day */
    double min_decision_days;       /**< shortest time from arrival to decision, days */
    double returns_per_day;         /**< ordinary enforced returns of refused small-boat claimants, people/day */
    double hotel_share;             /**< share of supported people in hotels (rest in dispersal housing), probability */
    double hotel_cost_per_night;    /**< hotel cost per person per night, GBP */
    double dispersal_cost_per_night;/**< dispersal housing cost per person per night, GBP */
    double cost_per_decision;       /**< caseworking cost per initial decision, GBP */
    double cost_per_return;         /**< cost of one enforced return, GBP */
    double detention_cost_per_night;/**< immigration detention, GBP per person per night */
} ho_params;

/** Offshore removal (Rwanda scheme): section [rwanda]. */
typedef struct {
    policy_window window;     /**< when removals can happen (e.g. Safety of Rwanda Act 2024-04-25 to 2024-07-06) */
    double capacity_per_year; /**< relocations the partner country accepts, people/year */
    double eligible_share;    /**< share of arrivals made eligible for removal, probability */
    double legal_delay_days;  /**< shortest time from arrival to relocation (notices, legal challenges), days */
    double cost_upfront;      /**< payment when the scheme starts, GBP */
    double cost_per_year;     /**< fixed payments while in force, GBP/year */
    double cost_per_person;   /**< cost of relocating one person, GBP */
} rwanda_params;

/** UK-France returns pilot ("one in, one out"): section [france_returns]. */
typedef struct {
    policy_window window;     /**< when the pilot is in force */
    double weekly_cap;        /**< most returns to France in one output week, people/week */
    double eligible_share;    /**< share of arrivals detained for return while places last, probability */
    double detention_places;  /**< detention places for the pilot, people */
    double delay_days;        /**< time from arrival to return (referral, French agreement), days */
    double max_detention_days;/**< people not returned by then are released into the asylum system, days */
    double admission_min_grant; /**< legal admissions go to groups with at least this grant rate, probability */
    double cost_per_return;   /**< cost of one return to France, GBP */
} pilot_params;

/** Fast-track processing and returns for safe countries: section [fast_track]. */
typedef struct {
    policy_window window;             /**< when fast-track is in force */
    double group_share[MIG_GROUPS];   /**< share of each group's arrivals put in the fast-track stream, probability */
    double decision_days;             /**< arrival to decision in fast-track, days */
    double decisions_per_day;         /**< fast-track decision capacity, decisions/day */
    double returns_per_day;           /**< fast-track return capacity, people/day */
    double return_delay_days;         /**< decision to return, days */
} ftrack_params;

extern const cfg_param ho_param_list[];
extern const size_t ho_param_count;
extern const cfg_param rwanda_param_list[];
extern const size_t rwanda_param_count;
extern const cfg_param pilot_param_list[];
extern const size_t pilot_param_count;
extern const cfg_param ftrack_param_list[];
extern const size_t ftrack_param_count;

/** A first-in first-out queue of person ids with the day each joined. */
typedef struct {
    uint32_t *id;   /**< person ids, ring buffer */
    int32_t *day;   /**< simulated day each joined */
    size_t head;    /**< index of the oldest */
    size_t len;     /**< entries */
    size_t cap;     /**< ring capacity */
} ho_queue;

sim_status ho_queue_push(ho_queue *q, uint32_t id, int32_t day);
void ho_queue_pop(ho_queue *q);
void ho_queue_free(ho_queue *q);
static inline uint32_t ho_queue_front_id(const ho_queue *q) { return q->id[q->head]; }
static inline int32_t ho_queue_front_day(const ho_queue *q) { return q->day[q->head]; }

struct model;

/** A person lands in the UK today: claim, detention for return, fast-track or the backlog. */
sim_status ho_arrive(struct model *m, uint32_t id);

/** Daily processing: pilot returns and admissions, fast-track, decisions, returns, removals. */
sim_status ho_daily(struct model *m);

/** People supported in accommodation (backlog including legacy) and in detention. */
double ho_accommodated(const struct model *m);

/** Daily Home Office spending on support and detention, GBP. */
double ho_daily_support_cost(const struct model *m);

#endif
