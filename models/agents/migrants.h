/**
 * @file migrants.h
 * @brief Migrants as individual agents: arrival on the French coast, attributes,
 *        daily choices (give up, book a seat, save), and beliefs learned from what
 *        happens to people like them.
 *
 * Every person who reaches the coast is in exactly one mig_state on every day;
 * the model keeps a count per state and tests check it against a recount.
 */
#ifndef CHANSIM_MIGRANTS_H
#define CHANSIM_MIGRANTS_H

#include <stdint.h>

#include "sim/engine/config.h"
#include "models/streams.h"

enum { MIG_GROUPS = 10, MIG_NO_GANG = -1 };

/** Where a person is. Append only: values are stored in results. */
typedef enum {
    MIG_WAITING,       /**< on the French coast, no seat booked */
    MIG_BOOKED,        /**< on the French coast, seat paid for with a gang */
    MIG_GAVE_UP,       /**< left the coast for good (asylum in France, moved on) */
    MIG_DIED,          /**< died at sea */
    MIG_ADMITTED,      /**< admitted to the UK legally from France (one in, one out) */
    MIG_UK_NO_CLAIM,   /**< in the UK without an asylum claim */
    MIG_UK_DETAINED,   /**< detained in the UK for return to France under the pilot */
    MIG_UK_BACKLOG,    /**< in the UK awaiting an initial asylum decision (supported) */
    MIG_UK_GRANTED,    /**< granted protection */
    MIG_UK_REFUSED,    /**< refused and still in the UK */
    MIG_REMOVED,       /**< removed offshore (Rwanda scheme) */
    MIG_RETURNED_HOME, /**< returned to their own or a safe country (fast-track or ordinary) */
    MIG_STATES
} mig_state;

extern const char *const mig_state_names[MIG_STATES];

/** One person. Kept small: the coast loop touches it every day. */
typedef struct {
    uint8_t state;      /**< mig_state */
    uint8_t group;      /**< nationality group index */
    uint8_t ftrack;     /**< 1 when their claim is in the fast-track stream */
    uint8_t returned;   /**< times returned to France under the pilot */
    uint16_t attempts;  /**< failed crossing attempts (prevented or turned back) */
    int16_t gang;       /**< gang slot holding their booking, or MIG_NO_GANG */
    int32_t coast_day;  /**< simulated day they reached the coast (negative during warm-up) */
    int32_t uk_day;     /**< simulated day they reached the UK, or INT32_MIN */
    float means;        /**< money available for a seat, EUR */
    float inv_risk;     /**< 1 / risk tolerance, - (>= 1) */
    float susceptibility; /**< belief bias / risk tolerance: scales perceived removal risk, - */
    float giveup_left;  /**< cumulative give-up hazard still to accrue before giving up (starts Exp(1)), - */
    float booking_left; /**< cumulative booking hazard still to accrue before booking (starts Exp(1)), - */
} mig_person;

/** Inputs of the migrant module: section [migrants]. */
typedef struct {
    double inflow_per_day;            /**< arrivals on the coast on inflow_reference_date, before season and deterrence, people/day */
    double inflow_trend;              /**< growth of inflow, relative change per year */
    int inflow_reference_date;        /**< the date inflow_per_day refers to, day number */
    int inflow_trend_end;             /**< the trend stops here and inflow stays at its level (CFG_DATE_NEVER: never), day number */
    double inflow_season[12];         /**< monthly inflow multiplier, Jan..Dec, - */
    double inflow_month_sd;           /**< log-sd of one calendar month's inflow multiplier (demand shocks upstream), - */
    double initial_waiting;           /**< people on the coast when the warm-up starts, people */
    char group_names[MIG_GROUPS][CFG_NAME_MAX]; /**< nationality groups */
    double group_share[MIG_GROUPS];   /**< share of coast inflow by group, probability */
    double grant_rate[MIG_GROUPS];    /**< asylum grant rate at initial decision, probability */
    double return_feasible[MIG_GROUPS]; /**< chance a refused person can be returned to their country, probability */
    double means_median;              /**< median money for a seat on arrival at the coast, EUR */
    double means_sigma;               /**< log-sd of money on arrival, - */
    double savings_per_day;           /**< money gained per day waiting (work, remittances), EUR/day */
    double risk_tolerance_a;          /**< Beta(a, b) shape a of risk tolerance, - */
    double risk_tolerance_b;          /**< Beta(a, b) shape b of risk tolerance, - */
    double belief_bias_sigma;         /**< log-sd of a person's bias about the group's belief, - */
    double giveup_rate;               /**< daily hazard of leaving the coast for a new arrival with no deterrence, 1/day */
    double giveup_season[12];         /**< monthly multiplier of the give-up hazard, Jan..Dec (mean 1), - */
    double giveup_wait_days;          /**< hazard grows by 1x per this many days waited, days */
    double giveup_per_attempt;        /**< relative hazard increase per failed attempt, - */
    double giveup_unaffordable;       /**< hazard multiplier while unable to pay the price, - */
    double giveup_booked;             /**< hazard multiplier once a seat is paid for (0: booked people never leave), - */
    double booking_prob;              /**< daily chance an able payer books a seat if seats are on sale, probability */
    double claim_share;               /**< share of UK arrivals who claim asylum, probability */
} mig_params;

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
} deter_params;

extern const cfg_param mig_param_list[];
extern const size_t mig_param_count;
extern const cfg_param deter_param_list[];
extern const size_t deter_param_count;

struct model;

/** Cross-key checks (group shares sum to 1). */
sim_status mig_params_check(const mig_params *p);

/** New people reaching the coast today (Poisson by group, deterred by group beliefs). */
sim_status mig_inflow(struct model *m);

/**
 * Inflow multiplier of calendar month `month` (1..12) of `year`: lognormal with mean 1
 * and log-sd inflow_month_sd, the same in every scenario of a replication.
 */
double mig_inflow_month_factor(const mig_params *p, rng_key key, int year, int month);

/**
 * Daily choices of everyone waiting on the coast: give up, book a seat, save. Also
 * drops from the coast list the people who left the coast since the last call.
 */
sim_status mig_daily_choices(struct model *m);

/** Update each group's belief from removals and returns observed with delay and noise. */
void mig_update_beliefs(struct model *m);

/** Create `n` people on the coast with attributes drawn from their own streams (used for inflow and initial state). */
sim_status mig_create_people(struct model *m, int group, int n, int coast_day);

/** Move a person to a new state, keeping per-state counts. */
void mig_set_state(struct model *m, uint32_t id, mig_state to);

/** Fresh Exp(1) thresholds for a person starting a new spell on the coast or losing a booking. */
void mig_new_thresholds(struct model *m, uint32_t id, int giveup, int booking);

/** Put a person back on the coast (waiting, unbooked), e.g. returned from the UK. */
sim_status mig_return_to_coast(struct model *m, uint32_t id);


#endif
