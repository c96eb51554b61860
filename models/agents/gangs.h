/**
 * @file gangs.h
 * @brief Smuggling gangs as agents: seat sales, a stock of boats bought through a
 *        supply chain with lead times, launches on suitable days, a seat price that
 *        answers to demand and supply, disruption by enforcement and entry of new
 *        gangs when the business pays.
 *
 * People per boat is not a parameter: a gang chooses each day's load from its queue,
 * the boats it holds and expects, and the chance of losing a boat on the beach or in
 * shallow water. With boats to spare it fills each to about its target load (which may
 * grow over the years: bigger boats); when boats are short it loads them more, by a
 * calibrated elasticity (0: never above the target); with boats idle it loads them
 * lighter, by a second elasticity (0: never below the target). A shortage is also rationed by
 * the seat price, which rises when customers outnumber what the boats held carry; the
 * calibration decides the split between the two (docs/ODD.md 7.8, 7.12).
 */
#ifndef CHANSIM_GANGS_H
#define CHANSIM_GANGS_H

#include <stdint.h>

#include "models/agencies/french_police.h"
#include "models/agencies/sea.h"
#include "models/agents/migrants.h"
#include "models/day.h"
#include "sim/engine/config.h"

enum {
    GANG_MAX = 64,      /**< gang slots per replication */
    GANG_LEAD_MAX = 64, /**< longest supply lead time the delivery ring holds, days */
    GANG_MONTHS = 12,   /**< calendar months of supply_season */
    GANG_SUPPLY_ANCHORS = 6 /**< most dated anchors of the supply chain's level (as many as the demand's, DEMAND_LEVELS) */
};
_Static_assert((int)GANG_MAX == (int)MIG_GANG_SLOTS, "a person's booking names a gang slot of the coast arrays");

/** Inputs: section [gangs]. */
typedef struct {
    double initial_gangs;        /**< gangs active when the warm-up starts, gangs */
    double max_gangs;            /**< most gangs that can be active at once, gangs (<= 64) */
    double initial_stock;        /**< boats held by each initial or entering gang, boats */
    double initial_cash;         /**< money held by each initial or entering gang, EUR */
    double target_load;          /**< people a gang puts in a boat when boats are plentiful, on load_reference_date, people */
    double target_load_growth;   /**< relative growth of the target load per year (bigger boats), 1/year */
    int load_reference_date;     /**< the date target_load refers to, day number */
    double opening_load;         /**< target load on opening_load_date, ramping linearly to target_load on load_reference_date (0: off, the growth curve before it too), people */
    int opening_load_date;       /**< the date opening_load refers to, before load_reference_date (CFG_DATE_NEVER: unused), day number */
    double load_elasticity;      /**< load rises as (boat shortage)^this when boats are short (0: never above target), - */
    double abundance_elasticity; /**< load falls as (queue / what the boats held carry at the target)^this when boats are idle, down to min_load (0: never below target), - */
    double max_load;             /**< most people a gang puts in a boat when boats are scarce, people */
    double min_load;             /**< a gang waits until it has this many customers before launching, people */
    double marginal_launch_prob; /**< chance a gang launches on a marginal-sea day, probability */
    double price_initial;        /**< seat price when the warm-up starts, EUR */
    double price_min;            /**< lowest seat price, EUR */
    double price_max;            /**< highest seat price, EUR */
    double price_response;       /**< daily log-price change per unit of relative excess demand, 1/day */
    double kit_cost;             /**< price of one boat with engine, EUR */
    double stock_buffer;         /**< boats a gang wants beyond those its customers need, boats */
    double lead_days;            /**< days from order to delivery on the coast, days */
    double supply_per_day;       /**< boats and engines the European supply chain can deliver, yearly mean, boats/day */
    double supply_season[GANG_MONTHS]; /**< monthly multiplier of deliveries, Jan..Dec (mean 1), - */
    int supply_date[GANG_SUPPLY_ANCHORS]; /**< anchor dates of the supply level, ascending (CFG_DATE_NEVER: unused), day number */
    double supply[GANG_SUPPLY_ANCHORS];   /**< supply level on each anchor date (linear between, flat outside), boats/day */
    double base_seizure_share;   /**< share of boats seized in the supply chain without extra effort, probability */
    double entry_rate;           /**< daily chance a new gang enters when the business pays well, probability */
    double entry_revenue;        /**< waiting demand per gang (EUR) at which entry starts, EUR */
    double relocate_prob;        /**< daily chance a gang moves to a less policed stretch of coast, probability */
} gang_params;

/** One gang. */
typedef struct {
    int active;              /**< 1 if operating */
    int sector;              /**< stretch of coast it launches from, 0..COAST_SECTORS-1 */
    int stock;               /**< boats on hand, boats */
    int on_order;            /**< boats ordered and not yet delivered, boats */
    int wanted;              /**< boats ordered and not yet allocated by the supply chain, boats */
    int deliveries[GANG_LEAD_MAX]; /**< boats arriving on day d at slot d % GANG_LEAD_MAX */
    double cash;             /**< money, EUR */
    int frozen_until;        /**< finances frozen until this simulated day (exclusive) */
    uint32_t *queue;         /**< booked customers (person ids) in booking order, ring buffer; may also hold
                                  customers who gave up since (no longer booked), skipped when reached */
    int queue_head;          /**< index of the first entry in the ring */
    int queue_len;           /**< customers booked (the entries still booked) */
    int queue_used;          /**< entries in the ring: queue_len plus those who gave up */
    int queue_cap;           /**< ring capacity (0 or a power of two) */
} gang;

extern const cfg_param gang_param_list[];
extern const size_t gang_param_count;

