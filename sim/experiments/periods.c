/**
 * @file periods.c
 * @brief Calendar weeks (Monday-Sunday), months and the window, clipped to a window.
 */
#include "sim/experiments/periods.h"

#include <stdio.h>
#include <stdlib.h>

#include "sim/engine/config.h"

const char *const per_kind_names[PER_KINDS] = {"week", "month", "window"};

int per_week_monday(int day) { return cfg_date_monday(day); }

/* First day of the calendar month after the one holding `day`. */
static int next_month(int day)
{
    int y = cfg_date_year(day), m = cfg_date_month(day);
    return cfg_date_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
}

/* First day of the calendar month holding `day`. */
static int month_first(int day)
{
    return cfg_date_from_civil(cfg_date_year(day), cfg_date_month(day), 1);
}

sim_status per_list(per_kind kind, int first, int end, per_period **out, size_t *n)
{
    if (!out || !n || end <= first || kind < 0 || kind >= PER_KINDS)
        return SIM_FAIL(SIM_ERR_INTERNAL, "per_list: bad argument");
    *out = NULL;
    *n = 0;
    /* weeks: one per 7 days plus the two a window can cut; months: fewer */
    size_t cap = kind == PER_WINDOW ? 1 : (size_t)(end - first) / PER_WEEK_DAYS + 2;
    per_period *p;
    SIM_CALLOC(p, cap);
    size_t k = 0;
    if (kind == PER_WINDOW) {
        p[k++] = (per_period){.kind = PER_WINDOW, .label = "window", .first = first, .end = end};
    } else {
        int a = kind == PER_WEEK ? per_week_monday(first) : month_first(first);
        while (a < end) {
            int b = kind == PER_WEEK ? a + PER_WEEK_DAYS : next_month(a);
            per_period *q = &p[k++];
            *q = (per_period){.kind = kind, .first = a < first ? first : a, .end = b > end ? end : b};
            q->partial = a < first || b > end;
            if (kind == PER_WEEK) cfg_format_date(a, q->label, sizeof q->label);
            else snprintf(q->label, sizeof q->label, "%04d-%02d", cfg_date_year(a), cfg_date_month(a));
            a = b;
        }
    }
    *out = p;
    *n = k;
    return SIM_OK;
}
