/**
 * @file anchors.h
 * @brief Dated anchors of a schedule (demand level and mix, boat supply, policing
 *        effort): a fixed array of dates, used in order from the first, where the
 *        first CFG_DATE_NEVER ends the list.
 */
#ifndef CHANSIM_ANCHORS_H
#define CHANSIM_ANCHORS_H

#include "sim/engine/status.h"

/** How many of the n dates are in use: those before the first CFG_DATE_NEVER. */
int anchors_used(const int *date, int n);

/**
 * Refuses a date set after an unused one (it would be ignored) and used dates that do
 * not ascend; messages name "[section] key_K" (keys numbered from 1).
 */
sim_status anchors_check(const int *date, int n, const char *section, const char *key);

/**
 * Linear interpolation among the `used` (>= 1) dates: `day` lies between date[lo] and
 * date[hi] with weight w of hi; before the first or after the last, lo = hi = that end
 * and w = 0.
 */
void anchors_bracket(const int *date, int used, int day, int *lo, int *hi, double *w);

/** A step schedule: the index of the last of the `used` dates on or before `day`, or -1. */
int anchors_step(const int *date, int used, int day);

#endif
