/**
 * @file calweek.c
 * @brief Calendar weeks (Monday to Sunday) of a horizon (see calweek.h).
 */
#include "sim/engine/calweek.h"

#include "sim/engine/date.h"

/* Days of week 0 before the start date: 0 for a Monday start, 6 for a Sunday one. */
static int lead_days(int start_day) { return start_day - cfg_date_monday(start_day); }

int calweek_count(int start_day, int days)
{
    return (lead_days(start_day) + days + CALWEEK_DAYS - 1) / CALWEEK_DAYS;
}

int calweek_index(int start_day, int offset) { return (lead_days(start_day) + offset) / CALWEEK_DAYS; }

int calweek_monday(int start_day, int k) { return cfg_date_monday(start_day) + CALWEEK_DAYS * k; }

void calweek_span(int start_day, int days, int k, int *first, int *end)
{
    int a = calweek_monday(start_day, k), b = a + CALWEEK_DAYS;
    *first = a < start_day ? start_day : a;
    *end = b > start_day + days ? start_day + days : b;
}

int calweek_days(int start_day, int days, int k)
{
    int a, b;
    calweek_span(start_day, days, k, &a, &b);
    return b - a;
}

bool calweek_partial(int start_day, int days, int k) { return calweek_days(start_day, days, k) < CALWEEK_DAYS; }
