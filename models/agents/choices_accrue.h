/**
 * @file choices_accrue.h
 * @brief The daily choices' accrual pass (internal to choices.c): one day of give-up
 *        and booking hazard for everyone of a group on the coast, and which of them
 *        crossed a threshold, as bit masks.
 */
#ifndef CHANSIM_CHOICES_ACCRUE_H
#define CHANSIM_CHOICES_ACCRUE_H

#include <stdint.h>

#include "models/agents/migrants.h"

/**
 * The day's constants of the accrual for one group (choices.c explains the hazard).
 * The situation factor, the savings and the booking step take two or three values a
 * day; they are given as those values so that the pass selects among them.
 */
typedef struct {
    float base;             /**< giveup_rate x this month's season, 1/day */
    float wait_coef;        /**< 1 / giveup_wait_days, 1/day */
    float sit_unaffordable; /**< situation factor while the price is out of reach, - */
    float sit_waiting;      /**< situation factor while affordable and waiting, - */
    float sit_booked;       /**< situation factor once booked, - */
    float deter;            /**< strength x the group's belief, - */
    float death_term;       /**< death_weight x learned death risk, - */
    float saved;            /**< savings added to an unaffordable person's means, EUR */
    float not_saved;        /**< what is added to an affordable person's means (zero), EUR */
    float book_step;        /**< booking hazard of a person shopping (affordable and waiting), 1/day */
    float no_book_step;     /**< booking hazard of anyone else (zero), 1/day */
    float price;            /**< seat price, EUR */
    float day;              /**< simulated day (an integer, exact in a float, like the coast days) */
} accrue_terms;

/** 64-bit words of marks for n people: one word per 64 people. */
static inline uint32_t accrue_words(uint32_t n) { return (n + 63u) / 64u; }

/**
 * Accrue one day for the c->n people of group arrays c and mark who crossed a
 * threshold: bit j of giveup[w] is set when person 64 w + j's give-up hazard passed
 * its threshold, bit j of book[w] when they were shopping and their booking hazard
 * passed its threshold (giveup[] and book[] hold accrue_words(c->n) words each; bits
 * past c->n are 0). The arrays' entries from c->n to c->n rounded up to 8 are read and
 * stored back unchanged (c->cap must reach that far). The same bits on every machine: AVX2 when the CPU has it, else a
 * scalar loop, both doing the same IEEE single-precision operations in the same order.
 */
void choices_accrue(mig_coast *c, const accrue_terms *t, uint64_t *giveup, uint64_t *book);

#endif
