/**
 * @file periods.h
 * @brief The periods a forecast is scored on inside a window of dates: calendar
 *        weeks (Monday to Sunday, as the Home Office's SB_02 table counts them, each
 *        labelled by its Monday), calendar months, and the whole window. A period
 *        that the window cuts is kept, with only the days inside the window, and
 *        flagged partial.
 */
#ifndef CHANSIM_PERIODS_H
#define CHANSIM_PERIODS_H

#include <stddef.h>

#include "sim/engine/status.h"

/** Kinds of scored period. */
typedef enum { PER_WEEK, PER_MONTH, PER_WINDOW, PER_KINDS } per_kind;

/** Their names in CSV files: "week", "month", "window". */
extern const char *const per_kind_names[PER_KINDS];

/** Length of a calendar week, days. */
enum { PER_WEEK_DAYS = 7 };

/** One period [first, end) of day numbers (days since 1970-01-01). */
typedef struct {
    per_kind kind;   /**< week, month or whole window */
    char label[24];  /**< the week's Monday "2024-01-01", the month "2024-01", or "window" */
    int first;       /**< first day inside the window, day number */
    int end;         /**< first day after it, day number */
    int partial;     /**< 1 if the window cuts the calendar week or month, else 0 (always 0 for the window) */
} per_period;

/** Day number of the Monday on or before `day` (1970-01-05, day 4, was a Monday). */
int per_week_monday(int day);

/**
 * The periods of `kind` that overlap the window [first, end), in order, clipped to
 * it. *out is a new array of *n periods (free with free()). Errors: end <= first
 * (SIM_ERR_INTERNAL), no memory.
 */
sim_status per_list(per_kind kind, int first, int end, per_period **out, size_t *n);

#endif
