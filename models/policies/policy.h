/**
 * @file policy.h
 * @brief Date windows that switch a policy on and off within a run, so one run can
 *        replay a period with the policies in force at each date.
 */
#ifndef CHANSIM_POLICY_H
#define CHANSIM_POLICY_H

#include "sim/engine/config.h"

/** A policy is in force on day d when start <= d < end (day numbers; CFG_DATE_NEVER = never). */
typedef struct {
    int start; /**< first day in force, day number, or CFG_DATE_NEVER (never starts) */
    int end;   /**< first day no longer in force, day number, or CFG_DATE_NEVER (never ends) */
} policy_window;

static inline int policy_active(policy_window w, int day) { return day >= w.start && day < w.end; }

/** Two cfg_param rows for the window of a policy in `section`, stored at `offset` in the bound struct. */
#define POLICY_WINDOW_PARAMS(section, offset, what)                                                       \
    {section, "start", CFG_DATE, (offset) + offsetof(policy_window, start), 0, 0, CFG_DATE_NEVER, "never", \
     "date", "first day " what " is in force (YYYY-MM-DD, or never)", "scenario choice"},                 \
    {section, "end", CFG_DATE, (offset) + offsetof(policy_window, end), 0, 0, CFG_DATE_NEVER, "never",     \
     "date", "first day " what " is no longer in force (YYYY-MM-DD, or never)", "scenario choice"}

#endif
