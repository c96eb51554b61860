/**
 * @file choices.h
 * @brief Migrants' daily choices on the coast: give up, book a seat with a gang, or
 *        save. Sits above migrants and gangs because a booking joins the two.
 */
#ifndef CHANSIM_CHOICES_H
#define CHANSIM_CHOICES_H

#include "models/agents/beliefs.h"
#include "models/agents/gangs.h"
#include "models/agents/migrants.h"
#include "models/day.h"

/**
 * Daily choices of everyone waiting on the coast: give up, book a seat (the daily
 * booking chance is [migrants] booking_prob x booking_factor), save. Also drops from
 * the coast list the people who left the coast since the last call, and counts the
 * day's person-days on the coast.
 */
sim_status mig_daily_choices(mig_population *pop, gang_market *gangs, model_day *today, const mig_beliefs *beliefs,
                             double booking_factor);

#endif
