/**
 * @file demand.h
 * @brief Demand history: how many people reach the French coast each day, and of which
 *        nationality, from dated anchors (issue #12).
 *
 * Two schedules, each optional:
 * - the inflow level: people/day on anchor dates (level_date_k, level_k), linear
 *   between anchors and constant before the first and after the last; without
 *   anchors the level is [migrants] inflow_per_day with its trend (migrants.h);
 * - the nationality mix: shares by group on anchor dates (mix_date_k, mix_k), linear
 *   between anchors and constant outside; without anchors it is [migrants] group_share.
 * Anchors are numbered from 1 and used in order; an anchor whose date is "never" and
 * every one after it are unused. The season, the month's demand shock and deterrence
 * multiply the result (mig_inflow).
 */
#ifndef CHANSIM_DEMAND_H
#define CHANSIM_DEMAND_H

#include "models/agents/migrants.h"
#include "sim/engine/config.h"

enum {
    DEMAND_LEVELS = 6, /**< most anchors of the inflow level */
    DEMAND_MIXES = 4   /**< most anchors of the nationality mix */
};

/** Inputs: section [demand]. */
typedef struct {
    int level_date[DEMAND_LEVELS];           /**< anchor dates of the inflow level, ascending (CFG_DATE_NEVER: unused), day number */
    double level[DEMAND_LEVELS];             /**< coast inflow on each anchor date, before season and deterrence, people/day */
    int mix_date[DEMAND_MIXES];              /**< anchor dates of the nationality mix, ascending (CFG_DATE_NEVER: unused), day number */
    double mix[DEMAND_MIXES][MIG_GROUPS];    /**< share of coast inflow by group on each anchor date (sums to 1), probability */
} demand_params;

extern const cfg_param demand_param_list[];
extern const size_t demand_param_count;

/** Anchors in order and ascending, levels positive, mixes summing to 1; messages name the keys. */
sim_status demand_params_check(const demand_params *p);

/** Number of anchors in use (0: the schedule is off). */
int demand_level_anchors(const demand_params *p);
int demand_mix_anchors(const demand_params *p);

/** The inflow level on `date` (day number), people/day: the schedule, or inflow_per_day with its trend. */
double demand_level(const demand_params *p, const mig_params *mp, int date);

/** The nationality mix on `date` (day number): the schedule, or group_share. */
void demand_mix(const demand_params *p, const mig_params *mp, int date, double share[MIG_GROUPS]);

/** Coast inflow by group on `date` before season, demand shock and deterrence: level x mix, people/day. */
void demand_rates(const demand_params *p, const mig_params *mp, int date, double rate[MIG_GROUPS]);

#endif
