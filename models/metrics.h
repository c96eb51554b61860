/**
 * @file metrics.h
 * @brief The Channel model's outputs: names, units and how each is aggregated over a
 *        week and over the horizon, as sim_metric tables (sim/engine/metric.h). The
 *        enums are the model's own indices into its tables; everything outside
 *        models/ sees only the set (model_metric_set) and finds metrics by name.
 */
#ifndef CHANSIM_METRICS_H
#define CHANSIM_METRICS_H

#include "sim/engine/metric.h"

/** Weekly and total outputs of one replication. Append only: the order is the files' dataset order. */
typedef enum {
    M_ARRIVALS,            /**< people arriving in the UK by small boat */
    M_BOATS,               /**< boats arriving in the UK */
    M_PEOPLE_PER_BOAT,     /**< arrivals / boats */
    M_LAUNCHES,            /**< launch attempts (boats leaving or trying to leave the beach) */
    M_PREVENTED_PEOPLE,    /**< people stopped by French authorities (beach, shallow water, returned to France after rescue) */
    M_PREVENTED_LAUNCHES,  /**< launch attempts stopped */
    M_DEATHS,              /**< deaths at sea */
    M_GAVE_UP,             /**< people leaving the coast for good (claim in France, move on) */
    M_WAITING,             /**< people on the French coast (booked or not) */
    M_COAST_ARRIVALS,      /**< people newly arriving on the French coast */
    M_REMOVED,             /**< offshore removals (Rwanda scheme) */
    M_RETURNED,            /**< all returns: France pilot + fast-track + ordinary */
    M_RETURNED_FRANCE,     /**< returns to France under the UK-France pilot */
    M_RETURNED_FASTTRACK,  /**< fast-track returns to safe countries */
    M_RETURNED_ORDINARY,   /**< ordinary enforced returns of refused claimants */
    M_ADMITTED,            /**< legal admissions from France (one in, one out) */
    M_BACKLOG,             /**< asylum claims awaiting an initial decision */
    M_ACCOMMODATED,        /**< people in asylum accommodation or detention */
    M_GANGS,               /**< active smuggling gangs */
    M_BOAT_STOCK,          /**< boats and engines held by gangs on the coast */
    M_PRICE,               /**< price of a seat, EUR */
    M_COST,                /**< cumulative public cost, GBP */
    M_SUITABLE_DAYS,       /**< days with crossing weather (calm or marginal sea) */
    M_DAYS_WITH_ARRIVALS,  /**< days with at least one arrival */
    M_GANGS_DISMANTLED,    /**< gangs dismantled by enforcement */
    M_BOATS_SEIZED,        /**< boats and engines seized (supply chain and beach) */
    M_COUNT
} metric_id;

/** Daily series kept per replication (for calibration and validation against SB_01). */
typedef enum {
    D_ARRIVALS,
    D_BOATS,
    D_LAUNCHES,
    D_PREVENTED_PEOPLE,
    D_DEATHS,
    D_SEA_STATE,  /**< 0 calm, 1 marginal, 2 rough */
    D_PREVENTED_LAUNCHES, /**< launch attempts stopped (beach, shallow water): SB_02's prevented events */
    D_COUNT
} daily_id;

enum { MIG_GROUPS = 10 /**< nationality groups: the length of every per-group array */ };

/** Weekly per-nationality-group series (for natural experiments such as Albania 2022-23). */
typedef enum {
    G_ARRIVALS,        /**< arrivals in the UK of this group */
    G_COAST_ARRIVALS,  /**< arrivals on the French coast of this group */
    G_GAVE_UP,         /**< people of this group leaving the coast */
    G_RETURNED,        /**< removals and returns of this group (all routes) */
    G_BELIEF,          /**< the group's learned chance of removal or return, end of week */
    G_COUNT
} group_metric_id;

/** The weekly/total, daily and per-group tables, indexed by the enums above. */
extern const sim_metric metric_table[M_COUNT];
extern const sim_metric daily_table[D_COUNT];
extern const sim_metric group_metric_table[G_COUNT];

/**
 * The Channel model's outputs as the engine sees them: the three tables above, the
 * number of nationality groups, the comparisons' cost-effectiveness ratios and the
 * headline columns of the run and batch summaries. Static; never NULL.
 */
const sim_metric_set *model_metric_set(void);

#endif
