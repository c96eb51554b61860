/**
 * @file day.h
 * @brief What every part of the model sees of the current day: the clock, the
 *        replication's random streams, and the day's flows and spending that become
 *        outputs. Agents, agencies and policies write their flows here; the schedule
 *        (models/model.c) clears it each morning and records it each evening.
 */
#ifndef CHANSIM_DAY_H
#define CHANSIM_DAY_H

#include <gsl/gsl_rng.h>

#include "models/metrics.h"
#include "models/streams.h"


/** The current day of one replication. */
typedef struct {
    rng_key key;         /**< this replication's key */
    gsl_rng *rng;        /**< Philox sub-stream generator for GSL samplers; rng_seek before each use */
    int day;             /**< simulated day: 0 = start_date, negative in warm-up */
    int date;            /**< day number of `day` */
    int month;           /**< calendar month of `date`, 1..12 */
    double today[M_COUNT];                  /**< flows of the day, by metric_id */
    double group_today[MIG_GROUPS][G_COUNT]; /**< flows of the day by nationality group */
    double crossers_today;                  /**< people who left the beach today (at sea), people */
    double cost_total;                      /**< cumulative public cost since start_date, GBP */
} model_day;

/** Charge `gbp` to the public purse; spending in the warm-up is not counted. */
static inline void day_spend(model_day *d, double gbp)
{
    if (d->day >= 0) d->cost_total += gbp;
}

#endif
