/**
 * @file gangs.h
 * @brief Smuggling gangs as agents: seat sales, a stock of boats bought through a
 *        supply chain with lead times, launches on suitable days, a seat price that
 *        answers to demand and supply, disruption by enforcement and entry of new
 *        gangs when the business pays.
 *
 * People per boat is not a parameter: a gang fills each boat to about its target load
 * when the boats it holds and expects carry its queue, and spreads the queue over the
 * boats it has, up to the maximum load, when they do not. A shortage of boats is also
 * rationed by the seat price, which rises when customers outnumber what the boats held
 * carry; with the default parameters the price does most of the rationing (docs/ODD.md).
 */
#ifndef CHANSIM_GANGS_H
#define CHANSIM_GANGS_H

#include <stdint.h>

#include "models/policies/policy.h"
#include "sim/engine/config.h"

enum {
    GANG_MAX = 64,      /**< gang slots per replication */
    COAST_SECTORS = 4,  /**< stretches of the northern French coast (Dunkirk, Calais, Boulogne, Somme) */
    GANG_LEAD_MAX = 64  /**< longest supply lead time the delivery ring holds, days */
};

/** Inputs: section [gangs]. */
typedef struct {
    double initial_gangs;        /**< gangs active when the warm-up starts, gangs */
    double max_gangs;            /**< most gangs that can be active at once, gangs (<= 64) */
    double initial_stock;        /**< boats held by each initial or entering gang, boats */
    double initial_cash;         /**< money held by each initial or entering gang, EUR */
    double target_load;          /**< people a gang puts in a boat when boats are plentiful, people */
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
    double supply_per_day;       /**< boats and engines the European supply chain can deliver, boats/day */
    double base_seizure_share;   /**< share of boats seized in the supply chain without extra effort, probability */
    double entry_rate;           /**< daily chance a new gang enters when the business pays well, probability */
    double entry_revenue;        /**< waiting demand per gang (EUR) at which entry starts, EUR */
    double relocate_prob;        /**< daily chance a gang moves to a less policed stretch of coast, probability */
} gang_params;

/** Supply-chain disruption (boats and engines seized across Europe): section [supply_chain]. */
typedef struct {
    policy_window window;        /**< when the extra effort is in force */
    double extra_seizure_share;  /**< extra share of boats seized in the supply chain, probability */
    double cost_per_year;        /**< cost of the effort, GBP/year */
} supply_params;

/** Online disruption: social-media advertising taken down: section [online]. */
typedef struct {
    policy_window window;        /**< when takedowns are in force */
    double booking_factor;       /**< bookings a gang makes relative to without takedowns, - */
    double cost_per_year;        /**< cost, GBP/year */
} online_params;

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
    uint32_t *queue;         /**< booked customers (person ids), ring buffer */
    int queue_head;          /**< index of the first customer in the ring */
    int queue_len;           /**< customers booked */
    int queue_cap;           /**< ring capacity */
    int leavers;             /**< customers who gave up since the queue was last compacted */
} gang;

extern const cfg_param gang_param_list[];
extern const size_t gang_param_count;
extern const cfg_param supply_param_list[];
extern const size_t supply_param_count;
extern const cfg_param online_param_list[];
extern const size_t online_param_count;

struct model;

sim_status gang_params_check(const gang_params *p);

/** Start a gang in a free slot; returns the slot or -1 if none is free. */
int gang_start(struct model *m, int sector);

/** Deliveries, supply-chain allocation and seizures, orders. */
void gang_supply(struct model *m);

/** Entry of new gangs and moves between stretches of coast. */
void gang_entry_and_moves(struct model *m);

/** Take a booking: person `id` pays and joins the gang's queue. */
sim_status gang_book(struct model *m, int slot, uint32_t id);

/** Person `id`, booked with a gang, gives up: the gang keeps the money and drops them from its queue at the next gang_drop_leavers. */
void gang_leave(struct model *m, uint32_t id);

/** Remove the customers who gave up today from the gangs' queues (keeps queue order). */
void gang_drop_leavers(struct model *m);

/** Close a gang (dismantled): customers lose their money and wait again, boats are seized. */
void gang_dismantle(struct model *m, int slot);

/** Launch boats on a suitable day and resolve each launch (beach, shallow water, sea). */
sim_status gang_launch_all(struct model *m);

/** Update the seat price from waiting demand and boat supply. */
void gang_update_price(struct model *m);

/** Seats on sale per gang today (0 when the gang cannot sell), and the total. */
double gang_seats_on_sale(const struct model *m, double seats[GANG_MAX]);

#endif