/** The smuggling market of one replication: every gang slot, the seat price, and today's landings. */
typedef struct {
    const gang_params *p;       /**< inputs (not owned) */
    gang gangs[GANG_MAX];       /**< gang slots */
    int n_gangs;                /**< active gangs */
    uint32_t gang_serial;       /**< gangs ever started */
    double price;               /**< seat price, EUR */
    int supply_cursor;          /**< gang slot first served by the supply chain today (rotates) */
    uint32_t *scratch;          /**< ids on one boat */
    int scratch_cap;            /**< capacity of scratch */
    uint32_t *landed;           /**< people who reached the UK today, in landing order (for the Home Office) */
    size_t n_landed;            /**< entries in landed */
    size_t cap_landed;          /**< allocated */
} gang_market;

/** What the gangs face when they launch today, set by the schedule from the agencies and policies in force. */
typedef struct {
    double p_beach[COAST_SECTORS]; /**< chance a launch from each stretch is stopped on the beach, probability */
    double boat_loss_prevented;    /**< chance a boat stopped on the beach is destroyed or seized, probability */
    double intercept_prob;         /**< chance a boat that left the beach is intercepted in shallow water (0: none), probability */
    double intercept_incident_factor; /**< fatal-incident chance of an intercepted boat relative to a crossing, - */
    double boarded_share;          /**< share of a boat's load stopped with it when a launch is prevented on the beach, probability */
    const sea_params *sea;         /**< the sea and Border Force */
    double *sector_launches;       /**< [COAST_SECTORS] launches seen per stretch, added to (French police observe them) */
} gang_launch_rules;

sim_status gang_params_check(const gang_params *p);

/** Set the market's inputs and empty its buffers; free with gang_market_free. */
void gang_market_init(gang_market *gm, const gang_params *p);

/** No gangs, the initial price (start of a replication; keeps buffers). */
void gang_market_clear(gang_market *gm);

void gang_market_free(gang_market *gm);

/**
 * Like gang_market_init, but take over the buffers of `from` (the gangs' customer
 * queues, the launch scratch, the day's landed list), which is left empty, to be
 * freed: a model of new parameters (the next posterior draw) reuses the last one's
 * memory instead of growing it again.
 */
void gang_market_reuse(gang_market *gm, const gang_params *p, gang_market *from);

/** Start a gang in a free slot; returns the slot or -1 if none is free. */
int gang_start(gang_market *gm, int sector);

/**
 * The supply chain's mean deliveries on `date` (day number) before its season:
 * linear between the supply anchors, flat outside; without anchors supply_per_day.
 */
double gang_supply_level(const gang_params *p, int date);

/** How many supply anchors are in use (0: the constant supply_per_day). */
int gang_supply_anchors(const gang_params *p);

/** Deliveries, supply-chain allocation and seizures (base share + extra_seizure_share), orders. */
void gang_supply(gang_market *gm, model_day *d, double extra_seizure_share);

/** Entry of new gangs (drawn to `waiting` people on the coast) and moves to the least policed stretch. */
void gang_entry_and_moves(gang_market *gm, const model_day *d, double waiting, const double effort_share[COAST_SECTORS]);

/** Take a booking: the person at position `k` of group `group`'s coast arrays (waiting) pays and joins gang `slot`'s queue. */
sim_status gang_book(gang_market *gm, mig_population *pop, int slot, int group, uint32_t k);

/**
 * A customer of gang `slot` gives up (the caller then moves them off the coast): the
 * gang keeps the money; their queue entry stays until reached or compacted away, and
 * is skipped because they are no longer booked.
 */
void gang_leave(gang_market *gm, int slot);

/** Compact the queues where customers who gave up are more than half the entries (keeps queue order). */
void gang_drop_leavers(gang_market *gm, const mig_population *pop);

/** Close a gang (dismantled): customers lose their money and wait again, boats are seized. */
void gang_dismantle(gang_market *gm, mig_population *pop, model_day *d, int slot);

/**
 * Launch boats on a suitable day and resolve each launch (beach, shallow water, sea).
 * Those who reach the UK are listed in gm->landed (cleared first) for the Home Office.
 */
sim_status gang_launch_all(gang_market *gm, mig_population *pop, model_day *d, sea_state sea,
                           const gang_launch_rules *rules);

/**
 * The gang's target load on day number `date`: target_load grown by target_load_growth
 * per year since load_reference_date; with an opening load, before load_reference_date
 * instead the line from opening_load (on opening_load_date, and flat before it) to
 * target_load; within [min_load, max_load], people.
 */
double gang_target_load(const gang_params *p, int date);

/**
 * The load a gang with `queue` customers, `held` boats on hand and `expected` on the
 * way plans for each boat, when a launch loses its boat with chance `loss_risk`:
 * target * shortage^load_elasticity up to max_load when shortage > 1, and
 * target * shortage^abundance_elasticity down to min_load when shortage < 1, where
 * shortage = queue / (target x boats it can count on), people (docs/ODD.md 7.8).
 */
double gang_planned_load(const gang_params *p, int date, double queue, double held, double expected, double loss_risk);

/** Update the seat price from waiting demand and boat supply. */
void gang_update_price(gang_market *gm, int date);

/** Seats on sale per gang today (0 when the gang cannot sell), and the total. */
double gang_seats_on_sale(const gang_market *gm, double seats[GANG_MAX]);

/** Boats held by active gangs. */
double gang_boats(const gang_market *gm);

/** Check that each gang queues only its own booked customers, and all of them. */
sim_status gang_check(const gang_market *gm, const mig_population *pop, int day);

#endif
