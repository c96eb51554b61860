/**
 * @file streams.h
 * @brief The Channel model's random-stream purposes: which sub-stream each random
 *        draw of the model comes from (the `purpose` word of the Philox counter, see
 *        sim/engine/rng.h for the key, the counter and the partition of purposes).
 *
 * Values are part of the reproducibility contract: the same seed gives the same
 * results only while these stay fixed. Never renumber; append new purposes below
 * the last, within RNG_MODEL_FIRST .. RNG_MODEL_LAST.
 */
#ifndef CHANSIM_MODELS_STREAMS_H
#define CHANSIM_MODELS_STREAMS_H

#include "sim/engine/rng.h"

/** What a draw of the model is for; entity and day as listed. */
typedef enum {
    RNG_WEATHER = 1,       /**< sea state (entity 0) and whether a marginal sea is crossable (entity 1) */
    RNG_COAST_INFLOW = 2,  /**< daily arrivals on the French coast, entity = nationality group */
    RNG_MIGRANT_ATTR = 3,  /**< a new migrant's attributes, entity = person id, day = 0 */
    RNG_MIGRANT_DAY = 4,   /**< the day's choices of gang when booking, four a block: entity = block x MIG_GROUPS + group */
    RNG_GANG = 5,          /**< a gang's daily events, entity = gang slot */
    RNG_LAUNCH = 6,        /**< one launch: prevention, interception, incident; entity = launch serial of the day */
    RNG_ENFORCEMENT = 7,   /**< NCA / BSC action against a gang, entity = gang slot */
    RNG_ASYLUM = 8,        /**< a person's asylum and removal outcomes, entity = person id */
    RNG_BELIEF = 9,        /**< noise in learned beliefs, entity = nationality group */
    RNG_MARKET = 10,       /**< gang entry, entity 0 */
    RNG_GANG_ENTRY = 11,   /**< reserved (gang attributes at entry); keeps later values stable */
    RNG_SEA_DEATHS = 12,   /**< deaths in a fatal incident, entity = launch serial of the day */
    RNG_SUPPLY = 13,       /**< supply-chain deliveries and seizures, entity 0 */
    RNG_MIGRANT_RESET = 14, /**< new event thresholds when a person starts a new spell on the coast, entity = person id */
    RNG_CRUSH = 15,        /**< a crush on an overcrowded boat and its deaths, entity = launch serial of the day */
    RNG_SOCIAL = 16        /**< noise in what a group hears through its networks, entity = nationality group */
} model_stream;

_Static_assert((int)RNG_WEATHER >= (int)RNG_MODEL_FIRST && (int)RNG_SOCIAL <= (int)RNG_MODEL_LAST,
               "the model's stream purposes must stay in the model's range of sim/engine/rng.h");

#endif
