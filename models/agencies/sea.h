/**
 * @file sea.h
 * @brief The sea and UK Border Force: the chance a crossing boat has a fatal incident,
 *        how many die, where survivors are taken, and what meeting a boat costs.
 */
#ifndef CHANSIM_SEA_H
#define CHANSIM_SEA_H

#include "models/environment/weather.h"
#include "sim/engine/config.h"

/** The sea and UK Border Force: section [sea]. */
typedef struct {
    double incident_prob_calm;    /**< chance of a fatal incident per crossing boat at the reference load, calm sea, probability */
    double marginal_factor;       /**< incident chance on a marginal-sea day relative to calm, - */
    double reference_load;        /**< load at which incident_prob_calm holds, people */
    double overload_exponent;     /**< incident chance scales as (load / reference_load)^this, - */
    double fatality_share;        /**< share of those on board who die in a fatal incident, probability */
    double crush_load;            /**< load above which people on board can be crushed, people */
    double crush_prob;            /**< chance of a fatal crush per crossing boat at twice crush_load (0 below it, linear above), probability */
    double crush_fatality_share;  /**< share of those on board who die in a crush, probability */
    double rescue_to_france;      /**< share of an incident's survivors taken back to France, probability */
    double cost_per_boat;         /**< Border Force cost per boat met at sea, GBP/boat */
} sea_params;

extern const cfg_param sea_param_list[];
extern const size_t sea_param_count;

/** Chance of a fatal incident for a boat with `load` people in sea state `sea`. */
double sea_incident_prob(const sea_params *p, double load, sea_state sea);

/**
 * Chance of a fatal crush on a boat carrying `load` people: crush_prob x (load /
 * crush_load - 1) above crush_load, 0 at or below it, at most 1. Overcrowding, apart
 * from the sea: it does not depend on the sea state.
 */
double sea_crush_prob(const sea_params *p, double load);

#endif
