/**
 * @file naive.c
 * @brief The two naive forecasts of naive.h.
 */
#include "sim/experiments/naive.h"

#include <math.h>
#include <stdio.h>

#include "sim/engine/config.h"
#include "sim/engine/status.h"

const char *const naive_names[NAIVE_COUNT] = {"naive_last_year", "naive_seasonal"};

enum { MONTHS = 12 };

/* Sum of obs over day numbers [a, b), NaN unless the record holds them all. */
static double sum_days(const double *obs, int first_day, int days, int a, int b)
{
    if (a < first_day || b > first_day + days || b < a) return NAN;
    double s = 0;
    for (int d = a; d < b; d++) s += obs[d - first_day];
    return s;
}

static int jan1(int year)
{
    return cfg_date_from_civil(year, 1, 1);
}

static int days_in_month(int year, int month)
{
    static const int len[MONTHS] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return len[month - 1] + (month == 2 && leap);
}

static double last_year(const double *obs, int first_day, int days, int a, int b, int origin)
{
    int k = 1;
    while (b - NAIVE_YEAR_LAG_DAYS * k > origin) k++;
    return sum_days(obs, first_day, days, a - NAIVE_YEAR_LAG_DAYS * k, b - NAIVE_YEAR_LAG_DAYS * k);
}

static double seasonal(const double *obs, int first_day, int days, int a, int b, int origin)
{
    int p = cfg_date_year(origin) - 1; /* 1 January of the origin's year is <= origin: year p has ended */
    double total = sum_days(obs, first_day, days, jan1(p), jan1(p + 1));
    if (isnan(total)) return NAN;
    double share[MONTHS] = {0};
    int years = 0;
    for (int y = p; jan1(y) >= first_day; y--) {
        double t = sum_days(obs, first_day, days, jan1(y), jan1(y + 1));
        if (!(t > 0)) continue;
        int d = jan1(y);
        for (int m = 1; m <= MONTHS; m++) {
            int len = days_in_month(y, m);
            share[m - 1] += sum_days(obs, first_day, days, d, d + len) / t;
            d += len;
        }
        years++;
    }
    if (years == 0) return NAN;
    double f = 0;
    for (int d = a; d < b; d++) {
        int y = cfg_date_year(d), m = cfg_date_month(d);
        f += share[m - 1] / years / days_in_month(y, m);
    }
    return total * f;
}

double naive_forecast(naive_kind k, const double *obs, int first_day, int days, int a, int b, int origin)
{
    if (!obs || b <= a) return NAN;
    switch (k) {
    case NAIVE_LAST_YEAR: return last_year(obs, first_day, days, a, b, origin);
    case NAIVE_SEASONAL: return seasonal(obs, first_day, days, a, b, origin);
    default: return NAN;
    }
}
