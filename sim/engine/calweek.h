/**
 * @file calweek.h
 * @brief The calendar weeks of a horizon: the Monday-to-Sunday weeks (as the Home
 *        Office counts them in its weekly tables, `week_ending` a Sunday) that the
 *        simulated days [start_day, start_day + days) touch. Weekly outputs are
 *        recorded on these weeks, so runs starting on different days share their week
 *        labels and compare with the published weeks without hand alignment.
 *
 * Week k runs from the Monday calweek_monday(start_day, k) to the following Sunday.
 * Week 0 is the week holding the start date; it is partial unless the start is a
 * Monday. The last week is partial unless the horizon ends on a Sunday. Days are day
 * numbers (days since 1970-01-01, date.h); `day` arguments below are simulated-day
 * offsets (0 = the start date) where named so.
 */
#ifndef CHANSIM_CALWEEK_H
#define CHANSIM_CALWEEK_H

#include <stdbool.h>

/** Days in a calendar week. */
enum { CALWEEK_DAYS = 7 };

/** Calendar weeks touched by `days` (>= 1) simulated days from day number start_day. */
int calweek_count(int start_day, int days);

/** The week (0-based) of simulated day `offset` (0 = the start date) of a horizon from start_day. */
int calweek_index(int start_day, int offset);

/** The Monday (day number) of week k of a horizon from start_day. */
int calweek_monday(int start_day, int k);

/**
 * The simulated days of week k of a horizon of `days` days from start_day, as day
 * numbers [*first, *end): the Monday or the start date, to the day after the Sunday or
 * the horizon's end.
 */
void calweek_span(int start_day, int days, int k, int *first, int *end);

/** Simulated days in week k (1..7). */
int calweek_days(int start_day, int days, int k);

/** Whether week k has fewer than 7 simulated days (a partial first or last week). */
bool calweek_partial(int start_day, int days, int k);

#endif
