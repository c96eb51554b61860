/**
 * @file threshold.h
 * @brief Where a deterrent bites: from a sweep of a removal or return lever (Rwanda
 *        capacity, the pilot's weekly cap) crossed with deterrence strength, the
 *        smallest realised share at which arrivals fall by a given fraction from the
 *        no-removal point, and the share at which the scheme pays for itself, each
 *        with an interval from the replications.
 *
 * Everything is paired: replication r of every point used the same random numbers,
 * so the change at point p is arrivals(p, r) / arrivals(reference, r) - 1 averaged over
 * r, with a t interval (95%) across replications; the reference is the point of the
 * same group with the lowest lever value (0: no scheme). The realised share is the
 * mean of removed / arrivals (or returned / arrivals) over the replications with any
 * arrivals (NaN if deterrence stopped every arrival in all of them). A threshold
 * is where a curve first crosses its target along the lever, interpolated linearly
 * in the share between the two points around the crossing; its interval is where the
 * interval's two ends cross. Break-even is where the paired change in total public
 * cost (the scheme's costs minus what fewer arrivals save in asylum support,
 * accommodation and processing) first reaches zero. NaN: not reached in the sweep.
 */
#ifndef CHANSIM_THRESHOLD_H
#define CHANSIM_THRESHOLD_H

#include <stddef.h>

#include "sim/engine/status.h"
#include "sim/experiments/sweep_output.h"

/** Which realised share the x axis is. */
typedef enum { THRESHOLD_REMOVAL, THRESHOLD_RETURN } threshold_share;

/** One design point of a group, in lever order. */
typedef struct {
    size_t row;              /**< row in the table */
    double lever;            /**< the lever's value */
    double share;            /**< mean realised share */
    double change, change_lo, change_hi; /**< paired relative change in arrivals from the reference, 95% interval */
    double dcost, dcost_lo, dcost_hi;    /**< paired change in total cost (GBP), 95% interval */
} threshold_point;

/** One value of the grouping parameter (e.g. a deterrence strength). */
typedef struct {
    double value;             /**< the grouping parameter's value */
    size_t npoints;           /**< points in the group */
    threshold_point *points;  /**< [npoints] sorted by lever (owned) */
    double reference_lever;   /**< lever value of the reference point */
    double reference_arrivals; /**< its mean arrivals */
    double fall_share, fall_lo, fall_hi;          /**< share where arrivals first fall by `fall`; interval */
    double breakeven_share, breakeven_lo, breakeven_hi; /**< share where the cost change first reaches 0; interval */
} threshold_group;

/** The analysis of one sweep. */
typedef struct {
    int lever_col;            /**< design column of the lever */
    int group_col;            /**< design column of the grouping parameter (-1: none) */
    double fall;              /**< the fall in arrivals asked for (0.10 = 10%) */
    threshold_share share;    /**< removal or return */
    size_t ngroups;           /**< groups */
    threshold_group *groups;  /**< [ngroups] in increasing value (owned) */
} threshold_result;

/**
 * Analyse a whole sweep table. lever_col and group_col as above (group_col -1 when
 * only one parameter was swept); fall in (0, 1). Errors: a shard, fewer than 2
 * replications, a group with fewer than 2 points, bad columns (SIM_ERR_CONFIG). *r is new.
 */
sim_status threshold_analyse(const sweep_table *t, int lever_col, int group_col, threshold_share share, double fall,
                             threshold_result **r);

/** Free; sets *r to NULL. Safe on NULL. */
void threshold_result_destroy(threshold_result **r);

#endif
