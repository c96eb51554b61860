/**
 * @file french_police.h
 * @brief French police and gendarmes on the beaches: officers spread over the
 *        stretches of coast, moved each week toward where launches were seen, and the
 *        chance a launch is stopped on the beach.
 */
#ifndef CHANSIM_FRENCH_POLICE_H
#define CHANSIM_FRENCH_POLICE_H

#include "sim/engine/config.h"

enum {
    COAST_SECTORS = 4, /**< stretches of the northern French coast (Dunkirk, Calais, Boulogne, Somme) */
    FRENCH_PERIODS = 4 /**< most dated changes of policing effort */
};

/** French police and gendarmes on the beaches: section [french_police]. */
typedef struct {
    double officers;              /**< officers deployed on the coast, officers */
    double reference_officers;    /**< deployment at which prevention_at_reference holds, officers */
    double prevention_at_reference; /**< chance a launch is stopped on the beach with reference officers spread evenly, probability */
    double reallocation;          /**< weekly share of effort moved toward where launches were seen, - */
    double boat_loss_prevented;   /**< chance a stopped boat is destroyed or seized, probability */
    double boarded_share;         /**< share of a boat's load stopped with it when a launch is prevented on the beach, probability */
    double payment_per_year;      /**< UK payments to France for policing, GBP/year */
    int effort_date[FRENCH_PERIODS]; /**< dates from which effort[k] holds, ascending (CFG_DATE_NEVER: unused), day number */
    double effort[FRENCH_PERIODS];   /**< effective deployment from effort_date[k], as a multiple of officers (1 before the first date), - */
    double boarded_factor[FRENCH_PERIODS]; /**< share of a boat's load stopped from effort_date[k], as a multiple of boarded_share (1 before the first date; the product at most 1), - */
} french_params;

extern const cfg_param french_param_list[];
extern const size_t french_param_count;

/** Effort dates in order and ascending; messages name the keys. */
sim_status french_params_check(const french_params *p);

/** The effort multiplier on `date` (day number): effort[k] of the last effort_date[k] <= date, else 1. */
double french_effort(const french_params *p, int date);

/** The share of a boat's load stopped with a prevented launch on `date` (day number):
 *  boarded_share x boarded_factor[k] of the last effort_date[k] <= date (x 1 before the
 *  first), at most 1. */
double french_boarded_share(const french_params *p, int date);

/** Where the French police are. */
typedef struct {
    const french_params *p;               /**< inputs (not owned) */
    double effort_share[COAST_SECTORS];    /**< share of officers on each stretch, - */
    double sector_launches[COAST_SECTORS]; /**< launches seen this week per stretch (gangs add to it), boats */
    double effort;                         /**< today's effort multiplier (french_set_date), - */
    double boarded_share;                  /**< today's share of a boat's load stopped with a prevented launch (french_set_date), probability */
} french_police;

/** Effort spread evenly, no launches seen (start of a replication). */
void french_reset(french_police *f, const french_params *p);

/** Today's effort multiplier (french_effort), used by french_beach_prevention, and
 *  today's boarded share (french_boarded_share), used by the launches. */
void french_set_date(french_police *f, int date);

/** Chance a launch from `sector` is stopped on the beach today. */
double french_beach_prevention(const french_police *f, int sector);

/** Weekly move of effort toward the stretches where launches were seen; forgets the week's launches. */
void french_reallocate(french_police *f);

#endif
